// Fuzzes the client side: what a client makes of a server frame (responses with code and
// message, pushes, protocol errors). Whatever parses must encode and parse back the same.
#include <cstdint>
#include <string_view>

#include "harness/wire/json_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = trtc::wire::ParseServerFrame(text);
  if (auto* error = std::get_if<trtc::wire::ServerFrameError>(&parsed)) {
    if (error->reason.empty()) __builtin_trap();
    return 0;
  }
  std::string encoded = trtc::wire::Encode(std::get<trtc::wire::ServerMessage>(parsed));
  auto again = trtc::wire::ParseServerFrame(encoded);
  if (!std::holds_alternative<trtc::wire::ServerMessage>(again)) __builtin_trap();
  if (trtc::wire::Encode(std::get<trtc::wire::ServerMessage>(again)) != encoded) __builtin_trap();
  return 0;
}
