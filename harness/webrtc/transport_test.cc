#include "harness/webrtc/transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/webrtc/packet.h"
#include "harness/webrtc/testing/dtls_client.h"

namespace trtc::webrtc {
namespace {

using ::testing::HasSubstr;
using webrtc::testing::DtlsClient;

const stun::Endpoint kBrowser{"127.0.0.1", 50000};

std::shared_ptr<const DtlsContext> ServerContext() {
  std::string error;
  auto context = DtlsContext::Create(*GenerateSelfSigned(), error);
  EXPECT_TRUE(context) << error;
  return context;
}

std::string Check(const std::string& username, const std::string& password, bool nominate = true) {
  return stun::EncodeBindingRequest({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                                    stun::CheckOptions{username, password, nominate});
}

std::string RtpPacket(std::uint32_t ssrc, std::uint16_t sequence) {
  std::string packet = {char(0x80), char(102), char(sequence >> 8), char(sequence & 0xff), 0, 0, 0, 1};
  for (int shift : {24, 16, 8, 0}) packet.push_back(char((ssrc >> shift) & 0xff));
  packet += "payload bytes";
  return packet;
}

class TransportTest : public ::testing::Test {
 protected:
  TransportTest() : transport({"srvU", "server-password-0123456789", "brwU", client.fingerprint}, ServerContext()) {}

  // A valid nominating check, then the handshake to completion.
  void Connect() {
    auto step = transport.Receive(Check("srvU:brwU", "server-password-0123456789"), kBrowser);
    ASSERT_EQ(step.kind, TransportStep::Kind::kBinding) << step.reason;
    std::vector<std::string> from_server;
    for (int round = 0; round < 10 && !client.connected; ++round) {
      std::string flight = client.Step(from_server);
      from_server.clear();
      if (flight.empty()) continue;
      auto dtls = transport.Receive(flight, kBrowser);
      ASSERT_EQ(dtls.kind, TransportStep::Kind::kDtls) << dtls.reason;
      from_server = dtls.replies;
    }
    ASSERT_TRUE(client.connected);
    ASSERT_EQ(transport.dtls_state(), DtlsServer::State::kConnected) << transport.dtls_failure();
  }

  DtlsClient client;
  Transport transport;
};

TEST_F(TransportTest, AnswersAValidCheckWithIntegrityAndNominatesItsAddress) {
  auto step = transport.Receive(Check("srvU:brwU", "server-password-0123456789"), kBrowser);
  ASSERT_EQ(step.kind, TransportStep::Kind::kBinding) << step.reason;
  EXPECT_TRUE(step.nominated);
  ASSERT_EQ(step.replies.size(), 1u);
  auto reply = stun::Parse(step.replies[0]);
  ASSERT_TRUE(std::holds_alternative<stun::Message>(reply));
  const auto& message = std::get<stun::Message>(reply);
  EXPECT_EQ(message.type, stun::kBindingSuccess);
  EXPECT_TRUE(stun::IntegrityMatches(step.replies[0], message, "server-password-0123456789"));
  EXPECT_EQ(stun::XorMappedAddress(message), kBrowser);
  EXPECT_EQ(transport.peer(), kBrowser);
}

TEST_F(TransportTest, RefusesChecksWithWrongCredentials) {
  auto wrong_password = transport.Receive(Check("srvU:brwU", "not-the-password-0123456"), kBrowser);
  EXPECT_EQ(wrong_password.kind, TransportStep::Kind::kBindingRefused);
  auto wrong_user = transport.Receive(Check("srvU:other", "server-password-0123456789"), kBrowser);
  EXPECT_EQ(wrong_user.kind, TransportStep::Kind::kBindingRefused);
  ASSERT_EQ(wrong_user.replies.size(), 1u);
  EXPECT_EQ(std::get<stun::Message>(stun::Parse(wrong_user.replies[0])).type, stun::kBindingError);
  EXPECT_FALSE(transport.ice_connected());
}

TEST_F(TransportTest, IgnoresDtlsAndSrtpBeforeAValidCheck) {
  auto dtls = transport.Receive(client.Step({}), kBrowser);
  EXPECT_EQ(dtls.kind, TransportStep::Kind::kDiscarded);
  EXPECT_THAT(dtls.reason, HasSubstr("no valid connectivity check"));
  auto rtp = transport.Receive(RtpPacket(5, 1), kBrowser);
  EXPECT_EQ(rtp.kind, TransportStep::Kind::kDiscarded);
}

TEST_F(TransportTest, HandshakeExportsKeysThatDecryptTheBrowsersSrtp) {
  ASSERT_NO_FATAL_FAILURE(Connect());
  std::string error;
  auto browser_out = SrtpSession::Create(SrtpSession::Direction::kOutbound, client.ClientKeySalt(), error);
  ASSERT_TRUE(browser_out) << error;
  std::string packet = RtpPacket(0xCAFE, 7);
  std::string encrypted = packet;
  ASSERT_TRUE(browser_out->ProtectRtp(encrypted));
  ASSERT_NE(encrypted, packet);
  auto step = transport.Receive(encrypted, kBrowser);
  ASSERT_EQ(step.kind, TransportStep::Kind::kRtp) << step.reason;
  EXPECT_EQ(step.media, packet);
  EXPECT_EQ(ParseRtpHeader(step.media)->ssrc, 0xCAFEu);
  // Replayed: refused.
  EXPECT_EQ(transport.Receive(encrypted, kBrowser).kind, TransportStep::Kind::kDiscarded);
  // And the other way: what the endpoint protects, the browser decrypts.
  auto browser_in = SrtpSession::Create(SrtpSession::Direction::kInbound, client.ServerKeySalt(), error);
  ASSERT_TRUE(browser_in) << error;
  auto forwarded = transport.ProtectRtp(RtpPacket(0xBEEF, 9));
  ASSERT_TRUE(forwarded);
  ASSERT_TRUE(browser_in->UnprotectRtp(*forwarded));
  EXPECT_EQ(*forwarded, RtpPacket(0xBEEF, 9));
}

TEST_F(TransportTest, SrtpFromAnotherAddressIsDiscarded) {
  ASSERT_NO_FATAL_FAILURE(Connect());
  std::string error;
  auto browser_out = SrtpSession::Create(SrtpSession::Direction::kOutbound, client.ClientKeySalt(), error);
  std::string encrypted = RtpPacket(1, 1);
  ASSERT_TRUE(browser_out->ProtectRtp(encrypted));
  EXPECT_EQ(transport.Receive(encrypted, {"127.0.0.1", 50001}).kind, TransportStep::Kind::kDiscarded);
}

TEST(TransportFingerprint, AHandshakeWithAnotherCertificateFails) {
  DtlsClient client;
  Transport transport({"srvU", "server-password-0123456789", "brwU", "00:11"}, ServerContext());
  ASSERT_EQ(transport.Receive(Check("srvU:brwU", "server-password-0123456789"), kBrowser).kind,
            TransportStep::Kind::kBinding);
  std::vector<std::string> from_server;
  for (int round = 0; round < 10 && transport.dtls_state() == DtlsServer::State::kHandshaking; ++round) {
    std::string flight = client.Step(from_server);
    if (!flight.empty()) from_server = transport.Receive(flight, kBrowser).replies;
  }
  EXPECT_EQ(transport.dtls_state(), DtlsServer::State::kFailed);
  EXPECT_THAT(transport.dtls_failure(), HasSubstr("is not the SDP's 00:11"));
}

}  // namespace
}  // namespace trtc::webrtc
