// The known-failures file: scenarios a client is known to fail, and how, so a gate can
// pass while they are fixed, and fail as soon as one of them passes (the list cannot go
// stale) or fails otherwise (it cannot hide a regression). Plain text, one per line
// (docs/gating.md):
//   web-v4/join/arrears                 # all locales, any failure
//   web-v4/join/arrears@zh   # SDK-123  # one locale; text after '#' is the note
//   web-v4/join/arrears  [documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006]  # SDK-12
//                                       # failing as the signature in brackets says
// Blank lines and lines starting with '#' are comments.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/common/diagnostic.h"
#include "harness/gate/signature.h"

namespace trtc::gate {

struct KnownFailure {
  std::string id;
  std::optional<std::string> locale;   // none: every locale
  std::optional<Signature> signature;  // none: any failure is this one (files before signatures)
  std::string note;
  int line = 0;
  // Whether this entry lists the run of scenario `id` in `locale`.
  bool Lists(std::string_view run_id, std::string_view run_locale) const {
    return id == run_id && (!locale || *locale == run_locale);
  }
};

struct KnownFailures {
  std::string file;
  std::vector<std::string> lines;  // the file as read, to rewrite it keeping comments
  std::vector<KnownFailure> entries;
  const KnownFailure* Find(std::string_view id, std::string_view locale) const;
};

// Every id must be one of `scenario_ids`; locales en, zh, ja, ko; no line twice.
[[nodiscard]] std::variant<KnownFailures, Diagnostics> ParseKnownFailures(std::string_view text,
                                                                          const std::string& file,
                                                                          const std::set<std::string>& scenario_ids);

// One failing run, for rewriting the file.
struct Failing {
  std::string id;
  std::string locale;
  Signature signature;
  std::string why;  // what its first failure found, one line: the note of a new entry
};

// What a run covered: the scenarios and the locales it ran.
struct Covered {
  std::set<std::string> ids;
  std::vector<std::string> locales;
};

// The file after a run: the lines of what the run did not cover are kept as they are, and
// comment lines; an entry that now passes is dropped, one that still fails gets the run's
// signature (its note kept); new failures are appended with their signature and `why` as
// the note, as `id` when they fail in every locale run alike, else as `id@locale` (an
// every-locale entry whose runs now differ is split the same way).
[[nodiscard]] std::string RewriteKnownFailures(const KnownFailures& known, const std::vector<Failing>& failing,
                                               const Covered& covered);

}  // namespace trtc::gate
