// What arrives on a WebRTC transport's one UDP port, told apart as RFC 7983 says (STUN,
// DTLS, SRTP/SRTCP), and the RTP and RTCP headers the endpoint reads to count and forward
// media. Untrusted input: every read is bounds-checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trtc::webrtc {

enum class PacketClass { kStun, kDtls, kRtp, kRtcp, kUnknown };

// RFC 7983 section 7 by the first byte; RTP and RTCP by the payload type (RFC 5761 4:
// 64-95 after masking the marker bit is RTCP).
[[nodiscard]] PacketClass Classify(std::string_view datagram);

struct RtpHeader {
  bool marker = false;
  int payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::size_t header_length = 0;  // fixed header, CSRCs and extension
};

// Version 2, CSRC list and extension within the packet, padding not longer than the payload.
[[nodiscard]] std::optional<RtpHeader> ParseRtpHeader(std::string_view packet);

struct RtcpBlock {
  int type = 0;   // 200 SR, 201 RR, 205 RTPFB, 206 PSFB, ...
  int count = 0;  // the header's 5-bit count / format field
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;  // feedback (205, 206) only
};

// Every packet of a compound RTCP packet; nullopt when a length field does not add up or
// a block is shorter than its header and sender SSRC (8 bytes).
// Only the unencrypted prefix is read, so an SRTCP packet's trailer must be stripped first.
[[nodiscard]] std::optional<std::vector<RtcpBlock>> ParseRtcp(std::string_view packet);

// A Picture Loss Indication (RFC 4585 6.3.1): asks the sender of media_ssrc for a key frame.
[[nodiscard]] std::string PictureLossIndication(std::uint32_t sender_ssrc, std::uint32_t media_ssrc);

}  // namespace trtc::webrtc
