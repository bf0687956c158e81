#include "harness/webrtc/packet.h"

namespace trtc::webrtc {
namespace {

std::uint16_t Read16(std::string_view data, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(data[at]) << 8) |
                                    static_cast<unsigned char>(data[at + 1]));
}

std::uint32_t Read32(std::string_view data, std::size_t at) {
  return (std::uint32_t{Read16(data, at)} << 16) | Read16(data, at + 2);
}

}  // namespace

PacketClass Classify(std::string_view datagram) {
  if (datagram.empty()) return PacketClass::kUnknown;
  const auto first = static_cast<unsigned char>(datagram[0]);
  if (first <= 3) return PacketClass::kStun;
  if (first >= 20 && first <= 63) return PacketClass::kDtls;
  if (first >= 128 && first <= 191) {
    if (datagram.size() < 2) return PacketClass::kUnknown;
    const int type = static_cast<unsigned char>(datagram[1]) & 0x7F;
    return type >= 64 && type <= 95 ? PacketClass::kRtcp : PacketClass::kRtp;
  }
  return PacketClass::kUnknown;
}

std::optional<RtpHeader> ParseRtpHeader(std::string_view packet) {
  if (packet.size() < 12) return std::nullopt;
  const auto first = static_cast<unsigned char>(packet[0]);
  if ((first >> 6) != 2) return std::nullopt;
  RtpHeader header;
  header.marker = (static_cast<unsigned char>(packet[1]) & 0x80) != 0;
  header.payload_type = static_cast<unsigned char>(packet[1]) & 0x7F;
  header.sequence = Read16(packet, 2);
  header.timestamp = Read32(packet, 4);
  header.ssrc = Read32(packet, 8);
  std::size_t length = 12 + 4 * std::size_t(first & 0x0F);
  if (first & 0x10) {  // extension: 16-bit profile, 16-bit length in words
    if (packet.size() < length + 4) return std::nullopt;
    length += 4 + 4 * std::size_t(Read16(packet, length + 2));
  }
  if (packet.size() < length) return std::nullopt;
  if (first & 0x20) {  // padding: the last byte counts itself and lies within the payload
    const auto padding = static_cast<unsigned char>(packet.back());
    if (padding == 0 || packet.size() - length < padding) return std::nullopt;
  }
  header.header_length = length;
  return header;
}

std::optional<std::vector<RtcpBlock>> ParseRtcp(std::string_view packet) {
  std::vector<RtcpBlock> blocks;
  std::size_t at = 0;
  while (at < packet.size()) {
    if (packet.size() - at < 8) return std::nullopt;
    const auto first = static_cast<unsigned char>(packet[at]);
    if ((first >> 6) != 2) return std::nullopt;
    const std::size_t length = 4 * (std::size_t(Read16(packet, at + 2)) + 1);
    // Every block the endpoint reads carries a sender SSRC: a block shorter than that (a
    // 4-byte BYE or SDES with no items) would have its SSRC read from the next one.
    if (length < 8 || packet.size() - at < length) return std::nullopt;
    RtcpBlock block;
    block.count = first & 0x1F;
    block.type = static_cast<unsigned char>(packet[at + 1]);
    block.sender_ssrc = Read32(packet, at + 4);
    if ((block.type == 205 || block.type == 206) && length >= 12) block.media_ssrc = Read32(packet, at + 8);
    blocks.push_back(block);
    at += length;
  }
  if (blocks.empty()) return std::nullopt;
  return blocks;
}

std::string PictureLossIndication(std::uint32_t sender_ssrc, std::uint32_t media_ssrc) {
  std::string packet = {static_cast<char>(0x81), static_cast<char>(206), 0, 2};
  for (std::uint32_t ssrc : {sender_ssrc, media_ssrc})
    for (int shift : {24, 16, 8, 0}) packet.push_back(static_cast<char>((ssrc >> shift) & 0xFF));
  return packet;
}

}  // namespace trtc::webrtc
