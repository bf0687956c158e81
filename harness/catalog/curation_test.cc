#include "harness/catalog/curation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::catalog {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Problems(std::string_view json) {
  Diagnostics diagnostics;
  ParseCuration(json, "c.json", diagnostics);
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) out.push_back(d.ToString());
  return out;
}

std::string WithRules(std::string_view rules) {
  return R"({"format":"trtc-conformance/catalog-curation","version":1,"links":[],"handling_rules":[)" +
         std::string(rules) + "]}";
}

TEST(ParseCuration, ReportsTheLineOfInvalidJson) {
  EXPECT_THAT(Problems("{\n  \"format\": \n}"), ElementsAre("c.json:3: not valid JSON"));
  EXPECT_THAT(Problems("{\n  \"version\": -1e999\n}"), ElementsAre("c.json:2: not valid JSON: a number out of range"));
}

TEST(ParseCuration, ReportsTheWrongFormat) {
  EXPECT_THAT(Problems(R"({"format":"other","version":1})"),
              ElementsAre("c.json:1: format: expected format \"trtc-conformance/catalog-curation\", version 1"));
  // A format of another type is the same complaint, not an exception.
  EXPECT_THAT(Problems(R"({"format":1,"version":"1"})"),
              ElementsAre("c.json:1: format: expected format \"trtc-conformance/catalog-curation\", version 1"));
}

TEST(ParseCuration, ReportsEachBadFieldByItsPath) {
  EXPECT_THAT(Problems(WithRules(R"({"id":"a","why":"w","action":"reboot","match":{"table":"sdk"}})")),
              ElementsAre("c.json:1: handling_rules[0].action: unknown action 'reboot' (see `trtc-harness catalog "
                          "actions`)"));
  EXPECT_THAT(Problems(WithRules(R"({"id":"a","why":"w","action":"retry-after","match":{"codes":[1]}})")),
              ElementsAre("c.json:1: handling_rules[0].seconds: retry-after needs a positive number of seconds"));
  EXPECT_THAT(Problems(WithRules(R"({"id":"a","why":"w","action":"retry","seconds":3,"match":{"codes":[1]}})")),
              ElementsAre("c.json:1: handling_rules[0].seconds: only retry-after takes seconds"));
  EXPECT_THAT(Problems(WithRules(R"({"id":"a","why":"w","action":"retry","match":{}})")),
              ElementsAre("c.json:1: handling_rules[0].match: matches everything; give at least one criterion"));
  EXPECT_THAT(Problems(WithRules(R"({"id":"a","action":"retry","match":{"table":"desk","text":[3]}})")),
              ElementsAre("c.json:1: handling_rules[0].why: is required",
                          "c.json:1: handling_rules[0].match.table: unknown table 'desk'",
                          "c.json:1: handling_rules[0].match.text: must hold non-empty strings only"));
  EXPECT_THAT(Problems(WithRules(R"({"id":"a","why":"w","action":"retry","match":{"codes":[1]}},
                                    {"id":"a","why":"w","action":"none","match":{"codes":[2]}})")),
              ElementsAre("c.json:2: handling_rules[1].id: duplicate rule id 'a'"));
}

Entry MakeEntry(Table table, int code, std::string text) {
  Entry entry;
  entry.id = "x/" + std::to_string(code);
  entry.family = FamilyOf(table);
  entry.table = table;
  entry.code = code;
  entry.locales[Locale::kEn].description = Text{text, text};
  return entry;
}

TEST(ApplyCuration, FirstMatchingRuleWinsAndUnusedRulesAreReported) {
  Diagnostics diagnostics;
  Curation curation = ParseCuration(WithRules(R"(
      {"id":"expired","why":"w","action":"regenerate-usersig","match":{"text":["HAS EXPIRED"]}},
      {"id":"any-account","why":"w","action":"retry","match":{"table":"account"}},
      {"id":"never","why":"w","action":"none","match":{"codes":[404]}})"),
                                    "c.json", diagnostics);
  ASSERT_TRUE(diagnostics.empty());
  std::vector<Entry> entries = {MakeEntry(Table::kAccount, 1, "userSig has expired"),
                                MakeEntry(Table::kAccount, 2, "internal error")};
  ApplyCuration(curation, entries, "c.json", diagnostics);
  EXPECT_EQ(entries[0].handling.action, Action::kRegenerateUserSig);
  EXPECT_EQ(entries[0].handling.rule, "expired");
  EXPECT_EQ(entries[1].handling.action, Action::kRetry);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(), "c.json: handling_rules[2]: rule 'never' assigns no entry (dead or shadowed)");
}

TEST(ApplyCuration, ReportsEntriesNoRuleAssignsAndUnknownLinkTargets) {
  Diagnostics diagnostics;
  Curation curation;
  curation.links.push_back({Table::kAccount, "NO_SUCH_KEY"});
  std::vector<Entry> entries = {MakeEntry(Table::kAccount, 1, "x")};
  ApplyCuration(curation, entries, "c.json", diagnostics);
  std::vector<std::string> problems;
  for (const auto& d : diagnostics) problems.push_back(d.ToString());
  EXPECT_THAT(problems, ElementsAre("c.json: links: no sdk entry has the key 'NO_SUCH_KEY'",
                                    "c.json: handling_rules: no rule assigns a handling to x/1"));
}

}  // namespace
}  // namespace trtc::catalog
