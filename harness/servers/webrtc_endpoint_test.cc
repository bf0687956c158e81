// The WebRTC endpoint over real UDP sockets on loopback: a publisher and a subscriber made
// of a STUN check and an in-memory DTLS client each, as a browser would, and the faults
// that act on transports. Real time on loopback; every wait is bounded (test_clients.h).
#include <gmock/gmock.h>

#include <boost/asio/ip/udp.hpp>

#include "harness/common/file_io.h"
#include "harness/servers/server_set.h"
#include "harness/servers/test_await.h"
#include "harness/servers/test_clients.h"
#include "harness/service/service.h"
#include "harness/stun/stun.h"
#include "harness/webrtc/packet.h"
#include "harness/webrtc/sdp.h"
#include "harness/webrtc/srtp.h"
#include "harness/webrtc/testing/dtls_client.h"

namespace trtc::servers::testing {
namespace {

using udp = net::ip::udp;
using ::testing::HasSubstr;
namespace sdp = webrtc::sdp;

std::string Attribute(const std::string& answer, const std::string& name) {
  auto at = answer.find("a=" + name + ":");
  if (at == std::string::npos) return {};
  at += name.size() + 3;
  return answer.substr(at, answer.find("\r\n", at) - at);
}

std::string RtpPacket(std::uint32_t ssrc, int payload_type, std::uint16_t sequence) {
  std::string packet = {static_cast<char>(0x80),
                        static_cast<char>(payload_type),
                        static_cast<char>(sequence >> 8),
                        static_cast<char>(sequence & 0xff),
                        0,
                        0,
                        0,
                        1};
  for (int shift : {24, 16, 8, 0}) packet.push_back(static_cast<char>((ssrc >> shift) & 0xff));
  return packet + "frame bytes";
}

// One browser-side transport: its own UDP socket, ICE credentials and DTLS client.
class Peer {
 public:
  Peer(net::io_context& io, std::uint16_t endpoint_port) : io_(io), socket_(io), port_(endpoint_port) {
    socket_.open(udp::v4());
    socket_.bind(udp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  }

  // The fixture's vendor offer, with this peer's credentials and fingerprint.
  sdp::SessionDescription Offer() {
    std::string text =
        ReadFile(std::string(TRTC_FIXTURES_DIR) + "/vendor/trtc-js-sdk-4.15.22-publish-offer.sdp").value_or("");
    const std::string fingerprint = Attribute(text, "fingerprint").substr(8);  // after "sha-256 "
    for (auto at = text.find(fingerprint); at != std::string::npos; at = text.find(fingerprint))
      text.replace(at, fingerprint.size(), dtls.fingerprint);
    auto parsed = sdp::ParseOffer(text);
    EXPECT_TRUE(std::holds_alternative<sdp::SessionDescription>(parsed));
    return std::get<sdp::SessionDescription>(parsed);
  }

  void Answered(const std::string& answer) {
    ufrag_ = Attribute(answer, "ice-ufrag");
    pwd_ = Attribute(answer, "ice-pwd");
  }

  void Send(const std::string& datagram) {
    socket_.send_to(net::buffer(datagram), udp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  }
  void Check() { Send(stun::EncodeBindingRequest({9, 9, 9}, stun::CheckOptions{ufrag_ + ":Vq3x", pwd_, true})); }

  // True when nothing arrives within `quiet`: for faults that make the endpoint silent.
  // (Silence cannot be proven by waiting; a stall never answers, so this cannot flake.)
  bool NothingWithin(std::chrono::milliseconds quiet) {
    std::array<char, 4096> buffer{};
    udp::endpoint from;
    bool received = false;
    socket_.async_receive_from(net::buffer(buffer), from, [&received](auto error, std::size_t) { received = !error; });
    io_.restart();
    io_.run_for(quiet);
    socket_.cancel();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(50));  // the cancelled receive completes
    return !received;
  }

  // The next datagram, or empty when none comes within the guard time.
  std::string Receive() {
    std::array<char, 4096> buffer{};
    udp::endpoint from;
    std::size_t n = 0;
    auto ec = Await(io_, [&](auto h) {
      socket_.async_receive_from(net::buffer(buffer), from, [&n, h](auto error, std::size_t size) mutable {
        n = size;
        h(error);
      });
    });
    return ec ? std::string() : std::string(buffer.data(), n);
  }

  // A valid check, then the DTLS handshake to completion, then SRTP both ways.
  void Connect() {
    Check();
    auto reply = stun::Parse(Receive());
    ASSERT_TRUE(std::holds_alternative<stun::Message>(reply));
    ASSERT_EQ(std::get<stun::Message>(reply).type, stun::kBindingSuccess);
    std::vector<std::string> from_endpoint;
    for (int round = 0; round < 10 && !dtls.connected; ++round) {
      std::string flight = dtls.Step(from_endpoint);
      from_endpoint.clear();
      if (flight.empty()) continue;
      Send(flight);
      if (std::string datagram = Receive(); !datagram.empty()) from_endpoint.push_back(datagram);
    }
    ASSERT_TRUE(dtls.connected);
    std::string error;
    outbound_ = webrtc::SrtpSession::Create(webrtc::SrtpSession::Direction::kOutbound, dtls.ClientKeySalt(), error);
    inbound_ = webrtc::SrtpSession::Create(webrtc::SrtpSession::Direction::kInbound, dtls.ServerKeySalt(), error);
    ASSERT_TRUE(outbound_ && inbound_) << error;
  }

  void SendRtp(std::string packet) {
    ASSERT_TRUE(outbound_->ProtectRtp(packet));
    Send(packet);
  }

  // The next RTP packet, decrypted (skipping RTCP), or empty.
  std::string ReceiveRtp() {
    for (int i = 0; i < 10; ++i) {
      std::string datagram = Receive();
      if (datagram.empty()) return {};
      if (webrtc::Classify(datagram) != webrtc::PacketClass::kRtp) continue;
      EXPECT_TRUE(inbound_->UnprotectRtp(datagram));
      return datagram;
    }
    return {};
  }

  webrtc::testing::DtlsClient dtls;

 private:
  net::io_context& io_;
  udp::socket socket_;
  std::uint16_t port_;
  std::string ufrag_, pwd_;
  std::unique_ptr<webrtc::SrtpSession> outbound_, inbound_;
};

class WebRtcEndpointTest : public ServersTest {
 protected:
  void SetUp() override {
    ServersTest::SetUp();
    ASSERT_NE(servers_, nullptr);
    plane_ = servers_->service().media_plane();
    ASSERT_NE(plane_, nullptr);
  }

  std::string Answer(service::MediaAnswer answer) {
    EXPECT_TRUE(std::holds_alternative<std::string>(answer));
    return std::holds_alternative<std::string>(answer) ? std::get<std::string>(answer) : std::string();
  }

  void AddMediaFault(const std::string& on, faults::ActionKind kind) {
    faults::Fault fault;
    fault.trigger.server = "media";
    fault.trigger.on = on;
    fault.action.kind = kind;
    servers_->faults().Add(fault, 0);
  }

  bool Journalled(const std::string& type) {
    for (const auto& entry : servers_->journal().Entries())
      if (entry.server == "media" && entry.type == type) return true;
    return false;
  }

  const service::MediaStreamKey alice_{"1400000001/n/8080", "alice", wire::StreamKind::kMain};
  service::MediaPlane* plane_ = nullptr;
  net::io_context io_;
};

TEST_F(WebRtcEndpointTest, ForwardsAPublishersMediaToASubscriberUnderTheAnnouncedSsrc) {
  Peer alice(io_, servers_->port("webrtc"));
  const std::string publish_answer = Answer(plane_->Publish(alice_, alice.Offer()));
  EXPECT_THAT(publish_answer, HasSubstr("a=candidate:1 1 udp 2130706431 127.0.0.1 " +
                                        std::to_string(servers_->port("webrtc")) + " typ host"));
  alice.Answered(publish_answer);
  ASSERT_NO_FATAL_FAILURE(alice.Connect());

  Peer bob(io_, servers_->port("webrtc"));
  const std::string subscribe_answer = Answer(plane_->Subscribe(alice_, "bob", bob.Offer()));
  EXPECT_THAT(subscribe_answer, HasSubstr("a=ssrc:131073 msid:5Y2wZK8nANNAoVw6dSAHVjNxrD1ObBM2kBPV"));
  bob.Answered(subscribe_answer);
  ASSERT_NO_FATAL_FAILURE(bob.Connect());

  // Alice's main video: SSRC 1002 in her offer, H.264 on the payload type the answer kept.
  const auto video = sdp::AcceptedCodecs(alice.Offer().media[1]).front().payload_type;
  alice.SendRtp(RtpPacket(1002, video, 7));
  std::string forwarded = bob.ReceiveRtp();
  ASSERT_FALSE(forwarded.empty());
  auto header = webrtc::ParseRtpHeader(forwarded);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->ssrc, 0x00020001u);
  EXPECT_EQ(header->payload_type, video);
  EXPECT_EQ(header->sequence, 7);
  EXPECT_TRUE(Journalled("dtls.connected"));
  EXPECT_TRUE(Journalled("media.first-packet"));
  // What the control API lists (GET /media): alice's transport counted the packet.
  auto transports = plane_->Transports();
  ASSERT_EQ(transports.size(), 2u);
  EXPECT_EQ(transports[0].stream.user_id, "alice");
  EXPECT_EQ(transports[0].subscriber, "");
  EXPECT_EQ(transports[0].state, "dtls-connected");
  EXPECT_EQ(transports[0].packets, 1u);
  EXPECT_EQ(transports[0].last_packet_ms, 1'700'000'000'000);
  EXPECT_EQ(transports[1].subscriber, "bob");
  EXPECT_EQ(transports[1].packets, 0u);
}

TEST_F(WebRtcEndpointTest, AConnectCloseFaultRefusesEveryCheck) {
  AddMediaFault("connect", faults::ActionKind::kClose);
  Peer alice(io_, servers_->port("webrtc"));
  alice.Answered(Answer(plane_->Publish(alice_, alice.Offer())));
  for (int check = 0; check < 2; ++check) {
    alice.Check();
    auto reply = stun::Parse(alice.Receive());
    ASSERT_TRUE(std::holds_alternative<stun::Message>(reply));
    EXPECT_EQ(std::get<stun::Message>(reply).type, stun::kBindingError);
  }
  EXPECT_EQ(plane_->Transports().at(0).state, "refused");
}

TEST_F(WebRtcEndpointTest, AMediaOpenStallKeepsTheHandshakeFromEverCompleting) {
  AddMediaFault("media.open", faults::ActionKind::kStall);
  Peer alice(io_, servers_->port("webrtc"));
  alice.Answered(Answer(plane_->Publish(alice_, alice.Offer())));
  alice.Check();
  ASSERT_FALSE(alice.Receive().empty());                             // ICE works
  alice.Send(alice.dtls.Step({}));                                   // the ClientHello
  EXPECT_TRUE(alice.NothingWithin(std::chrono::milliseconds(300)));  // no ServerHello
  EXPECT_FALSE(alice.dtls.connected);
}

TEST_F(WebRtcEndpointTest, AnOfferWithAnotherHashIsRefused) {
  Peer alice(io_, servers_->port("webrtc"));
  auto offer = alice.Offer();
  for (auto& section : offer.media) section.fingerprint_algorithm = "sha-1";
  auto answer = plane_->Publish(alice_, offer);
  ASSERT_TRUE(std::holds_alternative<service::MediaRefusal>(answer));
  EXPECT_EQ(std::get<service::MediaRefusal>(answer).code, 90108);
}

}  // namespace
}  // namespace trtc::servers::testing
