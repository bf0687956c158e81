// Fuzzes STUN datagram parsing (the media server's UDP responder): header, attribute
// framing, FINGERPRINT, MESSAGE-INTEGRITY, XOR-MAPPED-ADDRESS. A message that parses must
// have framed every attribute inside the datagram.
#include <cstdint>
#include <string_view>

#include "harness/stun/stun.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view datagram(reinterpret_cast<const char*>(data), size);
  auto parsed = trtc::stun::Parse(datagram);
  if (auto* message = std::get_if<trtc::stun::Message>(&parsed)) {
    for (const auto& a : message->attributes)
      if (a.offset + 4 + a.value.size() > size) __builtin_trap();
    trtc::stun::IntegrityMatches(datagram, *message, "VOkJxbRl1RmTxUk/WvJxBt");
    trtc::stun::XorMappedAddress(*message);
    trtc::stun::UnknownRequiredAttributes(*message);
  }
  return 0;
}
