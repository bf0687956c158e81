#include "harness/webrtc/packet.h"

#include <gtest/gtest.h>

namespace trtc::webrtc {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(PacketClassify, FollowsRfc7983) {
  EXPECT_EQ(Classify(Bytes({0x00, 0x01})), PacketClass::kStun);
  EXPECT_EQ(Classify(Bytes({22, 0xfe})), PacketClass::kDtls);
  EXPECT_EQ(Classify(Bytes({0x80, 102})), PacketClass::kRtp);
  EXPECT_EQ(Classify(Bytes({0x80, 0x80 | 102})), PacketClass::kRtp);  // marker bit set
  EXPECT_EQ(Classify(Bytes({0x80, 200})), PacketClass::kRtcp);        // SR
  EXPECT_EQ(Classify(Bytes({0x81, 206})), PacketClass::kRtcp);        // PLI
  EXPECT_EQ(Classify(Bytes({0x80})), PacketClass::kUnknown);
  EXPECT_EQ(Classify(Bytes({70})), PacketClass::kUnknown);
  EXPECT_EQ(Classify(""), PacketClass::kUnknown);
}

TEST(PacketRtp, ReadsTheHeaderWithCsrcsAndExtension) {
  // V=2, X=1, CC=1, M=1 PT=96, seq 0x0102, ts 0x0a0b0c0d, ssrc 0x11223344, one CSRC,
  // extension profile 0xBEDE with one word, two payload bytes.
  auto packet = Bytes(
      {0x91, 0xE0, 1, 2, 10, 11, 12, 13, 0x11, 0x22, 0x33, 0x44, 0, 0, 0, 9, 0xBE, 0xDE, 0, 1, 1, 2, 3, 4, 0xAA, 0xBB});
  auto header = ParseRtpHeader(packet);
  ASSERT_TRUE(header);
  EXPECT_TRUE(header->marker);
  EXPECT_EQ(header->payload_type, 96);
  EXPECT_EQ(header->sequence, 0x0102);
  EXPECT_EQ(header->timestamp, 0x0a0b0c0du);
  EXPECT_EQ(header->ssrc, 0x11223344u);
  EXPECT_EQ(header->header_length, 24u);
}

TEST(PacketRtp, RefusesWhatDoesNotAddUp) {
  EXPECT_FALSE(ParseRtpHeader(Bytes({0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0})));        // 11 bytes
  EXPECT_FALSE(ParseRtpHeader(Bytes({0x40, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1})));     // version 1
  EXPECT_FALSE(ParseRtpHeader(Bytes({0x82, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0})));  // 2 CSRCs missing
  EXPECT_FALSE(ParseRtpHeader(Bytes({0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 5})));
  EXPECT_FALSE(ParseRtpHeader(Bytes({0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 7, 9})));  // padding 9 > payload
  EXPECT_FALSE(ParseRtpHeader(Bytes({0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0})));     // padding 0
}

TEST(PacketRtcp, WalksACompoundPacket) {
  // RR (no report blocks) then PLI for media ssrc 0x0000BEEF.
  auto packet = Bytes({0x80, 201, 0, 1, 0, 0, 0, 7, 0x81, 206, 0, 2, 0, 0, 0, 7, 0, 0, 0xBE, 0xEF});
  auto blocks = ParseRtcp(packet);
  ASSERT_TRUE(blocks);
  ASSERT_EQ(blocks->size(), 2u);
  EXPECT_EQ((*blocks)[0].type, 201);
  EXPECT_EQ((*blocks)[1].type, 206);
  EXPECT_EQ((*blocks)[1].count, 1);
  EXPECT_EQ((*blocks)[1].media_ssrc, 0xBEEFu);
  EXPECT_FALSE(ParseRtcp(packet.substr(0, 19)));
  EXPECT_FALSE(ParseRtcp(""));
  // A 4-byte block (length 0) has no sender SSRC of its own (found by the rtp_packet fuzzer).
  EXPECT_FALSE(ParseRtcp(Bytes({0x80, 203, 0, 0, 0x80, 201, 0, 1, 0, 0, 0, 7})));
}

}  // namespace
}  // namespace trtc::webrtc
