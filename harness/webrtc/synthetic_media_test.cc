#include "harness/webrtc/synthetic_media.h"

#include <gtest/gtest.h>

#include "harness/common/file_io.h"
#include "harness/webrtc/packet.h"

namespace trtc::webrtc {
namespace {

TEST(SyntheticMedia, TheKeyFrameIsTheFixture) {
  auto fixture = ReadFile(std::string(TRTC_FIXTURES_DIR) + "/media/keyframe-64x48.h264");
  ASSERT_TRUE(fixture);
  EXPECT_EQ(SyntheticKeyFrame(), *fixture);
}

TEST(SyntheticMedia, AKeyFrameIsOnePacketPerNalUnitWithTheMarkerOnTheLast) {
  RtpStreamState video{102, 0x00020001, 65535, 1000};
  auto packets = NextKeyFramePackets(video);
  ASSERT_EQ(packets.size(), 3u);  // SPS, PPS, IDR
  const int nal_types[] = {7, 8, 5};
  for (std::size_t i = 0; i < packets.size(); ++i) {
    auto header = ParseRtpHeader(packets[i]);
    ASSERT_TRUE(header);
    EXPECT_EQ(header->payload_type, 102);
    EXPECT_EQ(header->ssrc, 0x00020001u);
    EXPECT_EQ(header->timestamp, 1000u);
    EXPECT_EQ(header->sequence, static_cast<std::uint16_t>(65535 + i));
    EXPECT_EQ(header->marker, i == 2);
    EXPECT_EQ(packets[i][header->header_length] & 0x1F, nal_types[i]);
  }
  EXPECT_EQ(video.timestamp, 10000u);
  EXPECT_EQ(video.sequence, 2);
}

TEST(SyntheticMedia, SilenceIsTwentyMillisecondsOfOpus) {
  RtpStreamState audio{111, 0x00010001, 0, 0};
  auto first = NextSilencePacket(audio);
  auto second = NextSilencePacket(audio);
  EXPECT_EQ(ParseRtpHeader(second)->timestamp - ParseRtpHeader(first)->timestamp, 960u);
  EXPECT_EQ(first.substr(12), "\xF8\xFF\xFE");
}

}  // namespace
}  // namespace trtc::webrtc
