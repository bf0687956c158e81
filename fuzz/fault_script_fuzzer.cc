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
    trtc::JsonProblems problems(trtc::ProblemPolicy::kKeepAll);
    auto again = trtc::faults::ReadFault(json, "", problems);
    if (!again || trtc::faults::ToJson(*again) != json) __builtin_trap();
  }
  return 0;
}
