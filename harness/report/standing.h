// Where a client stands against each catalog entry, read from a gate report: the matrix a
// conformance report of a real SDK publishes (docs/vendor/trtc-js-sdk-4.15.22.md) and the
// HTML report shows. The known-failures file's notes say why a scenario fails: a note that
// starts "needs the media plane" or "not applicable" says so; any other failure departs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/report/report.h"

namespace trtc::report {

enum class Standing { kMeets, kDeparts, kNeedsMediaPlane, kNotApplicable, kNotJudged };
std::string_view ToString(Standing standing);

struct EntryStanding {
  const EntryRow* entry = nullptr;
  Standing standing = Standing::kNotJudged;
  std::vector<std::string> scenarios;  // the runs that decided it
  std::string instead;                 // departs: what the client did instead (the note, or the first failure)
  bool wording_differs = false;        // meets, with recommended-level findings (text, labels)
};

// One row per entry of `family` (every family when empty), in catalog order.
[[nodiscard]] std::vector<EntryStanding> Standings(const Report& report, std::string_view family = {});

// The published report: the matrix, its counts, and the errors the client surfaced that
// the documents do not list.
[[nodiscard]] std::string ToConformanceMarkdown(const Report& report, std::string_view title, std::string_view family);

}  // namespace trtc::report
