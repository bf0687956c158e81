#include "harness/gate/suite.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>

#include "harness/catalog/catalog.h"
#include "harness/client/client.h"

namespace trtc::gate {
namespace {

std::optional<int> Number(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string EntryLabel(const catalog::Entry& entry) {
  std::string label = entry.hex.empty() ? (entry.code ? std::to_string(*entry.code) : "") : entry.hex;
  if (!entry.key.empty()) label += (label.empty() ? "" : " ") + entry.key;
  return label;
}

nlohmann::json Expected(const scenario::Scenario& s) {
  auto out = nlohmann::json::array();
  for (const auto& e : s.errors) {
    nlohmann::json error = {{"family", catalog::ToString(e.family)},
                            {"code", e.code},
                            {"extraCode", e.extra_code ? nlohmann::json(*e.extra_code) : nlohmann::json()},
                            {"reason", e.reason},
                            {"entry", e.entry ? e.entry->id : ""}};
    if (e.entry) error["handling"] = catalog::ToString(e.entry->handling.action);
    if (e.within_ms) error["atMs"] = "≤ " + std::to_string(*e.within_ms);
    out.push_back(error);
  }
  return out;
}

report::Failure ReportFailure(scenario::Failure f) {
  report::Failure out{std::string(behaviour::ToString(f.level)), std::move(f.rule), std::move(f.text), std::nullopt};
  if (auto& m = f.mismatch)
    out.mismatch =
        report::ErrorMismatch{std::move(m->entry), std::move(m->expected),
                              m->surfaced ? client::ToJson(*m->surfaced) : nlohmann::json(), std::move(m->because)};
  return out;
}

// A failing run is a known failure when it is listed and fails as its line's signature says
// (a line without one accepts any failure).
report::Outcome OutcomeOf(bool passed, const KnownFailure* listed, const Signature& signature) {
  if (passed) return listed ? report::Outcome::kNowPassing : report::Outcome::kPassed;
  if (!listed) return report::Outcome::kFailed;
  return !listed->signature || *listed->signature == signature ? report::Outcome::kKnownFailure
                                                               : report::Outcome::kKnownFailureChanged;
}

// The run's outcome and signature, against its line in the known-failures file if any.
void Judge(report::CaseResult& c, bool run_passed, const KnownFailures* known, bool strict) {
  const auto* listed = known && c.client_broken.empty() ? known->Find(c.id, c.locale) : nullptr;
  if (listed) {
    c.known_failure_note = listed->note;
    if (listed->signature) c.known_failure_signature = listed->signature->ToString();
  }
  const bool passed = run_passed && std::none_of(c.failures.begin(), c.failures.end(),
                                                 [&](const auto& f) { return report::FailsTheRun(f, strict); });
  const auto signature = SignatureOf(c.failures, strict);
  if (!passed) c.signature = signature.ToString();
  c.outcome = OutcomeOf(passed, listed, signature);
}

report::CaseResult CaseOf(const scenario::Scenario& s, scenario::ScenarioResult r, const KnownFailures* known,
                          bool strict) {
  report::CaseResult c;
  c.id = s.id;
  c.title = s.title;
  c.file = s.file;
  c.tags = s.tags;
  for (const auto* entry : s.covers) c.covers.push_back(entry->id);
  c.locale = std::string(catalog::ToString(r.locale));
  c.wall_ms = r.wall_ms;
  for (auto& f : r.failures) c.failures.push_back(ReportFailure(std::move(f)));
  c.checked = std::move(r.checked);
  c.trace = std::move(r.trace);
  c.expected = Expected(s);
  for (const auto& e : r.surfaced) c.surfaced.push_back(client::ToJson(e));
  c.client_broken = r.client_broken.value_or("");
  Judge(c, r.passed, known, strict);
  return c;
}

// The error of a report in one line, as the harness describes errors; "nothing" for none.
std::string ErrorLine(const nlohmann::json& error) {
  std::string why;
  auto parsed = error.is_null() ? std::nullopt : client::ErrorFromJson(error, why);
  return parsed ? client::Describe(*parsed) : "nothing";
}

// What a failure found, in one line for a known-failures note: "expected E; surfaced S;
// because B" for a check of a surfaced error, else the first line of its text.
std::string NoteOf(const report::Failure& f) {
  if (!f.mismatch) return f.text.substr(0, f.text.find('\n'));
  const auto& m = *f.mismatch;
  if (m.entry.empty()) return "surfaced but not expected: " + ErrorLine(m.surfaced);
  if (m.surfaced.is_null()) return "expected but not surfaced: " + m.entry;
  std::string note = "expected " + m.entry + "; surfaced " + ErrorLine(m.surfaced) + "; because " + m.because;
  std::replace(note.begin(), note.end(), '\n', ' ');
  return note;
}

// Lowers `value` to `candidate` when that is smaller, from any thread.
void LowerTo(std::atomic<std::size_t>& value, std::size_t candidate) {
  auto seen = value.load();
  while (candidate < seen && !value.compare_exchange_weak(seen, candidate)) {
  }
}

// Every (scenario, locale) run, in the order a serial run takes them.
struct Task {
  const scenario::Scenario* scenario;
  catalog::Locale locale;
};

// The order in which runs start: the suite's, or shuffled by the seed (std::mt19937 and a
// Fisher-Yates shuffle written out, as std::shuffle's result may differ between libraries).
std::vector<std::size_t> StartOrder(std::size_t count, std::optional<std::uint32_t> seed) {
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (!seed) return order;
  std::mt19937 random(*seed);
  for (std::size_t i = count; i > 1; --i) {
    const auto j = static_cast<std::size_t>(random() % i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

// Runs the tasks on `options.jobs` threads. Each run owns its servers and client, so runs are
// independent; results land at their task's index, so the report is the serial one whatever
// the interleaving. After a broken client no task later in suite order starts (earlier ones
// still do when the start order is shuffled), and the report ends at the first broken run,
// as a serial run would.
std::vector<report::CaseResult> RunCases(const std::vector<scenario::Scenario>& scenarios,
                                         const SuiteOptions& options) {
  std::vector<Task> tasks;
  for (const auto& s : scenarios)
    for (auto locale : options.locales) tasks.push_back({&s, locale});
  std::vector<std::optional<report::CaseResult>> results(tasks.size());
  const std::vector<std::size_t> order = StartOrder(tasks.size(), options.shuffle_seed);
  std::atomic<std::size_t> next = 0, first_broken = tasks.size();
  std::mutex progress_mutex;
  std::size_t done = 0;
  auto work = [&] {
    for (std::size_t n = next++; n < order.size(); n = next++) {
      const std::size_t i = order[n];
      if (i >= first_broken) continue;
      auto run = options.run;
      run.locale = tasks[i].locale;
      auto result = CaseOf(*tasks[i].scenario, scenario::RunScenario(*tasks[i].scenario, options.factory, run),
                           options.known, options.strict);
      if (!result.client_broken.empty()) LowerTo(first_broken, i);
      std::lock_guard lock(progress_mutex);
      results[i] = std::move(result);
      if (options.on_case && i <= first_broken) options.on_case(*results[i], ++done, tasks.size());
    }
  };
  std::vector<std::thread> workers;
  for (int j = 1; j < std::max(options.jobs, 1); ++j) workers.emplace_back(work);
  work();
  for (auto& worker : workers) worker.join();
  std::vector<report::CaseResult> cases;
  for (std::size_t i = 0; i < tasks.size() && i <= first_broken; ++i)
    if (results[i]) cases.push_back(std::move(*results[i]));
  return cases;
}

}  // namespace

std::variant<report::Shard, std::string> ParseShardFlag(std::string_view text) {
  auto slash = text.find('/');
  auto index = Number(text.substr(0, slash));
  auto total = slash == std::string_view::npos ? std::nullopt : Number(text.substr(slash + 1));
  if (!index || !total || *total < 1 || *index < 1 || *index > *total)
    return "--shard wants i/n with 1 <= i <= n (\"2/3\" is the second of three), not '" + std::string(text) + "'";
  return report::Shard{*index - 1, *total};
}

std::optional<std::variant<report::Shard, std::string>> ShardFromEnvironment() {
  const char* total_text = std::getenv("GTEST_TOTAL_SHARDS");
  const char* index_text = std::getenv("GTEST_SHARD_INDEX");
  if (!total_text && !index_text) return std::nullopt;
  auto total = Number(total_text ? total_text : "");
  auto index = Number(index_text ? index_text : "");
  if (!total || !index || *total < 1 || *index < 0 || *index >= *total)
    return std::variant<report::Shard, std::string>(
        "GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX must both be set, with 0 <= GTEST_SHARD_INDEX < GTEST_TOTAL_SHARDS");
  return std::variant<report::Shard, std::string>(report::Shard{*index, *total});
}

std::vector<scenario::Scenario> InShard(std::vector<scenario::Scenario> scenarios, report::Shard shard) {
  std::sort(scenarios.begin(), scenarios.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<scenario::Scenario> mine;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    if (static_cast<int>(i % static_cast<std::size_t>(shard.total)) == shard.index)
      mine.push_back(std::move(scenarios[i]));
  return mine;
}

report::Report RunSuite(const std::vector<scenario::Scenario>& scenarios, const SuiteOptions& options) {
  report::Report out;
  out.client = options.client_label;
  for (auto locale : options.locales) out.locales.emplace_back(catalog::ToString(locale));
  out.shards = {options.shard};
  out.known_failures_file = options.known ? options.known->file : "";
  out.strict = options.strict;
  for (const auto& entry : catalog::Catalog::Builtin().entries())
    out.entries.push_back({entry.id, std::string(catalog::ToString(entry.family)), EntryLabel(entry)});
  const auto started = std::chrono::steady_clock::now();
  out.cases = RunCases(scenarios, options);
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

std::vector<Failing> FailingRuns(const report::Report& report) {
  std::vector<Failing> failing;
  for (const auto& c : report.cases) {
    if (c.outcome == report::Outcome::kPassed || c.outcome == report::Outcome::kNowPassing) continue;
    auto first = std::find_if(c.failures.begin(), c.failures.end(),
                              [&](const report::Failure& f) { return report::FailsTheRun(f, report.strict); });
    failing.push_back(
        {c.id, c.locale, SignatureOf(c.failures, report.strict), first == c.failures.end() ? "" : NoteOf(*first)});
  }
  return failing;
}

Covered CoveredBy(const report::Report& report) {
  Covered covered{{}, report.locales};
  for (const auto& c : report.cases) covered.ids.insert(c.id);
  return covered;
}

}  // namespace trtc::gate
