// Fuzzes fault loading (files, control API bodies): a fault that loads must survive its
// own JSON form unchanged.
#include <cstdint>
#include <string_view>

#include "harness/faults/fault.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = trtc::faults::ParseFaults(text, "fuzz");
  if (auto* problems = std::get_if<trtc::Diagnostics>(&parsed)) {
    if (problems->empty()) __builtin_trap();
    return 0;
  }
  for (const auto& fault : std::get<std::vector<trtc::faults::Fault>>(parsed)) {
    auto json = trtc::faults::ToJson(fault);
    auto again = trtc::faults::ParseFault(json, "fuzz", 1, "");
    if (!std::holds_alternative<trtc::faults::Fault>(again)) __builtin_trap();
    if (trtc::faults::ToJson(std::get<trtc::faults::Fault>(again)) != json) __builtin_trap();
  }
  return 0;
}
