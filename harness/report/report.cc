#include "harness/report/report.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "harness/common/json_fields.h"

namespace trtc::report {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Outcome, std::string_view>, 5> kOutcomes = {{
    {Outcome::kPassed, "passed"},
    {Outcome::kFailed, "failed"},
    {Outcome::kKnownFailure, "known-failure"},
    {Outcome::kKnownFailureChanged, "known-failure-changed"},
    {Outcome::kNowPassing, "now-passing"},
}};

json FailureToJson(const Failure& f) {
  json out = {{"level", f.level}, {"rule", f.rule}, {"text", f.text}};
  if (const auto& m = f.mismatch)
    out["mismatch"] = {
        {"entry", m->entry}, {"expected", m->expected}, {"surfaced", m->surfaced}, {"because", m->because}};
  return out;
}

json CaseToJson(const CaseResult& c) {
  json failures = json::array();
  for (const auto& f : c.failures) failures.push_back(FailureToJson(f));
  json out = {{"id", c.id},
              {"title", c.title},
              {"file", c.file},
              {"tags", c.tags},
              {"covers", c.covers},
              {"locale", c.locale},
              {"outcome", ToString(c.outcome)},
              {"wallMs", c.wall_ms},
              {"failures", failures},
              {"checked", c.checked},
              {"trace", c.trace},
              {"expected", c.expected},
              {"surfaced", c.surfaced}};
  if (!c.known_failure_note.empty()) out["knownFailureNote"] = c.known_failure_note;
  if (!c.signature.empty()) out["signature"] = c.signature;
  if (!c.known_failure_signature.empty()) out["knownFailureSignature"] = c.known_failure_signature;
  if (!c.client_broken.empty()) out["clientBroken"] = c.client_broken;
  return out;
}

constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

// The member `key` as a T; T{} when absent or not a T (then the first problem says why).
template <class T>
T Get(JsonFields& fields, std::string_view key, Presence presence = kRequired) {
  T out{};
  fields.Read(key, out, presence);
  return out;
}

// A failure's `mismatch`, when it has one (reports before it was added have none).
std::optional<ErrorMismatch> MismatchFromJson(JsonFields& failure) {
  const json* in = failure.Find("mismatch");
  if (!in || in->is_null()) return std::nullopt;
  JsonFields f(*in, failure.PointerOf("mismatch"), failure.problems());
  return ErrorMismatch{Get<std::string>(f, "entry"), Get<std::string>(f, "expected"), Get<json>(f, "surfaced"),
                       Get<std::string>(f, "because")};
}

Failure FailureFromJson(JsonFields& f) {
  Failure failure{Get<std::string>(f, "level"), Get<std::string>(f, "rule", kOptional), Get<std::string>(f, "text"),
                  MismatchFromJson(f)};
  if (failure.level != "required" && failure.level != "recommended")
    f.Complain("level", "is not required or recommended");
  return failure;
}

CaseResult CaseFromJson(JsonFields& f) {
  CaseResult c;
  c.id = Get<std::string>(f, "id");
  c.title = Get<std::string>(f, "title", kOptional);
  c.file = Get<std::string>(f, "file", kOptional);
  c.tags = Get<std::vector<std::string>>(f, "tags", kOptional);
  c.covers = Get<std::vector<std::string>>(f, "covers", kOptional);
  c.locale = Get<std::string>(f, "locale");
  auto outcome = ParseOutcome(Get<std::string>(f, "outcome"));
  if (!outcome) f.Complain("outcome", "is not passed, failed, known-failure, known-failure-changed or now-passing");
  c.outcome = outcome.value_or(Outcome::kFailed);
  c.wall_ms = Get<double>(f, "wallMs", kOptional);
  f.EachObject("failures", kOptional, [&](JsonFields& failure) { c.failures.push_back(FailureFromJson(failure)); });
  c.checked = Get<std::vector<std::string>>(f, "checked", kOptional);
  c.trace = Get<std::vector<std::string>>(f, "trace", kOptional);
  c.expected = Get<json>(f, "expected", kOptional);
  c.surfaced = Get<json>(f, "surfaced", kOptional);
  if (!c.expected.is_array()) c.expected = json::array();
  if (!c.surfaced.is_array()) c.surfaced = json::array();
  c.known_failure_note = Get<std::string>(f, "knownFailureNote", kOptional);
  c.signature = Get<std::string>(f, "signature", kOptional);
  c.known_failure_signature = Get<std::string>(f, "knownFailureSignature", kOptional);
  c.client_broken = Get<std::string>(f, "clientBroken", kOptional);
  return c;
}

void SortCases(Report& report) {
  auto rank = [&](const std::string& locale) {
    return std::find(report.locales.begin(), report.locales.end(), locale) - report.locales.begin();
  };
  std::stable_sort(report.cases.begin(), report.cases.end(), [&](const CaseResult& a, const CaseResult& b) {
    return a.id != b.id ? a.id < b.id : rank(a.locale) < rank(b.locale);
  });
}

std::optional<std::string> SameRun(const Report& a, const Report& b) {
  if (a.client != b.client) return fmt::format("different clients: '{}' and '{}'", a.client, b.client);
  if (a.locales != b.locales) return "different locales";
  if (a.known_failures_file != b.known_failures_file) return "different known-failures files";
  if (a.strict != b.strict) return "one strict, one not";
  if (a.entries.size() != b.entries.size() ||
      !std::equal(a.entries.begin(), a.entries.end(), b.entries.begin(),
                  [](const EntryRow& x, const EntryRow& y) { return x.id == y.id; }))
    return "different catalogs";
  if (a.shards.front().total != b.shards.front().total)
    return fmt::format("different shard counts: {} and {}", a.shards.front().total, b.shards.front().total);
  return std::nullopt;
}

// The head of a failing run in the summary, and what to do about it.
void WriteFailingRun(std::ostream& out, const CaseResult& c, const std::string& known_failures_file) {
  const std::string file = known_failures_file.empty() ? "the known failures" : known_failures_file;
  switch (c.outcome) {
    case Outcome::kKnownFailureChanged:
      out << ChangedKnownFailure(c) << "\n";
      break;
    case Outcome::kNowPassing:
      out << fmt::format("FAIL {} [{}] (listed as a known failure, now passes)\n", c.id, c.locale);
      break;
    default:
      out << fmt::format("FAIL {} [{}]\n", c.id, c.locale);
  }
  for (const auto& failure : c.failures) out << "    " << Describe(failure) << "\n";
  if (c.outcome == Outcome::kNowPassing)
    out << "    remove it from " << file << " (or run with --fix-known-failures)\n";
  if (c.outcome == Outcome::kKnownFailureChanged) out << "    " << ChangedKnownFailureAdvice(file) << "\n";
}

}  // namespace

std::string_view ToString(Outcome outcome) {
  for (const auto& [value, name] : kOutcomes)
    if (value == outcome) return name;
  return "failed";
}

bool FailsTheGate(Outcome outcome) {
  return outcome == Outcome::kFailed || outcome == Outcome::kKnownFailureChanged || outcome == Outcome::kNowPassing;
}

std::optional<Outcome> ParseOutcome(std::string_view text) {
  for (const auto& [value, name] : kOutcomes)
    if (name == text) return value;
  return std::nullopt;
}

Counts Report::counts() const {
  Counts counts;
  for (const auto& c : cases) {
    switch (c.outcome) {
      case Outcome::kPassed:
        ++counts.passed;
        counts.recommended += !c.failures.empty();
        break;
      case Outcome::kFailed:
        ++counts.failed;
        break;
      case Outcome::kKnownFailure:
        ++counts.known_failures;
        break;
      case Outcome::kKnownFailureChanged:
        ++counts.known_failures_changed;
        break;
      case Outcome::kNowPassing:
        ++counts.now_passing;
        break;
    }
  }
  return counts;
}

bool Report::complete() const {
  if (shards.empty()) return false;
  std::set<int> held;
  for (const auto& s : shards) held.insert(s.index);
  return static_cast<int>(held.size()) == shards.front().total;
}

const CaseResult* Report::FirstBrokenClient() const {
  for (const auto& c : cases)
    if (!c.client_broken.empty()) return &c;
  return nullptr;
}

int Verdict(const Report& report) {
  if (report.FirstBrokenClient()) return 2;
  auto counts = report.counts();
  return counts.failed + counts.known_failures_changed + counts.now_passing > 0 ? 1 : 0;
}

nlohmann::json ToJson(const Report& report) {
  json shards = json::array();
  for (const auto& s : report.shards) shards.push_back({{"index", s.index}, {"total", s.total}});
  json entries = json::array();
  for (const auto& e : report.entries) entries.push_back({{"id", e.id}, {"family", e.family}, {"label", e.label}});
  json cases = json::array();
  for (const auto& c : report.cases) cases.push_back(CaseToJson(c));
  auto counts = report.counts();
  return {{"schema", kSchema},
          {"version", kSchemaVersion},
          {"client", report.client},
          {"locales", report.locales},
          {"shards", shards},
          {"knownFailuresFile", report.known_failures_file},
          {"wallSeconds", report.wall_seconds},
          {"counts",
           {{"total", counts.total()},
            {"passed", counts.passed},
            {"failed", counts.failed},
            {"knownFailures", counts.known_failures},
            {"knownFailuresChanged", counts.known_failures_changed},
            {"nowPassing", counts.now_passing},
            {"recommendedOnly", counts.recommended}}},
          {"strict", report.strict},
          {"verdict", Verdict(report)},
          {"entries", entries},
          {"cases", cases}};
}

std::variant<Report, std::string> FromJson(const nlohmann::json& in) {
  if (!in.is_object() || !in.contains("schema") || in["schema"] != kSchema)
    return std::string("not a trtc-conformance report (schema is not \"") + std::string(kSchema) + "\")";
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(in, "", problems);
  const int version = Get<int>(f, "version");
  if (problems.empty() && version != kSchemaVersion)
    return fmt::format("report version {} is not supported (this trtc-harness reads version {})", version,
                       kSchemaVersion);
  Report report;
  report.client = Get<std::string>(f, "client");
  report.locales = Get<std::vector<std::string>>(f, "locales");
  report.known_failures_file = Get<std::string>(f, "knownFailuresFile", kOptional);
  report.strict = Get<bool>(f, "strict", kOptional);
  report.wall_seconds = Get<double>(f, "wallSeconds", kOptional);
  f.EachObject("shards", kRequired, [&](JsonFields& s) {
    report.shards.push_back({Get<int>(s, "index"), Get<int>(s, "total")});
  });
  f.EachObject("entries", kRequired, [&](JsonFields& e) {
    report.entries.push_back({Get<std::string>(e, "id"), Get<std::string>(e, "family"), Get<std::string>(e, "label")});
  });
  f.EachObject("cases", kRequired, [&](JsonFields& c) { report.cases.push_back(CaseFromJson(c)); });
  if (problems.empty() && report.shards.empty()) return std::string("shards: must name at least one shard");
  if (!problems.empty()) return FirstProblemText(problems);
  return report;
}

std::variant<Report, std::string> Merge(const std::vector<Report>& shards) {
  if (shards.empty()) return std::string("no reports to merge");
  Report merged = shards.front();
  merged.shards.clear();
  merged.cases.clear();
  merged.wall_seconds = 0;
  std::set<int> indexes;
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& shard : shards) {
    if (auto why = SameRun(shards.front(), shard)) return "not shards of one run: " + *why;
    for (const auto& s : shard.shards) {
      if (!indexes.insert(s.index).second) return fmt::format("shard {}/{} is given twice", s.index + 1, s.total);
      merged.shards.push_back(s);
    }
    for (const auto& c : shard.cases) {
      if (!keys.insert({c.id, c.locale}).second) return fmt::format("{} [{}] is in two shards", c.id, c.locale);
      merged.cases.push_back(c);
    }
    merged.wall_seconds = std::max(merged.wall_seconds, shard.wall_seconds);  // shards run side by side
  }
  std::sort(merged.shards.begin(), merged.shards.end(),
            [](const Shard& a, const Shard& b) { return a.index < b.index; });
  SortCases(merged);
  return merged;
}

std::string Describe(const Failure& failure) {
  return "[" + failure.level + (failure.rule.empty() ? "" : " " + failure.rule) + "] " + failure.text;
}

bool FailsTheRun(const Failure& failure, bool strict) { return strict || failure.level == "required"; }

std::string ChangedKnownFailure(const CaseResult& c) {
  return fmt::format("known failure changed: {}@{}: listed as [{}], now [{}]", c.id, c.locale,
                     c.known_failure_signature, c.signature);
}

std::string ChangedKnownFailureAdvice(const std::string& known_failures_file) {
  return "a different failure is not the known one: fix the client, or give its line in " + known_failures_file +
         " the new signature and a note that says why (--fix-known-failures writes the signature)";
}

void WriteSummary(std::ostream& out, const Report& report, int max_failures) {
  int shown = 0, hidden = 0;
  for (const auto& c : report.cases) {
    if (!FailsTheGate(c.outcome)) continue;
    if (shown++ >= max_failures) {
      ++hidden;
      continue;
    }
    WriteFailingRun(out, c, report.known_failures_file);
  }
  if (hidden > 0) out << fmt::format("… and {} more failing run(s): report.html and junit.xml have them all\n", hidden);
  const auto counts = report.counts();
  out << fmt::format(
      "\n{} run(s): {} passed, {} failed, {} known failure(s), {} known failure(s) now passing{}; {:.1f} s; {}\n",
      counts.total(), counts.passed, counts.failed, counts.known_failures, counts.now_passing,
      counts.known_failures_changed > 0 ? fmt::format(", {} known failure(s) changed", counts.known_failures_changed)
                                        : "",
      report.wall_seconds, report.client);
  if (counts.recommended > 0 && !report.strict)
    out << fmt::format(
        "{} passed run(s) have recommended-level failures (documented text, handling label, "
        "application-level handling); --strict fails on them\n",
        counts.recommended);
  if (const auto* broken = report.FirstBrokenClient())
    out << "verdict: the client is broken (exit 2): " << broken->client_broken << "\n";
  else
    out << (Verdict(report) == 0 ? "verdict: PASS (exit 0)\n" : "verdict: FAIL (exit 1)\n");
}

}  // namespace trtc::report
