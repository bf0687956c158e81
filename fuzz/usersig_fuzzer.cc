// Fuzzes userSig / privateMapKey decoding and verification: the token alphabet, base64,
// inflate (with its size cap), the JSON document and the binary privilege buffer.
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/usersig/usersig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view token(reinterpret_cast<const char*>(data), size);
  trtc::usersig::Expectation expected{"alice", 1400000001, [](std::uint64_t) { return std::string("key"); },
                                      1764000000};
  trtc::usersig::Decoded result = trtc::usersig::Verify(token, expected);
  // A failure always names its documented code; a success carries a whole token.
  if (result.ok() != (trtc::usersig::AccountCode(result.failure) == 0)) __builtin_trap();
  if (result.ok() && result.token.version != "2.0") __builtin_trap();
  return 0;
}
