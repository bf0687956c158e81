// The declarative suite: every scenario under scenarios/ is one test per locale, run
// against the reference client in-process. `--gtest_filter='*account*'`, sharding,
// repeat and shuffle work as for any GoogleTest test.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "harness/adapter/adapter.h"
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

void ExpectPasses(const Case& param, const ClientFactory& factory) {
  conformance::ExpectScenarioPasses(*param.scenario, param.locale, factory);
}

class ReferenceClientScenario : public testing::TestWithParam<Case> {};

TEST_P(ReferenceClientScenario, Passes) {
  ExpectPasses(GetParam(), [] { return refclient::MakeReferenceClient(); });
}

INSTANTIATE_TEST_SUITE_P(InProcess, ReferenceClientScenario, testing::ValuesIn(AllCases()), CaseName);

// The same suite through the out-of-process adapter: trtc-refclient over stdin/stdout.
class StdioAdapterScenario : public testing::TestWithParam<Case> {};

TEST_P(StdioAdapterScenario, Passes) {
  ExpectPasses(GetParam(), [] { return adapter::MakeProcessClient(TRTC_REFCLIENT); });
}

INSTANTIATE_TEST_SUITE_P(Stdio, StdioAdapterScenario, testing::ValuesIn(AllCases()), CaseName);

// The mutation check: a broken variant must fail every scenario it breaks. Every scenario
// that expects an error is broken by every variant; one that expects none only by a wrong
// code (its results). A variant that passes a scenario names a scenario that cannot fail.
class MutationCheck : public testing::TestWithParam<refclient::BreakageInfo> {};

TEST_P(MutationCheck, EveryAffectedScenarioFails) {
  const auto breakage = GetParam().breakage;
  std::vector<const Scenario*> affected;
  for (const auto& s : Suite().scenarios)
    if (!s.errors.empty() || breakage == refclient::Breakage::kWrongCode) affected.push_back(&s);
  // A broken client only ever makes the runner wait for what never comes; 100 ms is plenty
  // for the reference client to answer, and scenarios run eight at a time.
  RunOptions options;
  options.patience = std::chrono::milliseconds(100);
  std::vector<std::string> survivors;
  std::mutex mutex;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < affected.size(); i = next++) {
      auto result = RunScenario(
          *affected[i], [&] { return refclient::MakeBrokenReferenceClient(breakage); }, options);
      if (result.passed) {
        std::lock_guard lock(mutex);
        survivors.push_back(affected[i]->id);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  EXPECT_GT(affected.size(), 150u);
  for (const auto& id : survivors)
    ADD_FAILURE() << "scenario " << id << " passes against the '" << GetParam().name << "' variant";
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
