#include "harness/report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace trtc::report {
namespace {

using testing::HasSubstr;
using testing::Not;

// The signature a failing Case() has, and the one its known-failures line gives when it changed.
const std::string kNow = "documented-error: web-v4 0x4005 for web-v4/sdk/JOIN_ROOM_FAILED";
const std::string kListed = "documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006";

std::string ChangedLine(const std::string& id) {
  return "known failure changed: " + id + "@en: listed as [" + kListed + "], now [" + kNow + "]";
}

CaseResult Case(std::string id, std::string locale, Outcome outcome) {
  CaseResult c;
  c.id = std::move(id);
  c.locale = std::move(locale);
  c.outcome = outcome;
  c.title = "title of " + c.id;
  c.covers = {"web-v4/sdk/JOIN_ROOM_FAILED"};
  c.expected = nlohmann::json::array({{{"family", "web-v4"}, {"code", 16388}, {"extraCode", -10012}}});
  if (outcome != Outcome::kPassed && outcome != Outcome::kNowPassing) {
    c.surfaced = nlohmann::json::array({{{"family", "web-v4"}, {"code", 16389}, {"extraCode", nullptr}}});
    c.failures = {{"required", "documented-error",
                   "a.json:9: expected web-v4/sdk/JOIN_ROOM_FAILED\n    surfaced web-v4 16389",
                   ErrorMismatch{"web-v4/sdk/JOIN_ROOM_FAILED", "(has code 16388)", c.surfaced[0], "code 16389"}}};
    c.signature = kNow;
  }
  return c;
}

// Listed with one signature, failing with another.
CaseResult Changed(std::string id) {
  auto c = Case(std::move(id), "en", Outcome::kKnownFailureChanged);
  c.known_failure_signature = kListed;
  c.known_failure_note = "SDK-12";
  return c;
}

Report Sample(Shard shard = {}) {
  Report r;
  r.client = "reference client";
  r.locales = {"en", "zh"};
  r.shards = {shard};
  r.entries = {{"web-v4/sdk/JOIN_ROOM_FAILED", "web-v4", "0x4004 JOIN_ROOM_FAILED"},
               {"web-v4/sdk/UNKOWN", "web-v4", "0xFFFF UNKOWN"}};
  return r;
}

TEST(Report, VerdictIsZeroOneOrTwo) {
  auto r = Sample();
  r.cases = {Case("a", "en", Outcome::kPassed), Case("b", "en", Outcome::kKnownFailure)};
  EXPECT_EQ(Verdict(r), 0);
  r.cases.push_back(Case("c", "en", Outcome::kNowPassing));
  EXPECT_EQ(Verdict(r), 1) << "a known failure that passes fails the gate";
  r.cases.back() = Case("c", "en", Outcome::kFailed);
  EXPECT_EQ(Verdict(r), 1);
  r.cases.back().client_broken = "the client did not start: no such file";
  EXPECT_EQ(Verdict(r), 2);
  EXPECT_EQ(r.counts(), (Counts{1, 1, 1, 0}));
  r.cases.back() = Changed("c");
  EXPECT_EQ(Verdict(r), 1) << "a known failure that fails otherwise fails the gate";
  EXPECT_EQ(r.counts().known_failures_changed, 1);
  EXPECT_EQ(r.counts().total(), 3);
}

TEST(Report, JsonRoundTripsAndIsVersioned) {
  auto r = Sample();
  r.cases = {Case("a", "en", Outcome::kPassed), Case("b", "zh", Outcome::kKnownFailure)};
  r.cases[1].known_failure_note = "SDK-12";
  auto json = ToJson(r);
  EXPECT_EQ(json["schema"], "trtc-conformance-report");
  EXPECT_EQ(json["version"], 2);
  EXPECT_EQ(json["counts"]["knownFailures"], 1);
  EXPECT_EQ(json["verdict"], 0);
  auto back = FromJson(json);
  ASSERT_TRUE(std::holds_alternative<Report>(back)) << std::get<std::string>(back);
  EXPECT_EQ(ToJson(std::get<Report>(back)), json);
}

TEST(Report, JsonCarriesSignaturesAndWhatTheChecksFoundAsData) {
  auto r = Sample();
  r.cases = {Changed("a")};
  auto json = ToJson(r);
  const auto& c = json["cases"][0];
  EXPECT_EQ(c["outcome"], "known-failure-changed");
  EXPECT_EQ(c["signature"], kNow);
  EXPECT_EQ(c["knownFailureSignature"], kListed);
  EXPECT_EQ(c["failures"][0]["mismatch"]["entry"], "web-v4/sdk/JOIN_ROOM_FAILED");
  EXPECT_EQ(c["failures"][0]["mismatch"]["surfaced"]["code"], 16389);
  EXPECT_EQ(json["counts"]["knownFailuresChanged"], 1);
  EXPECT_EQ(json["verdict"], 1);
  auto back = FromJson(json);
  ASSERT_TRUE(std::holds_alternative<Report>(back)) << std::get<std::string>(back);
  EXPECT_EQ(std::get<Report>(back).cases[0].failures, r.cases[0].failures);
  EXPECT_EQ(ToJson(std::get<Report>(back)), json);
}

// Reports written before signatures and mismatches were added read as they always did.
TEST(Report, FromJsonReadsReportsWithoutTheAddedFields) {
  auto r = Sample();
  r.cases = {Case("a", "en", Outcome::kKnownFailure)};
  auto json = ToJson(r);
  json["cases"][0].erase("signature");
  json["cases"][0]["failures"][0].erase("mismatch");
  json["counts"].erase("knownFailuresChanged");
  auto back = FromJson(json);
  ASSERT_TRUE(std::holds_alternative<Report>(back)) << std::get<std::string>(back);
  const auto& c = std::get<Report>(back).cases[0];
  EXPECT_EQ(c.outcome, Outcome::kKnownFailure);
  EXPECT_EQ(c.signature, "");
  EXPECT_FALSE(c.failures[0].mismatch);
  EXPECT_EQ(c.failures[0].text, r.cases[0].failures[0].text);
  json["cases"][0]["failures"][0]["mismatch"] = {{"entry", 3}};
  EXPECT_THAT(std::get<std::string>(FromJson(json)),
              HasSubstr("cases[0].failures[0].mismatch.entry: must be a string"));
}

TEST(Report, FromJsonNamesTheBadField) {
  auto json = ToJson(Sample());
  json["version"] = 1;
  EXPECT_THAT(std::get<std::string>(FromJson(json)), HasSubstr("version 1 is not supported"));
  json = ToJson(Sample());
  json["cases"] = nlohmann::json::array({CaseResult{}.id});
  EXPECT_THAT(std::get<std::string>(FromJson(json)), HasSubstr("cases[0]: must be an object"));
  auto r = Sample();
  r.cases = {Case("a", "en", Outcome::kPassed)};
  json = ToJson(r);
  json["cases"][0]["outcome"] = "maybe";
  EXPECT_THAT(
      std::get<std::string>(FromJson(json)),
      HasSubstr("cases[0].outcome: is not passed, failed, known-failure, known-failure-changed or now-passing"));
  EXPECT_THAT(std::get<std::string>(FromJson(nlohmann::json::array())), HasSubstr("not a trtc-conformance report"));
  r.cases = {Case("a", "en", Outcome::kFailed)};
  json = ToJson(r);
  json["cases"][0]["failures"][0]["level"] = "optional";
  EXPECT_THAT(std::get<std::string>(FromJson(json)),
              HasSubstr("cases[0].failures[0].level: is not required or recommended"));
}

TEST(Report, RecommendedOnlyRunsAreCountedAndShownWithTheirLevel) {
  auto r = Sample();
  r.cases = {Case("a", "en", Outcome::kPassed), Case("b", "en", Outcome::kPassed)};
  r.cases[1].failures = {{"recommended", "documented-text", "message in zh, not en"}};
  EXPECT_EQ(r.counts().recommended, 1);
  EXPECT_EQ(Verdict(r), 0);
  std::ostringstream summary;
  WriteSummary(summary, r);
  EXPECT_THAT(summary.str(), HasSubstr("1 passed run(s) have recommended-level failures"));
  EXPECT_THAT(ToHtml(r), HasSubstr("[recommended documented-text] message in zh, not en"));
  EXPECT_THAT(ToJUnitXml(r),
              HasSubstr("<property name=\"recommended-failures\" value=\"[recommended documented-text]"));
  auto back = FromJson(ToJson(r));
  ASSERT_TRUE(std::holds_alternative<Report>(back));
  EXPECT_EQ(std::get<Report>(back).cases[1].failures, r.cases[1].failures);
}

TEST(Report, MergeCombinesShardsInSuiteOrder) {
  auto first = Sample({0, 2});
  first.cases = {Case("a", "en", Outcome::kPassed), Case("a", "zh", Outcome::kFailed),
                 Case("c", "en", Outcome::kPassed), Case("c", "zh", Outcome::kPassed)};
  auto second = Sample({1, 2});
  second.cases = {Case("b", "en", Outcome::kPassed), Case("b", "zh", Outcome::kPassed)};
  auto merged = Merge({second, first});
  ASSERT_TRUE(std::holds_alternative<Report>(merged)) << std::get<std::string>(merged);
  const auto& m = std::get<Report>(merged);
  EXPECT_TRUE(m.complete());
  ASSERT_EQ(m.cases.size(), 6u);
  EXPECT_EQ(m.cases[0].id + m.cases[0].locale, "aen");
  EXPECT_EQ(m.cases[1].id + m.cases[1].locale, "azh");
  EXPECT_EQ(m.cases[2].id, "b");
  EXPECT_EQ(Verdict(m), 1);
}

TEST(Report, MergeRefusesShardsOfDifferentRunsOrTwice) {
  auto a = Sample({0, 2}), b = Sample({1, 2});
  b.client = "./my-client";
  EXPECT_THAT(std::get<std::string>(Merge({a, b})), HasSubstr("different clients"));
  EXPECT_THAT(std::get<std::string>(Merge({a, a})), HasSubstr("shard 1/2 is given twice"));
  auto c = Sample({1, 3});
  EXPECT_THAT(std::get<std::string>(Merge({a, c})), HasSubstr("different shard counts"));
  auto d = Sample({1, 2});
  a.cases = {Case("x", "en", Outcome::kPassed)};
  d.cases = {Case("x", "en", Outcome::kPassed)};
  EXPECT_THAT(std::get<std::string>(Merge({a, d})), HasSubstr("x [en] is in two shards"));
  EXPECT_FALSE(std::get<Report>(Merge({a})).complete());
}

TEST(JUnit, OneTestcasePerRunWithCodesAsPropertiesAndTheDiffAsFailure) {
  auto r = Sample();
  r.cases = {Case("web-v4/join/arrears", "en", Outcome::kFailed), Case("web-v4/join/ok", "zh", Outcome::kPassed),
             Case("web-v4/join/known", "en", Outcome::kKnownFailure)};
  r.cases[0].trace = {"> join #2 {\"roomId\":8080} <&>\x01"};
  auto xml = ToJUnitXml(r);
  EXPECT_THAT(xml, HasSubstr("<testsuites name=\"trtc-conformance\" tests=\"3\" failures=\"1\" skipped=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"web-v4/join\" name=\"web-v4/join/arrears [en]\""));
  EXPECT_THAT(xml, HasSubstr("<property name=\"expected\" value=\"web-v4 16388 extra -10012\"/>"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"surfaced\" value=\"web-v4 16389\"/>"));
  EXPECT_THAT(xml, HasSubstr("<failure type=\"conformance\" message=\"[required documented-error] a.json:9: expected "
                             "web-v4/sdk/JOIN_ROOM_FAILED\">"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"known failure\">"));
  EXPECT_THAT(xml, HasSubstr("{&quot;roomId&quot;:8080} &lt;&amp;&gt;\xEF\xBF\xBD"));
  EXPECT_THAT(xml, Not(HasSubstr("\x01")));
}

TEST(JUnit, AChangedKnownFailureIsAFailureThatSaysBothSignatures) {
  auto r = Sample();
  r.cases = {Changed("web-v4/join/arrears")};
  auto xml = ToJUnitXml(r);
  EXPECT_THAT(xml, HasSubstr("tests=\"1\" failures=\"1\" skipped=\"0\""));
  EXPECT_THAT(xml, HasSubstr("<failure type=\"known-failure-changed\" message=\"" + ChangedLine("web-v4/join/arrears") +
                             "\">"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"signature\" value=\"" + kNow + "\"/>"));
}

TEST(Html, AChangedKnownFailureIsARedCellWithBothSignatures) {
  auto r = Sample();
  r.known_failures_file = "known.txt";
  r.cases = {Changed("web-v4/join/arrears")};
  auto html = ToHtml(r);
  EXPECT_THAT(html, HasSubstr("<td class=\"cell known-failure-changed\""));
  EXPECT_THAT(html, HasSubstr("<a href=\"#case-web-v4-join-arrears-en\">K!</a>"));
  EXPECT_THAT(html, HasSubstr("<section id=\"case-web-v4-join-arrears-en\" class=\"case-known-failure-changed\">"));
  EXPECT_THAT(html, HasSubstr(ChangedLine("web-v4/join/arrears") +
                              ": a different failure is not the known one: fix the client, or give its line in "
                              "known.txt the new signature"));
  EXPECT_THAT(html, HasSubstr("<span class=\"verdict v1\">FAIL</span>"));
}

TEST(Html, MatrixCellsLinkToTheFailingScenario) {
  auto r = Sample();
  r.cases = {Case("web-v4/join/arrears", "en", Outcome::kFailed), Case("web-v4/join/arrears", "zh", Outcome::kPassed)};
  auto html = ToHtml(r);
  EXPECT_THAT(html, HasSubstr("<td class=\"cell failed\""));
  EXPECT_THAT(html, HasSubstr("<a href=\"#case-web-v4-join-arrears-en\">✗</a>"));
  EXPECT_THAT(html, HasSubstr("<section id=\"case-web-v4-join-arrears-en\" class=\"case-failed\">"));
  EXPECT_THAT(html, HasSubstr("<td class=\"cell passed\""));
  EXPECT_THAT(html, HasSubstr("<td class=\"cell not-covered\""));  // UNKOWN: no case covers it
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http")));  // no external assets
}

TEST(Summary, ListsFailuresAndTheVerdict) {
  auto r = Sample();
  r.known_failures_file = "known.txt";
  r.cases = {Case("a", "en", Outcome::kFailed), Case("b", "en", Outcome::kNowPassing)};
  std::ostringstream out;
  WriteSummary(out, r);
  EXPECT_THAT(out.str(), HasSubstr("FAIL a [en]\n    [required documented-error] a.json:9: expected"));
  EXPECT_THAT(out.str(), HasSubstr("remove it from known.txt"));
  EXPECT_THAT(out.str(), HasSubstr("2 run(s): 0 passed, 1 failed, 0 known failure(s), 1 known failure(s) now passing"));
  EXPECT_THAT(out.str(), HasSubstr("verdict: FAIL (exit 1)"));
}

TEST(Summary, AChangedKnownFailureSaysWhatWasListedAndWhatCame) {
  auto r = Sample();
  r.known_failures_file = "known.txt";
  r.cases = {Case("a", "en", Outcome::kKnownFailure), Changed("b")};
  std::ostringstream out;
  WriteSummary(out, r);
  EXPECT_THAT(out.str(), HasSubstr(ChangedLine("b") + "\n    [required documented-error] a.json:9:"));
  EXPECT_THAT(out.str(), HasSubstr("give its line in known.txt the new signature"));
  EXPECT_THAT(out.str(), Not(HasSubstr("FAIL a [en]")));
  EXPECT_THAT(out.str(), HasSubstr("2 run(s): 0 passed, 0 failed, 1 known failure(s), 0 known failure(s) now passing, "
                                   "1 known failure(s) changed;"));
  EXPECT_THAT(out.str(), HasSubstr("verdict: FAIL (exit 1)"));
}

TEST(Summary, ShowsTheFirstFailuresAndCountsTheRest) {
  auto r = Sample();
  for (const char* id : {"a", "b", "c"}) r.cases.push_back(Case(id, "en", Outcome::kFailed));
  std::ostringstream out;
  WriteSummary(out, r, 2);
  EXPECT_THAT(out.str(), HasSubstr("FAIL b [en]"));
  EXPECT_THAT(out.str(), Not(HasSubstr("FAIL c [en]")));
  EXPECT_THAT(out.str(), HasSubstr("… and 1 more failing run(s)"));
}

}  // namespace
}  // namespace trtc::report
