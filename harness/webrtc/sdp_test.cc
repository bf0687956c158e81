#include "harness/webrtc/sdp.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/common/file_io.h"

namespace trtc::webrtc::sdp {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;
using testing::Not;

std::string VendorOffer() {
  auto text = ReadFile(std::string(TRTC_FIXTURES_DIR) + "/vendor/trtc-js-sdk-4.15.22-publish-offer.sdp");
  return text.value_or("");
}

SessionDescription Parsed(const std::string& text) {
  auto parsed = ParseOffer(text);
  if (auto* error = std::get_if<ParseError>(&parsed))
    ADD_FAILURE() << "line " << error->line << " " << error->field << ": " << error->reason;
  return std::get_if<SessionDescription>(&parsed) ? std::get<SessionDescription>(parsed) : SessionDescription{};
}

ParseError Refused(const std::string& text) {
  auto parsed = ParseOffer(text);
  EXPECT_TRUE(std::holds_alternative<ParseError>(parsed)) << "accepted:\n" << text;
  return std::holds_alternative<ParseError>(parsed) ? std::get<ParseError>(parsed) : ParseError{};
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

TEST(SdpOffer, TheVendorSdkOfferParses) {
  const auto offer = Parsed(VendorOffer());
  EXPECT_THAT(offer.bundle, ElementsAre("0", "1", "2", "3"));
  ASSERT_EQ(offer.media.size(), 4u);
  EXPECT_EQ(offer.media[0].kind, "audio");
  EXPECT_EQ(offer.media[1].kind, "video");
  EXPECT_EQ(offer.media[1].direction, Direction::kSendOnly);
  EXPECT_EQ(offer.media[1].ice_ufrag, "Vq3x");
  EXPECT_EQ(offer.media[1].setup, "actpass");
  EXPECT_EQ(offer.media[1].fingerprint_algorithm, "sha-256");
  EXPECT_TRUE(offer.media[1].rtcp_mux);
  ASSERT_EQ(offer.media[1].fid_groups.size(), 1u);
  EXPECT_THAT(offer.media[1].fid_groups[0], ElementsAre(1002u, 1003u));
  ASSERT_NE(offer.media[0].FindCodec(111), nullptr);
  EXPECT_EQ(offer.media[0].FindCodec(111)->channels, 2);
  EXPECT_EQ(offer.media[0].FindCodec(111)->Parameter("useinbandfec"), "1");
}

TEST(SdpOffer, AcceptsOpusAndOneH264WithItsRtx) {
  const auto offer = Parsed(VendorOffer());
  auto audio = AcceptedCodecs(offer.media[0]);
  ASSERT_EQ(audio.size(), 1u);
  EXPECT_EQ(audio[0].name, "opus");
  auto video = AcceptedCodecs(offer.media[1]);
  ASSERT_EQ(video.size(), 2u);
  EXPECT_EQ(video[0].name, "H264");
  EXPECT_EQ(video[0].Parameter("packetization-mode"), "1");
  EXPECT_EQ(video[1].name, "rtx");
  EXPECT_EQ(video[1].associated_payload_type(), video[0].payload_type);
  EXPECT_FALSE(LacksH264(offer));
}

TEST(SdpOffer, VideoWithoutH264LacksH264) {
  std::string text = VendorOffer();
  // Rename every H264 mapping: what a device without H.264 offers.
  EXPECT_TRUE(LacksH264(Parsed(ReplaceAll(text, "H264/", "VP9X/"))));
}

TEST(SdpAnswer, HoldsWhatTheSdkNeeds) {
  const auto offer = Parsed(VendorOffer());
  AnswerParameters parameters{"ufrg", "0123456789abcdefghijklmn", "AA:BB", "127.0.0.1", 40000,
                              7,      Direction::kRecvOnly,       {}};
  const std::string answer = WriteAnswer(offer, parameters);
  EXPECT_THAT(answer, HasSubstr("a=group:BUNDLE 0 1 2 3\r\n"));
  EXPECT_THAT(answer, HasSubstr("a=ice-lite\r\n"));
  EXPECT_THAT(answer, HasSubstr("a=setup:passive\r\n"));
  EXPECT_THAT(answer, HasSubstr("a=fingerprint:sha-256 AA:BB\r\n"));
  EXPECT_THAT(answer, HasSubstr("a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host\r\n"));
  EXPECT_THAT(answer, HasSubstr("a=recvonly\r\n"));
  EXPECT_THAT(answer, Not(HasSubstr("a=extmap")));
  EXPECT_THAT(answer, Not(HasSubstr("transport-cc")));
  EXPECT_THAT(answer, HasSubstr("m=audio 40000 UDP/TLS/RTP/SAVPF 111\r\n"));
  // The answer parses as a description too (with the offerer's setup role), mids in order.
  const auto reparsed = Parsed(ReplaceAll(answer, "a=setup:passive", "a=setup:active"));
  ASSERT_EQ(reparsed.media.size(), 4u);
  EXPECT_EQ(reparsed.media[3].mid, "3");
  EXPECT_TRUE(reparsed.ice_lite);
}

TEST(SdpAnswer, ASubscriptionAnnouncesThePublishersSsrcs) {
  const auto offer = Parsed(VendorOffer());
  AnswerParameters parameters{"ufrg", "0123456789abcdefghijklmn", "AA:BB", "127.0.0.1", 40000,
                              7,      Direction::kSendOnly,       {}};
  parameters.sending.push_back({"1", "alice_main", "alice_main_1", {{77, "c"}, {78, "c"}}, {{77, 78}}});
  const std::string answer = WriteAnswer(offer, parameters);
  EXPECT_THAT(answer, HasSubstr("a=ssrc-group:FID 77 78\r\n"));
  EXPECT_THAT(answer, HasSubstr("a=ssrc:77 msid:alice_main alice_main_1\r\n"));
  // mid 0 sends nothing: inactive, not sendonly.
  EXPECT_THAT(answer, HasSubstr("a=mid:0\r\na=ice-ufrag"));
  EXPECT_THAT(answer, HasSubstr("a=inactive\r\n"));
}

TEST(SdpOffer, RefusesWhatTheEndpointCannotUse) {
  const std::string good = VendorOffer();
  EXPECT_EQ(Refused("").field, "v=");
  EXPECT_EQ(Refused("v=1\r\n").field, "v=");
  EXPECT_EQ(Refused("v=0\r\nnonsense\r\n").line, 2);
  EXPECT_EQ(Refused(Replace(good, "a=group:BUNDLE 0 1 2 3", "a=group:BUNDLE 0 1 2")).field, "a=group");
  EXPECT_EQ(Refused(Replace(good, "a=setup:actpass", "a=setup:passive")).field, "a=setup");
  EXPECT_EQ(Refused(Replace(good, "a=mid:1", "a=mid:0")).field, "a=mid");
  EXPECT_EQ(Refused(Replace(good, "m=audio 9 ", "m=audio 70000 ")).field, "m=");
  EXPECT_EQ(Refused(Replace(good, "a=rtpmap:111 opus/48000/2", "a=rtpmap:112 opus/48000/2")).field, "a=rtpmap");
  EXPECT_EQ(Refused(Replace(good, "a=fmtp:111 ", "a=fmtp:55 ")).field, "a=fmtp");
  EXPECT_EQ(Refused(Replace(good, "a=ssrc-group:FID 1002 1003", "a=ssrc-group:FID 1002")).field, "a=ssrc-group");
  const auto bad_fingerprint = Refused(Replace(good, "a=fingerprint:sha-256 00:", "a=fingerprint:sha-256 0:"));
  EXPECT_EQ(bad_fingerprint.field, "a=fingerprint");
  EXPECT_EQ(bad_fingerprint.line, 14);
  EXPECT_EQ(Refused(std::string(kMaxDescriptionBytes + 1, 'a')).field, "sdp");
}

}  // namespace
}  // namespace trtc::webrtc::sdp
