// Fuzzes the RTP and RTCP header readers and the RFC 7983 classification the endpoint
// applies to every datagram: what they report always lies inside the packet.
#include <cstdint>
#include <string_view>

#include "harness/webrtc/packet.h"

namespace webrtc = trtc::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view packet(reinterpret_cast<const char*>(data), size);
  (void)webrtc::Classify(packet);
  if (auto header = webrtc::ParseRtpHeader(packet))
    if (header->header_length < 12 || header->header_length > size) __builtin_trap();
  if (auto blocks = webrtc::ParseRtcp(packet))
    if (blocks->empty() || blocks->size() > size / 8) __builtin_trap();
  return 0;
}
