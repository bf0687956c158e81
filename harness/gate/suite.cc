#include "harness/gate/suite.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>

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

// Whether a failure fails the run: required ones always, recommended ones when strict.
bool Counts(const report::Failure& failure, bool strict) { return strict || failure.level == "required"; }

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
  for (auto& f : r.failures)
    c.failures.push_back({std::string(behaviour::ToString(f.level)), std::move(f.rule), std::move(f.text)});
  c.checked = std::move(r.checked);
  c.trace = std::move(r.trace);
  c.expected = Expected(s);
  for (const auto& e : r.surfaced) c.surfaced.push_back(client::ToJson(e));
  c.client_broken = r.client_broken.value_or("");
  const auto* listed = known && c.client_broken.empty() ? known->Find(c.id, c.locale) : nullptr;
  if (listed) c.known_failure_note = listed->note;
  const bool passed =
      r.passed && std::none_of(c.failures.begin(), c.failures.end(), [&](const auto& f) { return Counts(f, strict); });
  if (passed)
    c.outcome = listed ? report::Outcome::kNowPassing : report::Outcome::kPassed;
  else
    c.outcome = listed ? report::Outcome::kKnownFailure : report::Outcome::kFailed;
  return c;
}

// "f.json:9: expected E (matcher…)\n    surfaced S\n    because B" -> "expected E; surfaced S; because B",
// a note that fits on a known-failures line.
std::string ShortWhy(const std::string& failure) {
  std::string why;
  for (std::size_t start = 0; start < failure.size();) {
    auto end = std::min(failure.find('\n', start), failure.size());
    std::string line = failure.substr(start, end - start);
    start = end + 1;
    if (auto colon = line.find(": expected "); colon != std::string::npos) line = line.substr(colon + 2);
    if (auto matcher = line.find(" (("); matcher != std::string::npos) line = line.substr(0, matcher);
    line.erase(0, line.find_first_not_of(' '));
    why += (why.empty() ? "" : "; ") + line;
  }
  return why;
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
  const std::size_t total = scenarios.size() * options.locales.size();
  auto run = options.run;
  for (const auto& s : scenarios) {
    for (auto locale : options.locales) {
      run.locale = locale;
      out.cases.push_back(CaseOf(s, scenario::RunScenario(s, options.factory, run), options.known, options.strict));
      if (options.on_case) options.on_case(out.cases.back(), out.cases.size(), total);
      if (!out.cases.back().client_broken.empty()) break;
    }
    if (out.FirstBrokenClient()) break;
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

std::vector<Failing> FailingRuns(const report::Report& report) {
  std::vector<Failing> failing;
  for (const auto& c : report.cases) {
    if (c.outcome != report::Outcome::kFailed && c.outcome != report::Outcome::kKnownFailure) continue;
    auto first = std::find_if(c.failures.begin(), c.failures.end(),
                              [&](const report::Failure& f) { return Counts(f, report.strict); });
    failing.push_back({c.id, c.locale, first == c.failures.end() ? "" : ShortWhy(first->text)});
  }
  return failing;
}

}  // namespace trtc::gate
