#include "harness/report/report.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

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

// Reads fields of one object, remembering the first problem with its path.
class Fields {
 public:
  Fields(const json& object, std::string path, std::string& error)
      : object_(object), path_(std::move(path)), error_(error) {
    if (!object_.is_object()) Problem("", "must be an object");
  }

  template <class T>
  T Get(const char* key, bool required = true) {
    if (!error_.empty() || !object_.is_object()) return T{};
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) Problem(key, "is missing");
      return T{};
    }
    try {
      return it->template get<T>();
    } catch (const json::exception&) {
      Problem(key, "has the wrong type");
      return T{};
    }
  }

  void Problem(std::string_view key, std::string_view what) {
    if (!error_.empty()) return;
    error_ = key.empty() ? fmt::format("{} {}", path_, what) : fmt::format("{}.{}: {}", path_, key, what);
  }

 private:
  const json& object_;
  std::string path_;
  std::string& error_;
};

// A failure's `mismatch`, when it has one (reports before it was added have none).
std::optional<ErrorMismatch> MismatchFromJson(const json& in, const std::string& path, std::string& error) {
  if (in.is_null()) return std::nullopt;
  Fields f(in, path, error);
  return ErrorMismatch{f.Get<std::string>("entry"), f.Get<std::string>("expected"), f.Get<json>("surfaced"),
                       f.Get<std::string>("because")};
}

CaseResult CaseFromJson(const json& in, const std::string& path, std::string& error) {
  Fields f(in, path, error);
  CaseResult c;
  c.id = f.Get<std::string>("id");
  c.title = f.Get<std::string>("title", false);
  c.file = f.Get<std::string>("file", false);
  c.tags = f.Get<std::vector<std::string>>("tags", false);
  c.covers = f.Get<std::vector<std::string>>("covers", false);
  c.locale = f.Get<std::string>("locale");
  auto outcome = ParseOutcome(f.Get<std::string>("outcome"));
  if (!outcome) f.Problem("outcome", "is not passed, failed, known-failure, known-failure-changed or now-passing");
  c.outcome = outcome.value_or(Outcome::kFailed);
  c.wall_ms = f.Get<double>("wallMs", false);
  const json failures = f.Get<json>("failures", false);
  for (std::size_t i = 0; failures.is_array() && i < failures.size(); ++i) {
    const std::string at = path + ".failures[" + std::to_string(i) + "]";
    Fields ff(failures[i], at, error);
    Failure failure{ff.Get<std::string>("level"), ff.Get<std::string>("rule", false), ff.Get<std::string>("text"),
                    MismatchFromJson(ff.Get<json>("mismatch", false), at + ".mismatch", error)};
    if (failure.level != "required" && failure.level != "recommended")
      ff.Problem("level", "is not required or recommended");
    c.failures.push_back(std::move(failure));
  }
  c.checked = f.Get<std::vector<std::string>>("checked", false);
  c.trace = f.Get<std::vector<std::string>>("trace", false);
  c.expected = f.Get<json>("expected", false);
  c.surfaced = f.Get<json>("surfaced", false);
  if (!c.expected.is_array()) c.expected = json::array();
  if (!c.surfaced.is_array()) c.surfaced = json::array();
  c.known_failure_note = f.Get<std::string>("knownFailureNote", false);
  c.signature = f.Get<std::string>("signature", false);
  c.known_failure_signature = f.Get<std::string>("knownFailureSignature", false);
  c.client_broken = f.Get<std::string>("clientBroken", false);
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
  std::string error;
  Fields f(in, "report", error);
  const int version = f.Get<int>("version");
  if (error.empty() && version != kSchemaVersion)
    return fmt::format("report version {} is not supported (this trtc-harness reads version {})", version,
                       kSchemaVersion);
  Report report;
  report.client = f.Get<std::string>("client");
  report.locales = f.Get<std::vector<std::string>>("locales");
  report.known_failures_file = f.Get<std::string>("knownFailuresFile", false);
  report.strict = f.Get<bool>("strict", false);
  report.wall_seconds = f.Get<double>("wallSeconds", false);
  auto shards = f.Get<json>("shards");
  auto entries = f.Get<json>("entries");
  auto cases = f.Get<json>("cases");
  for (std::size_t i = 0; error.empty() && i < shards.size(); ++i) {
    Fields s(shards[i], fmt::format("shards[{}]", i), error);
    report.shards.push_back({s.Get<int>("index"), s.Get<int>("total")});
  }
  for (std::size_t i = 0; error.empty() && i < entries.size(); ++i) {
    Fields e(entries[i], fmt::format("entries[{}]", i), error);
    report.entries.push_back({e.Get<std::string>("id"), e.Get<std::string>("family"), e.Get<std::string>("label")});
  }
  for (std::size_t i = 0; error.empty() && i < cases.size(); ++i)
    report.cases.push_back(CaseFromJson(cases[i], fmt::format("cases[{}]", i), error));
  if (error.empty() && report.shards.empty()) error = "shards: must name at least one shard";
  if (!error.empty()) return error;
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
