// Media the endpoint makes itself for subscribers of publishers without WebRTC (clients of
// the open protocol, such as a scenario's peers), so a subscribed browser has audio and
// video to decode and play: Opus silence every 20 ms and a grey 64x48 H.264 key frame
// (fixtures/media/keyframe-64x48.h264, made by harness/browser_bridge/make-keyframe.mjs with
// Chromium's own encoder) ten times a second.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trtc::webrtc {

// The key frame as Annex B bytes (start codes, SPS, PPS, IDR).
[[nodiscard]] std::string_view SyntheticKeyFrame();

struct RtpStreamState {
  int payload_type = -1;  // -1: this stream is not sent
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
};

// One 20 ms Opus silence frame; advances the stream by 960 samples.
[[nodiscard]] std::string NextSilencePacket(RtpStreamState& stream);

// The key frame, one RTP packet per NAL unit (RFC 6184 single NAL unit mode), the marker on
// the last; advances the stream by 9000 ticks (100 ms at 90 kHz).
[[nodiscard]] std::vector<std::string> NextKeyFramePackets(RtpStreamState& stream);

}  // namespace trtc::webrtc
