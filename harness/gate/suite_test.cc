// The suite as a gate runs it: sharding, merging, known failures, broken clients. Runs
// real scenarios against the reference client and its broken variants, in-process.
#include "harness/gate/suite.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "harness/reference_client/broken_variants.h"
#include "harness/reference_client/reference_client.h"

namespace trtc::gate {
namespace {

using testing::HasSubstr;

const std::vector<scenario::Scenario>& Suite() {
  static const auto suite = scenario::LoadScenarios(scenario::DefaultScenariosDir()).scenarios;
  return suite;
}

SuiteOptions Options(scenario::ClientFactory factory) {
  SuiteOptions options;
  options.factory = std::move(factory);
  options.client_label = "test client";
  options.run.patience = std::chrono::milliseconds(100);  // only the broken variants wait
  return options;
}

scenario::ClientFactory Broken(refclient::Breakage breakage) {
  return [breakage] { return refclient::MakeBrokenReferenceClient(breakage); };
}

std::vector<std::string> Outcomes(const report::Report& r) {
  std::vector<std::string> out;
  for (const auto& c : r.cases) out.push_back(c.id + " [" + c.locale + "] " + std::string(ToString(c.outcome)));
  return out;
}

TEST(Sharding, ShardFlagIsOneBasedAndChecked) {
  EXPECT_EQ(std::get<report::Shard>(ParseShardFlag("2/3")), (report::Shard{1, 3}));
  EXPECT_THAT(std::get<std::string>(ParseShardFlag("0/3")), HasSubstr("1 <= i <= n"));
  EXPECT_THAT(std::get<std::string>(ParseShardFlag("4/3")), HasSubstr("1 <= i <= n"));
  EXPECT_THAT(std::get<std::string>(ParseShardFlag("x")), HasSubstr("not 'x'"));
}

TEST(Sharding, ShardsPartitionTheSuite) {
  std::size_t total = 0;
  std::set<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    for (const auto& s : InShard(Suite(), {i, 3})) {
      EXPECT_TRUE(seen.insert(s.id).second) << s.id << " in two shards";
      ++total;
    }
  }
  EXPECT_EQ(total, Suite().size());
}

// Three shards, merged, give the verdict, counts and per-run outcomes of one unsharded run.
// A broken variant makes some runs fail, so the comparison covers failures too.
TEST(Sharding, ThreeShardsMergedEqualOneUnshardedRun) {
  auto options = Options(Broken(refclient::Breakage::kWrongExtraCode));
  auto whole = RunSuite(InShard(Suite(), {0, 1}), options);
  std::vector<report::Report> shards;
  for (int i = 0; i < 3; ++i) {
    options.shard = {i, 3};
    shards.push_back(RunSuite(InShard(Suite(), options.shard), options));
  }
  auto merged = report::Merge(shards);
  ASSERT_TRUE(std::holds_alternative<report::Report>(merged)) << std::get<std::string>(merged);
  const auto& m = std::get<report::Report>(merged);
  EXPECT_TRUE(m.complete());
  EXPECT_GT(whole.counts().failed, 0);
  EXPECT_GT(whole.counts().passed, 0);
  EXPECT_EQ(m.counts(), whole.counts());
  EXPECT_EQ(report::Verdict(m), report::Verdict(whole));
  EXPECT_EQ(Outcomes(m), Outcomes(whole));
}

TEST(KnownFailuresInARun, ListedFailuresPassTheGateAndListedPassesFailIt) {
  std::vector<scenario::Scenario> two;
  for (const auto& s : Suite())
    if (s.id == "web-v4/join/arrears" || s.id == "rest/app-disabled") two.push_back(s);
  ASSERT_EQ(two.size(), 2u);
  std::set<std::string> ids = {"web-v4/join/arrears", "rest/app-disabled"};
  auto known = std::get<KnownFailures>(ParseKnownFailures("web-v4/join/arrears  # SDK-1\n", "known.txt", ids));
  auto options = Options(Broken(refclient::Breakage::kWrongExtraCode));
  options.known = &known;
  auto broken = RunSuite(two, options);
  ASSERT_EQ(broken.cases.size(), 2u);
  EXPECT_EQ(broken.cases[1].outcome, report::Outcome::kKnownFailure) << broken.cases[1].id;
  EXPECT_EQ(broken.cases[1].known_failure_note, "SDK-1");

  options.factory = [] { return refclient::MakeReferenceClient(); };
  auto fixed = RunSuite(two, options);
  EXPECT_EQ(fixed.cases[1].outcome, report::Outcome::kNowPassing);
  EXPECT_EQ(report::Verdict(fixed), 1);
}

class NeverStarts : public client::ClientUnderTest {
 public:
  std::optional<std::string> Start(const client::ClientConfig&, client::ClientObserver&) override {
    return "exec: ./my-client: not found";
  }
  void Execute(const client::Command&) override {}
  void Stop() override {}
};

TEST(BrokenClient, StopsAtTheFirstRunAndGivesVerdictTwo) {
  auto options = Options([] { return std::make_unique<NeverStarts>(); });
  options.locales = {catalog::Locale::kEn, catalog::Locale::kZh};
  auto r = RunSuite(Suite(), options);
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_THAT(r.cases[0].client_broken, HasSubstr("the client did not start: exec: ./my-client: not found"));
  EXPECT_EQ(report::Verdict(r), 2);
}

}  // namespace
}  // namespace trtc::gate
