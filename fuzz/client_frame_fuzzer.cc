// Fuzzes the server's parsing of client frames (harness/wire): strict JSON, every request
// type's fields, limits. A frame that parses must encode and parse back to the same frame.
#include <cstdint>
#include <string_view>

#include "harness/wire/json_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = trtc::wire::ParseClientFrame(text);
  if (auto* error = std::get_if<trtc::wire::ProtocolError>(&parsed)) {
    if (error->message.empty()) __builtin_trap();  // every rejection says why
    return 0;
  }
  const auto& frame = std::get<trtc::wire::ClientFrame>(parsed);
  std::string encoded = trtc::wire::Encode(frame);
  auto again = trtc::wire::ParseClientFrame(encoded);
  if (!std::holds_alternative<trtc::wire::ClientFrame>(again)) __builtin_trap();
  if (trtc::wire::Encode(std::get<trtc::wire::ClientFrame>(again)) != encoded) __builtin_trap();
  return 0;
}
