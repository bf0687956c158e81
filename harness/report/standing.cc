#include "harness/report/standing.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "harness/catalog/vendor_sdk_names.h"

namespace trtc::report {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::string FirstLine(std::string_view text) { return std::string(text.substr(0, text.find('\n'))); }

// One line of a Markdown table cell.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r')
      out += ' ';
    else if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

bool Passed(const CaseResult& c) { return c.outcome == Outcome::kPassed || c.outcome == Outcome::kNowPassing; }

// The known-failures note speaks for a run only when the run failed as listed: a known
// failure that changed is a new departure, whatever the note says.
std::string_view NoteOf(const CaseResult& c) {
  return c.outcome == Outcome::kKnownFailure ? std::string_view(c.known_failure_note) : std::string_view();
}

// Why a failing run failed, as the known-failures note says, else its first required failure.
std::string WhyFailed(const CaseResult& c) {
  if (!NoteOf(c).empty()) return std::string(NoteOf(c));
  for (const auto& f : c.failures)
    if (f.level == "required") return FirstLine(f.text);
  return c.failures.empty() ? std::string("failed") : FirstLine(c.failures.front().text);
}

Standing StandingOfFailure(const CaseResult& c) {
  if (StartsWith(NoteOf(c), "needs the media plane")) return Standing::kNeedsMediaPlane;
  if (StartsWith(NoteOf(c), "not applicable")) return Standing::kNotApplicable;
  return Standing::kDeparts;
}

// Departs outweighs everything; a run the media plane would decide leaves the entry open.
int Weight(Standing s) {
  switch (s) {
    case Standing::kDeparts:
      return 4;
    case Standing::kNeedsMediaPlane:
      return 3;
    case Standing::kMeets:
      return 2;
    case Standing::kNotApplicable:
      return 1;
    case Standing::kNotJudged:
      return 0;
  }
  return 0;
}

EntryStanding Decide(const EntryRow& entry, const std::vector<const CaseResult*>& cases) {
  EntryStanding row{&entry};
  for (const CaseResult* c : cases) {
    const Standing standing = Passed(*c) ? Standing::kMeets : StandingOfFailure(*c);
    if (standing == Standing::kMeets) row.wording_differs = row.wording_differs || !c->failures.empty();
    if (Weight(standing) > Weight(row.standing)) {
      row.standing = standing;
      row.scenarios.clear();
      row.instead = standing == Standing::kMeets ? std::string() : WhyFailed(*c);
    }
    if (standing == row.standing && std::find(row.scenarios.begin(), row.scenarios.end(), c->id) == row.scenarios.end())
      row.scenarios.push_back(c->id);
  }
  return row;
}

}  // namespace

std::string_view ToString(Standing standing) {
  switch (standing) {
    case Standing::kMeets:
      return "meets the documents";
    case Standing::kDeparts:
      return "departs";
    case Standing::kNeedsMediaPlane:
      return "needs the media plane";
    case Standing::kNotApplicable:
      return "not applicable to this SDK";
    case Standing::kNotJudged:
      return "not judged";
  }
  return "not judged";
}

std::vector<EntryStanding> Standings(const Report& report, std::string_view family) {
  std::map<std::string, std::vector<const CaseResult*>> by_entry;
  for (const auto& c : report.cases)
    for (const auto& id : c.covers) by_entry[id].push_back(&c);
  std::vector<EntryStanding> rows;
  for (const auto& entry : report.entries) {
    if (!family.empty() && entry.family != family) continue;
    auto it = by_entry.find(entry.id);
    rows.push_back(it == by_entry.end() ? EntryStanding{&entry} : Decide(entry, it->second));
  }
  return rows;
}

std::string ToConformanceMarkdown(const Report& report, std::string_view title, std::string_view family) {
  const auto rows = Standings(report, family);
  std::map<Standing, int> count;
  for (const auto& row : rows) ++count[row.standing];
  std::string md = fmt::format("# {}: where it meets and departs from the documents\n\n", title);
  md += fmt::format(
      "Generated from the gate's report (`bash ci/vendor-sdk.sh`, build/vendor-report/report.json); do not edit.\n"
      "Client: `{}`. Known failures: `{}`. Locales: {}.\n\n",
      report.client, report.known_failures_file.empty() ? "none" : report.known_failures_file,
      fmt::join(report.locales, ", "));
  md += fmt::format(
      "Judged on **{} of the {} {} entries**: {} meet the documents, {} depart. {} need the media plane, {} are not "
      "applicable to this SDK, {} were not judged.\n\n",
      count[Standing::kMeets] + count[Standing::kDeparts], rows.size(), family, count[Standing::kMeets],
      count[Standing::kDeparts], count[Standing::kNeedsMediaPlane], count[Standing::kNotApplicable],
      count[Standing::kNotJudged]);
  md +=
      "*Meets* means every scenario covering the entry passed at the required level (codes, extra codes, order, "
      "nothing else surfaced, the SDK's traffic rules); † marks entries where the SDK's own wording differs from the "
      "documented text (the recommended level).\n\n";
  md += "| entry | code | standing | scenarios | what the SDK did instead |\n| --- | --- | --- | --- | --- |\n";
  for (const auto& row : rows) {
    std::string scenarios;
    for (const auto& id : row.scenarios) scenarios += (scenarios.empty() ? "" : ", ") + ("`" + id + "`");
    const bool dagger = row.standing == Standing::kMeets && row.wording_differs;
    md += fmt::format("| `{}` | {} | {}{} | {} | {} |\n", Cell(row.entry->id), Cell(row.entry->label),
                      ToString(row.standing), dagger ? " †" : "", scenarios, Cell(row.instead));
  }
  // Errors outside the documents, named as the SDK names them.
  std::set<std::string> lines;
  for (const auto& c : report.cases) {
    for (const auto& error : c.surfaced) {
      const int code = error.value("code", 0);
      const auto* vendor = catalog::FindVendorSdkName(code);
      const std::string message = FirstLine(error.value("message", std::string()));
      if (vendor && vendor->documented.empty())
        lines.insert(fmt::format("| 0x{:X} | {} | `{}` | {} |\n", code, vendor->name, c.id, Cell(message)));
      else if (code == -1)
        lines.insert(fmt::format("| — | not an RtcError | `{}` | {} |\n", c.id, Cell(message)));
    }
  }
  md += "\n## What the SDK surfaced that the documents do not list\n\n";
  if (lines.empty()) return md + "Nothing.\n";
  md += "| code | the SDK's name | scenario | message |\n| --- | --- | --- | --- |\n";
  for (const auto& line : lines) md += line;
  return md;
}

}  // namespace trtc::report
