// The declarative suite: every scenario under scenarios/ is one test per locale, run
// against the reference client in-process. `--gtest_filter='*account*'`, sharding,
// repeat and shuffle work as for any GoogleTest test.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "harness/adapter/adapter.h"
#include "harness/reference_client/application.h"
#include "harness/reference_client/broken_variants.h"
#include "harness/reference_client/reference_client.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/scenario.h"
#include "harness/suite_main/conformance_suite.h"

namespace trtc::scenario {
namespace {

const LoadedSuite& Suite() {
  static const LoadedSuite suite = LoadScenarios(TRTC_SCENARIOS_DIR);
  return suite;
}

struct Case {
  const Scenario* scenario;
  catalog::Locale locale;
};
void PrintTo(const Case& c, std::ostream* out) { *out << c.scenario->id << " [" << catalog::ToString(c.locale) << "]"; }

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const auto& s : Suite().scenarios)
    for (auto locale : catalog::kAllLocales) cases.push_back({&s, locale});
  return cases;
}

std::string CaseName(const testing::TestParamInfo<Case>& info) {
  std::string name = info.param.scenario->id + "_" + std::string(catalog::ToString(info.param.locale));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

// Test names and failures show a run as the scenario and the locale, not as its bytes.
TEST(ScenarioSuite, ItsParametersPrintAsScenarioAndLocale) {
  const auto cases = AllCases();
  ASSERT_FALSE(cases.empty());
  EXPECT_EQ(testing::PrintToString(cases.front()), cases.front().scenario->id + " [en]");
}

TEST(ScenarioSuite, EveryScenarioFileLoads) {
  for (const auto& d : Suite().diagnostics) ADD_FAILURE() << d.ToString();
  EXPECT_FALSE(Suite().scenarios.empty());
}

TEST(ScenarioSuite, EveryCatalogEntryIsCovered) {
  int covered = 0;
  for (const auto& [id, scenarios] : Coverage(Suite().scenarios)) {
    if (scenarios.empty())
      ADD_FAILURE() << id << " is covered by no scenario";
    else
      ++covered;
  }
  EXPECT_EQ(covered, 187);
}

// The reference client must pass at every level, recommended included (--strict).
void ExpectPasses(const Case& param, const ClientFactory& factory) {
  conformance::ExpectScenarioPasses(*param.scenario, param.locale, factory, /*strict=*/true);
}

ClientFactory ReferenceSdk() {
  return [] { return refclient::MakeReferenceClient(); };
}
ClientFactory ReferenceApplication() {
  return [] { return refclient::MakeReferenceApplication(refclient::MakeReferenceClient()); };
}

class ReferenceClientScenario : public testing::TestWithParam<Case> {};

TEST_P(ReferenceClientScenario, Passes) { ExpectPasses(GetParam(), ReferenceSdk()); }

INSTANTIATE_TEST_SUITE_P(InProcess, ReferenceClientScenario, testing::ValuesIn(AllCases()), CaseName);

// The same client with its application on top: application-level handling is judged too.
class ReferenceApplicationScenario : public testing::TestWithParam<Case> {};

TEST_P(ReferenceApplicationScenario, Passes) { ExpectPasses(GetParam(), ReferenceApplication()); }

INSTANTIATE_TEST_SUITE_P(InProcessApplication, ReferenceApplicationScenario, testing::ValuesIn(AllCases()), CaseName);

// The same suite through the out-of-process adapter: trtc-refclient over stdin/stdout, as
// an SDK alone and as an application that asks the harness for fresh userSigs.
class StdioAdapterScenario : public testing::TestWithParam<Case> {};

TEST_P(StdioAdapterScenario, Passes) {
  ExpectPasses(GetParam(), [] { return adapter::MakeProcessClient(TRTC_REFCLIENT); });
}

INSTANTIATE_TEST_SUITE_P(Stdio, StdioAdapterScenario, testing::ValuesIn(AllCases()), CaseName);

class StdioApplicationScenario : public testing::TestWithParam<Case> {};

TEST_P(StdioApplicationScenario, Passes) {
  ExpectPasses(GetParam(), [] { return adapter::MakeProcessClient(std::string(TRTC_REFCLIENT) + " --application"); });
}

INSTANTIATE_TEST_SUITE_P(StdioApplication, StdioApplicationScenario, testing::ValuesIn(AllCases()), CaseName);

// The long-lived testee (docs/adapter.md, "Lifetime"): one trtc-refclient process serves every
// scenario with a reset between them, and each still passes as in a process of its own.
TEST(StdioLongLived, OneProcessPassesEveryScenario) {
  const auto factory = adapter::ProcessClientFactory(TRTC_REFCLIENT, /*keep_alive=*/true);
  for (const auto& param : AllCases())
    if (param.locale == catalog::Locale::kEn) ExpectPasses(param, factory);
}

// The mutation check: a broken variant must fail every scenario it breaks, at the level it
// breaks, naming what it broke. A variant that passes a scenario names a scenario that
// cannot fail.
struct Mutation {
  // Scenarios the variant affects: the behaviour rules a conforming run of the same shape
  // had to judge there ("rule:" prefixes of ScenarioResult::checked); empty: as below.
  std::vector<std::string_view> affects_where_checked;
  // Rules a failure must come from (empty: any).
  std::vector<std::string_view> caught_by;
  bool recommended = false;  // caught at the recommended level only (a --strict gate)
  // How long the runner waits for an answer the client owes. Variants that answer
  // everything get the default, so a slow machine (a sanitizer build) cannot cut a run
  // short before the judge sees the behaviour; those that withhold answers would make
  // every run wait that long, and 100 ms is plenty for the reference client to answer.
  std::chrono::milliseconds patience{5000};
};

Mutation MutationOf(refclient::Breakage breakage) {
  using B = refclient::Breakage;
  switch (breakage) {
    case B::kSwallowed:
    case B::kLate:
      return {.patience = std::chrono::milliseconds(100)};
    case B::kWrongHandling:
      return {{}, {"handling-label"}, true};
    case B::kWrongLocale:
      return {{}, {"documented-text"}, true};
    case B::kRetryStorm:
      return {{"no-automatic-repeat:", "retry-after:", "reduce-request-rate:", "bounded-retry:"},
              {"no-automatic-repeat", "retry-after", "reduce-request-rate", "bounded-retry", "fresh-token"}};
    case B::kRetryBeforeRetryAfter:
      return {{"retry-after:", "reduce-request-rate:"}, {"retry-after", "reduce-request-rate"}};
    case B::kReconnectAtOnce:
      return {{"reconnection-windows:"}, {"reconnection-windows"}};
    case B::kResultCodeZero:
      return {{"result-agrees:"}, {"result-agrees"}};
    case B::kRejoinWithRejectedToken:
      return {{"app-fetches-fresh-token:"}, {"fresh-token"}};
    case B::kEarlyJoinTimeout:
      return {{"join-timeout:"}, {"join-timeout"}};
    case B::kNoRejoinWhenOnline:
      return {{"rejoin-when-online:"}, {"rejoin-when-online"}, true};
    default:
      return {};
  }
}

// What a conforming client of each shape had to be judged on, per scenario (English runs).
const std::map<std::string, std::vector<std::string>>& Checked(bool application) {
  static std::map<std::string, std::vector<std::string>> checked[2];
  static std::once_flag once[2];
  std::call_once(once[application], [&] {
    for (const auto& s : Suite().scenarios)
      checked[application][s.id] =
          RunScenario(s, application ? ReferenceApplication() : ReferenceSdk(), RunOptions{}).checked;
  });
  return checked[application];
}

std::vector<const Scenario*> Affected(const refclient::BreakageInfo& info, const Mutation& mutation) {
  std::vector<const Scenario*> affected;
  for (const auto& s : Suite().scenarios) {
    bool hit = !s.errors.empty() || info.breakage == refclient::Breakage::kWrongCode;
    if (!mutation.affects_where_checked.empty()) {
      const auto& checked = Checked(info.application).at(s.id);
      hit = std::any_of(checked.begin(), checked.end(), [&](const std::string& c) {
        return std::any_of(mutation.affects_where_checked.begin(), mutation.affects_where_checked.end(),
                           [&](std::string_view prefix) { return c.starts_with(prefix); });
      });
    }
    if (hit) affected.push_back(&s);
  }
  return affected;
}

// Why a broken variant's run does not count as caught, or nothing when it does.
std::optional<std::string> NotCaught(const ScenarioResult& result, const Mutation& mutation) {
  const bool failed = mutation.recommended ? !result.failures.empty() : !result.passed;
  if (!failed) return "passes";
  if (mutation.caught_by.empty()) return std::nullopt;
  for (const auto& f : result.failures)
    if (std::find(mutation.caught_by.begin(), mutation.caught_by.end(), f.rule) != mutation.caught_by.end())
      return std::nullopt;
  std::string seen;
  for (const auto& f : result.failures) seen += "\n      " + Describe(f);
  return "fails, but not by the rule that names the behaviour:" + seen;
}

class MutationCheck : public testing::TestWithParam<refclient::BreakageInfo> {};

TEST_P(MutationCheck, EveryAffectedScenarioFails) {
  const auto info = GetParam();
  const auto mutation = MutationOf(info.breakage);
  const auto affected = Affected(info, mutation);
  RunOptions options;  // scenarios run eight at a time
  options.patience = mutation.patience;
  std::vector<std::string> survivors;
  std::mutex mutex;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < affected.size(); i = next++) {
      auto result = RunScenario(
          *affected[i], [&] { return refclient::MakeBrokenReferenceClient(info.breakage); }, options);
      if (auto why = NotCaught(result, mutation)) {
        std::lock_guard lock(mutex);
        survivors.push_back(affected[i]->id + ": " + *why);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  EXPECT_GT(affected.size(), mutation.affects_where_checked.empty() ? 150u : 0u);
  for (const auto& why : survivors) ADD_FAILURE() << "against the '" << info.name << "' variant, scenario " << why;
}

INSTANTIATE_TEST_SUITE_P(BrokenVariants, MutationCheck,
                         testing::ValuesIn(refclient::AllBreakages().begin(), refclient::AllBreakages().end()),
                         [](const auto& param_info) {
                           std::string name(param_info.param.name);
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace trtc::scenario
