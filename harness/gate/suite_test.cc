// The suite as a gate runs it: sharding, merging, known failures, broken clients. Runs
// real scenarios against the reference client and its broken variants, in-process.
#include "harness/gate/suite.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "harness/reference_client/broken_variants.h"
#include "harness/reference_client/reference_client.h"

namespace trtc::gate {
namespace {

using testing::HasSubstr;
using testing::StartsWith;

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

std::vector<scenario::Scenario> Only(const std::set<std::string>& ids) {
  std::vector<scenario::Scenario> some;
  for (const auto& s : Suite())
    if (ids.contains(s.id)) some.push_back(s);
  EXPECT_EQ(some.size(), ids.size());
  return some;
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

// A listed run that fails otherwise than its line's signature says is not the known failure:
// a client that regresses from a wrong extra code to no error at all fails the gate.
TEST(KnownFailuresInARun, AListedRunThatFailsOtherwiseFailsTheGate) {
  const auto arrears = Only({"web-v4/join/arrears"});
  auto options = Options(Broken(refclient::Breakage::kWrongExtraCode));
  const std::string signature = RunSuite(arrears, options).cases.at(0).signature;
  EXPECT_EQ(signature, "documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006");
  const std::set<std::string> ids = {"web-v4/join/arrears"};
  auto known = std::get<KnownFailures>(
      ParseKnownFailures("web-v4/join/arrears  [" + signature + "]  # SDK-1\n", "known.txt", ids));
  options.known = &known;
  auto same = RunSuite(arrears, options);
  EXPECT_EQ(same.cases.at(0).outcome, report::Outcome::kKnownFailure);
  EXPECT_EQ(report::Verdict(same), 0);

  options.factory = Broken(refclient::Breakage::kSwallowed);
  auto changed = RunSuite(arrears, options);
  const auto& c = changed.cases.at(0);
  EXPECT_EQ(c.outcome, report::Outcome::kKnownFailureChanged);
  EXPECT_EQ(c.known_failure_signature, signature);
  EXPECT_THAT(c.signature, HasSubstr("documented-error: nothing for web-v4/join-room/10006"));
  EXPECT_EQ(report::Verdict(changed), 1);
  std::ostringstream summary;
  report::WriteSummary(summary, changed);
  EXPECT_THAT(summary.str(), HasSubstr("known failure changed: web-v4/join/arrears@en: listed as [" + signature +
                                       "], now [" + c.signature + "]"));

  auto unsigned_known = std::get<KnownFailures>(ParseKnownFailures("web-v4/join/arrears  # SDK-1\n", "known.txt", ids));
  options.known = &unsigned_known;
  EXPECT_EQ(RunSuite(arrears, options).cases.at(0).outcome, report::Outcome::kKnownFailure)
      << "a line without a signature accepts any failure";
}

// The signature of a deterministic client's failure is the same run after run.
TEST(KnownFailuresInARun, ADeterministicClientFailsWithTheSameSignatureEveryRun) {
  const auto join = Only({"web-v4/join/arrears", "web-v4/join/room-id-out-of-range", "web-v4/join/service-disabled"});
  auto options = Options(Broken(refclient::Breakage::kWrongCode));
  options.locales = {catalog::Locale::kEn, catalog::Locale::kJa};
  auto signatures = [&] {
    std::vector<std::string> out;
    for (const auto& c : RunSuite(join, options).cases) out.push_back(c.id + " [" + c.locale + "] " + c.signature);
    return out;
  };
  const auto first = signatures();
  EXPECT_EQ(signatures(), first);
  for (const auto& line : first) EXPECT_THAT(line, HasSubstr("documented-error: web-v4 0x4005")) << line;
}

// What the checks found reaches the report as data, and the notes of new known failures
// are written from it.
TEST(StructuredFailures, ADocumentedErrorFailureSaysWhatCameInPlaceOfTheEntry) {
  auto r = RunSuite(Only({"web-v4/join/arrears"}), Options(Broken(refclient::Breakage::kWrongExtraCode)));
  const auto& failures = r.cases.at(0).failures;
  auto it = std::find_if(failures.begin(), failures.end(),
                         [](const report::Failure& f) { return f.rule == "documented-error"; });
  ASSERT_NE(it, failures.end());
  ASSERT_TRUE(it->mismatch) << it->text;
  EXPECT_EQ(it->mismatch->entry, "web-v4/join-room/10006");
  EXPECT_THAT(it->mismatch->expected, HasSubstr("(has extra code 10006)"));
  EXPECT_EQ(it->mismatch->surfaced.value("extraCode", 0), 10007);
  EXPECT_EQ(it->mismatch->because, "extra code 10007, and documented by web-v4/common-error/10006 error");
  const auto failing = FailingRuns(r);
  ASSERT_EQ(failing.size(), 1u);
  EXPECT_THAT(failing[0].why, StartsWith("expected web-v4/join-room/10006; surfaced web-v4 16388 extra 10007"));
  EXPECT_THAT(failing[0].why,
              HasSubstr("; because extra code 10007, and documented by web-v4/common-error/10006 error"));
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
  for (int jobs : {1, 4}) {
    auto options = Options([] { return std::make_unique<NeverStarts>(); });
    options.locales = {catalog::Locale::kEn, catalog::Locale::kZh};
    options.jobs = jobs;
    auto r = RunSuite(Suite(), options);
    ASSERT_EQ(r.cases.size(), 1u) << jobs << " jobs";
    EXPECT_EQ(r.cases[0].id, Suite().front().id) << jobs << " jobs";
    EXPECT_THAT(r.cases[0].client_broken, HasSubstr("the client did not start: exec: ./my-client: not found"));
    EXPECT_EQ(report::Verdict(r), 2);
  }
}

// Runs in parallel, started in a shuffled order, give the serial report: the same runs, in
// the same order, with the same outcomes, failures, surfaced errors and traces (a broken
// variant, so there are failures to compare; scenarios with peers, whose pushes race).
TEST(ParallelRuns, GiveTheSerialReport) {
  std::vector<scenario::Scenario> selection;
  for (const auto& s : Suite())
    if (s.id.starts_with("web-v4/account/") || s.id.starts_with("rest/") || s.id.starts_with("roomengine/seat/"))
      selection.push_back(s);
  auto options = Options(Broken(refclient::Breakage::kWrongExtraCode));
  options.locales = {catalog::Locale::kEn, catalog::Locale::kJa};
  auto serial = RunSuite(selection, options);
  options.jobs = 3;
  options.shuffle_seed = 7;
  auto parallel = RunSuite(selection, options);
  ASSERT_EQ(Outcomes(parallel), Outcomes(serial));
  EXPECT_THAT(Outcomes(serial), testing::Contains(HasSubstr("failed")));
  for (std::size_t i = 0; i < serial.cases.size(); ++i) {
    EXPECT_EQ(parallel.cases[i].surfaced, serial.cases[i].surfaced) << serial.cases[i].id;
    EXPECT_EQ(parallel.cases[i].trace, serial.cases[i].trace) << serial.cases[i].id;
    ASSERT_EQ(parallel.cases[i].failures.size(), serial.cases[i].failures.size()) << serial.cases[i].id;
    for (std::size_t f = 0; f < serial.cases[i].failures.size(); ++f)
      EXPECT_EQ(parallel.cases[i].failures[f].text, serial.cases[i].failures[f].text) << serial.cases[i].id;
  }
}

}  // namespace
}  // namespace trtc::gate
