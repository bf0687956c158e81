// How a run failed, pinned: a known-failures entry carries the signature of the failure it
// stands for, and a listed run that fails otherwise fails the gate (docs/gating.md,
// "Signatures"). Built from what the checks found, as data, never from their text; nothing
// in it depends on time or counts, so a deterministic client gives the same one every run.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/report/report.h"

namespace trtc::gate {

// The distinct items of a run's failures (those that fail it), sorted. An item is the rule
// of a failure ("scenario", "result-agrees", "traffic"), or, for a documented-error one,
// what was surfaced in place of the expected entry:
//   documented-error: web-v4 0x1000 for web-v4/join-room/-10012
//   documented-error: nothing for web-v4/sdk/CLIENT_BANNED
//   documented-error: web-v4 0x4040 unexpected
struct Signature {
  std::vector<std::string> items;
  // "item; item", as a known-failures line writes it between brackets.
  [[nodiscard]] std::string ToString() const;
  bool operator==(const Signature&) const = default;
};

// The signature of a run with these failures; `strict`: recommended failures fail it too.
[[nodiscard]] Signature SignatureOf(const std::vector<report::Failure>& failures, bool strict);

// The text between the brackets of a known-failures line, in any order; an error message
// when it is empty or has an empty item.
[[nodiscard]] std::variant<Signature, std::string> ParseSignature(std::string_view text);

}  // namespace trtc::gate
