#include "harness/webrtc/synthetic_media.h"

#include <array>

namespace trtc::webrtc {
namespace {

// fixtures/media/keyframe-64x48.h264, byte for byte (synthetic_media_test checks it).
constexpr std::array<unsigned char, 49> kKeyFrame = {
    0x00, 0x00, 0x00, 0x01, 0x67, 0x42, 0xC0, 0x0A, 0x8C, 0x8D, 0x42, 0x39, 0x37, 0x01, 0x0D, 0x01, 0x07,
    0x84, 0x42, 0x35, 0x00, 0x00, 0x00, 0x01, 0x68, 0xCE, 0x3C, 0x80, 0x00, 0x00, 0x00, 0x01, 0x65, 0xB8,
    0x00, 0x04, 0x00, 0x00, 0x79, 0x39, 0x39, 0x39, 0x3A, 0xEB, 0xAE, 0xBA, 0xEB, 0xAE, 0xBC};

std::string Header(const RtpStreamState& stream, bool marker) {
  std::string packet = {static_cast<char>(0x80), static_cast<char>((marker ? 0x80 : 0) | stream.payload_type)};
  for (int shift : {8, 0}) packet.push_back(static_cast<char>((stream.sequence >> shift) & 0xFF));
  for (std::uint32_t word : {stream.timestamp, stream.ssrc})
    for (int shift : {24, 16, 8, 0}) packet.push_back(static_cast<char>((word >> shift) & 0xFF));
  return packet;
}

// The NAL units between Annex B start codes.
std::vector<std::string_view> NalUnits(std::string_view annex_b) {
  std::vector<std::string_view> units;
  constexpr std::string_view kStart("\0\0\0\1", 4);
  std::size_t at = annex_b.find(kStart);
  while (at != std::string_view::npos) {
    const std::size_t begin = at + kStart.size();
    at = annex_b.find(kStart, begin);
    units.push_back(annex_b.substr(begin, at == std::string_view::npos ? std::string_view::npos : at - begin));
  }
  return units;
}

}  // namespace

std::string_view SyntheticKeyFrame() {
  return std::string_view(reinterpret_cast<const char*>(kKeyFrame.data()), kKeyFrame.size());
}

std::string NextSilencePacket(RtpStreamState& stream) {
  std::string packet = Header(stream, false);
  packet += {static_cast<char>(0xF8), static_cast<char>(0xFF), static_cast<char>(0xFE)};  // Opus: 20 ms of silence
  ++stream.sequence;
  stream.timestamp += 960;
  return packet;
}

std::vector<std::string> NextKeyFramePackets(RtpStreamState& stream) {
  std::vector<std::string> packets;
  const auto units = NalUnits(SyntheticKeyFrame());
  for (std::size_t i = 0; i < units.size(); ++i) {
    packets.push_back(Header(stream, i + 1 == units.size()) + std::string(units[i]));
    ++stream.sequence;
  }
  stream.timestamp += 9000;
  return packets;
}

}  // namespace trtc::webrtc
