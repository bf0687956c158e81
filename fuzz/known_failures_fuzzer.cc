// Fuzzes the known-failures file (written by hand and by --fix-known-failures, read by every
// gate): any text gives entries or diagnostics naming a line, never a crash; what parses
// rewrites to a file that parses again with the same entries.
#include <cstdint>
#include <set>
#include <string>

#include "harness/gate/known_failures.h"

namespace {

const std::set<std::string>& ScenarioIds() {
  static const std::set<std::string> ids = {"web-v4/join/arrears", "web-v4/account/expired-usersig",
                                            "web-v4/common/join-timeout", "rest/unknown-command"};
  return ids;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = trtc::gate::ParseKnownFailures(text, "fuzz.txt", ScenarioIds());
  if (auto* problems = std::get_if<trtc::Diagnostics>(&parsed)) {
    if (problems->empty()) __builtin_trap();
    for (const auto& p : *problems)
      if (p.line < 1) __builtin_trap();
    return 0;
  }
  const auto& known = std::get<trtc::gate::KnownFailures>(parsed);
  // Nothing ran: every line is kept as it was, so the file reads back with the same entries.
  const auto rewritten = trtc::gate::RewriteKnownFailures(known, {}, {});
  auto again = trtc::gate::ParseKnownFailures(rewritten, "fuzz.txt", ScenarioIds());
  const auto* reread = std::get_if<trtc::gate::KnownFailures>(&again);
  if (!reread || reread->entries.size() != known.entries.size()) __builtin_trap();
  return 0;
}
