// Fuzzes the server config loader (`serve --config`): never a crash; a rejection always
// names at least one problem with a line.
#include <cstdint>
#include <string_view>

#include "harness/service/app_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = trtc::service::ParseServiceConfig(text, "fuzz.json");
  if (auto* problems = std::get_if<trtc::Diagnostics>(&parsed)) {
    if (problems->empty()) __builtin_trap();
    for (const auto& p : *problems)
      if (p.line < 1) __builtin_trap();
  }
  return 0;
}
