// Fuzzes scenario loading (files people write and share): any input gives scenarios or
// diagnostics naming a line, never a crash; forEach templates expand or are refused.
#include <cstdint>
#include <string>

#include "harness/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = trtc::scenario::ParseScenarioFile(text, "fuzz.json");
  if (auto* problems = std::get_if<trtc::Diagnostics>(&parsed)) {
    if (problems->empty()) __builtin_trap();
    for (const auto& p : *problems)
      if (p.line < 1) __builtin_trap();
    return 0;
  }
  for (const auto& s : std::get<std::vector<trtc::scenario::Scenario>>(parsed)) {
    if (s.id.empty() || s.steps.empty() || s.covers.empty()) __builtin_trap();
    for (const auto& e : s.errors)
      if (!e.entry) __builtin_trap();
  }
  return 0;
}
