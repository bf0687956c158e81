// What a conformance run found, in a form every output is written from: the JSON report
// (docs/report-format.md; versioned, stable field names, the form shards are merged in),
// JUnit XML for CI systems, a self-contained HTML matrix, and the console summary. Plain
// data: no scenario runner, no sockets, so reports can be read, merged and tested alone.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace trtc::report {

inline constexpr std::string_view kSchema = "trtc-conformance-report";
// 2: failures carry their conformance level and rule; reports say whether the gate was strict.
inline constexpr int kSchemaVersion = 2;

enum class Outcome {
  kPassed,
  kFailed,
  kKnownFailure,         // failed as listed in the known-failures file
  kKnownFailureChanged,  // listed, but failed otherwise than its signature says: the gate fails
  kNowPassing,           // listed as a known failure but passed: the list is stale, the gate fails
};
std::string_view ToString(Outcome outcome);
std::optional<Outcome> ParseOutcome(std::string_view text);
// Failed, known failure changed or now passing: the outcomes that fail a gate (exit 1).
bool FailsTheGate(Outcome outcome);

// A failed check of a surfaced error, as data (scenario::ErrorMismatch, with the error in
// the adapter protocol's JSON form).
struct ErrorMismatch {
  std::string entry;        // the id of the catalog entry expected there; empty: no error was expected
  std::string expected;     // what the matchers check
  nlohmann::json surfaced;  // what came in its place; null: nothing
  std::string because;      // every field that did not match
  bool operator==(const ErrorMismatch&) const = default;
};

// One problem of a run. `level`: "required" (codes, order, nothing else surfaced, the
// traffic rules an SDK must keep) or "recommended" (documented text, handling label, the
// application-level handling); docs/gating.md.
struct Failure {
  std::string level = "required";
  std::string rule;
  std::string text;
  std::optional<ErrorMismatch> mismatch;  // set by the checks of surfaced errors
  bool operator==(const Failure&) const = default;
};
// "[recommended documented-text] <text>", for summaries and notes.
std::string Describe(const Failure& failure);
// Whether a failure fails its run: a required one always, a recommended one when strict.
bool FailsTheRun(const Failure& failure, bool strict);

// One scenario run in one locale.
struct CaseResult {
  std::string id;
  std::string title;
  std::string file;
  std::vector<std::string> tags;
  std::vector<std::string> covers;  // catalog entry ids
  std::string locale;
  Outcome outcome = Outcome::kPassed;
  double wall_ms = 0;
  std::vector<Failure> failures;     // expected vs surfaced, one per problem, at every level
  std::vector<std::string> checked;  // behaviour rules that had something to judge ("rule:action")
  std::vector<std::string> trace;
  nlohmann::json expected = nlohmann::json::array();  // [{family, code, extraCode, reason, entry}]
  nlohmann::json surfaced = nlohmann::json::array();  // the client's errors (adapter protocol's form)
  std::string known_failure_note;                     // the comment on its known-failures line
  // How a failing run failed (docs/gating.md, "Signatures"), and the signature its
  // known-failures line gives, if it gives one.
  std::string signature;
  std::string known_failure_signature;
  std::string client_broken;  // set: the client's plumbing failed, not its conformance
};

// A catalog entry as the matrix shows it.
struct EntryRow {
  std::string id;
  std::string family;
  std::string label;  // code and key, e.g. "0x4004 JOIN_ROOM_FAILED"
};

struct Shard {
  int index = 0;  // 0-based, as GTEST_SHARD_INDEX
  int total = 1;
  bool operator==(const Shard&) const = default;
};

struct Counts {
  int passed = 0, failed = 0, known_failures = 0, now_passing = 0;
  int recommended = 0;  // passed runs with recommended failures only (they fail a --strict gate)
  int known_failures_changed = 0;
  int total() const { return passed + failed + known_failures + now_passing + known_failures_changed; }
  bool operator==(const Counts&) const = default;
};

struct Report {
  std::string client;  // what was tested: "reference client" or the client command
  std::vector<std::string> locales;
  std::vector<Shard> shards;  // the shards this report holds; one {0, 1} when unsharded
  std::vector<EntryRow> entries;
  std::vector<CaseResult> cases;
  std::string known_failures_file;  // where known failures came from, if anywhere
  bool strict = false;              // recommended failures counted as failures
  double wall_seconds = 0;

  Counts counts() const;
  bool complete() const;  // holds every shard of its run
  const CaseResult* FirstBrokenClient() const;
};

// The gate's exit code for a report: 2 when the client was broken, 1 when anything failed
// that is not a known failure, a known failure failed otherwise, or one now passes, else 0.
int Verdict(const Report& report);

nlohmann::json ToJson(const Report& report);
// Reads a JSON report; the error names the field ("cases[3].outcome: unknown outcome 'x'").
[[nodiscard]] std::variant<Report, std::string> FromJson(const nlohmann::json& json);

// Combines shard reports of one run. Errors: different runs (client, locales, catalog,
// schema), a shard given twice, a case in two shards.
[[nodiscard]] std::variant<Report, std::string> Merge(const std::vector<Report>& shards);

std::string ToJUnitXml(const Report& report);
std::string ToHtml(const Report& report);

// "known failure changed: <id>@<locale>: listed as [<its signature>], now [<the run's>]",
// and what to do about it.
std::string ChangedKnownFailure(const CaseResult& c);
std::string ChangedKnownFailureAdvice(const std::string& known_failures_file);

// The console summary: the first `max_failures` failures with their expected/surfaced diff
// (the rest are counted; the reports have them all), then the counts and the verdict.
void WriteSummary(std::ostream& out, const Report& report, int max_failures = 20);

}  // namespace trtc::report
