// The known-failures file: scenarios a client is known to fail, so a gate can pass while
// they are fixed, and fail as soon as one of them passes (the list cannot go stale).
// Plain text, one per line (docs/gating.md):
//   web-v4/join/arrears                 # all locales
//   web-v4/join/arrears@zh   # SDK-123  # one locale; text after '#' is the note
// Blank lines and lines starting with '#' are comments.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/common/diagnostic.h"

namespace trtc::gate {

struct KnownFailure {
  std::string id;
  std::optional<std::string> locale;  // none: every locale
  std::string note;
  int line = 0;
};

struct KnownFailures {
  std::string file;
  std::vector<std::string> lines;  // the file as read, to rewrite it keeping comments
  std::vector<KnownFailure> entries;
  const KnownFailure* Find(std::string_view id, std::string_view locale) const;
};

// Every id must be one of `scenario_ids`; locales en, zh, ja, ko; no line twice.
std::variant<KnownFailures, Diagnostics> ParseKnownFailures(std::string_view text, const std::string& file,
                                                            const std::set<std::string>& scenario_ids);

// One failing run, for rewriting the file.
struct Failing {
  std::string id;
  std::string locale;
  std::string why;  // the first failure line, kept as the note of a new entry
};

// The file after a full run: entries that now pass are dropped (with their lines), comment
// lines kept, new failures appended (as `id` when they fail in every locale run, else
// `id@locale`). `locales` are the locales the run covered.
std::string RewriteKnownFailures(const KnownFailures& known, const std::vector<Failing>& failing,
                                 const std::vector<std::string>& locales);

}  // namespace trtc::gate
