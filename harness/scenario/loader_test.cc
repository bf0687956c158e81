#include <gtest/gtest.h>

#include "harness/catalog/source_docs.h"
#include "harness/common/file_io.h"
#include "harness/common/json_lines.h"
#include "harness/scenario/scenario.h"

namespace trtc::scenario {
namespace {

// The first diagnostic of a file that must not load, as "file:line: field: reason".
std::string FirstProblem(const std::string& text) {
  auto parsed = ParseScenarioFile(text, "bad.json");
  auto* problems = std::get_if<Diagnostics>(&parsed);
  if (!problems || problems->empty()) return "loaded";
  return problems->front().ToString();
}

constexpr const char* kGood = R"({
  "id": "t/one",
  "title": "Expired userSig",
  "family": "web-v4",
  "covers": ["web-v4/account/70001"],
  "steps": [
    {"do": "create-client", "args": {"userId": "alice"}},
    {"do": "join", "args": {"roomId": 8080}}
  ],
  "expect": {"errors": [{"code": "SIGNAL_CAHNNEL_SETUP_FAILED", "extraCode": 70001, "handling": "regenerate-usersig"}]}
})";

TEST(ScenarioLoader, ReadsAScenarioAndFillsTheIdentityDefaults) {
  auto parsed = ParseScenarioFile(kGood, "good.json");
  ASSERT_TRUE(std::holds_alternative<std::vector<Scenario>>(parsed)) << FirstProblem(kGood);
  const auto& s = std::get<std::vector<Scenario>>(parsed).front();
  EXPECT_EQ(s.steps[0].args["sdkAppId"], 1400000001);
  EXPECT_TRUE(s.steps[0].args["userSig"].contains("$userSig"));
  EXPECT_EQ(s.steps[1].line, 8);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].entry->id, "web-v4/account/70001");
}

TEST(ScenarioLoader, NamesFileLineAndFieldOfAMistake) {
  std::string text = kGood;
  text.replace(text.find("8080"), 4, "true");
  EXPECT_EQ(FirstProblem(text), "bad.json:8: steps[1].args.roomId: must be an integer or a string");
  text = kGood;
  text.replace(text.find("\"join\""), 6, "\"jion\"");
  EXPECT_EQ(FirstProblem(text), "bad.json:8: steps[1].do: 'jion' is not an operation (trtc-harness list --operations)");
}

TEST(ScenarioLoader, ChecksExpectationsAgainstTheCatalog) {
  std::string text = kGood;
  text.replace(text.find("regenerate-usersig"), 18, "retry");
  EXPECT_EQ(FirstProblem(text),
            "bad.json:10: expect.errors[0].handling: the catalog gives web-v4/account/70001 the "
            "handling 'regenerate-usersig'");
  text = kGood;
  text.replace(text.find("web-v4/account/70001"), 20, "web-v4/account/99999");
  EXPECT_EQ(FirstProblem(text), "bad.json:5: covers[0]: is not a catalog entry id (trtc-harness catalog)");
}

TEST(ScenarioLoader, RejectsUnknownFieldsAndBadJson) {
  std::string text = kGood;
  text.insert(text.find("\"steps\""), "\"stpes\": [],\n  ");
  EXPECT_EQ(FirstProblem(text).rfind("bad.json:6: stpes: is not a field here", 0), 0u) << FirstProblem(text);
  EXPECT_EQ(FirstProblem("{\n\"id\": \n"), "bad.json:3: not valid JSON");
  // nlohmann reports a number no double holds with another exception, without an offset.
  EXPECT_EQ(FirstProblem("{\n\"id\": \"x\",\n\"steps\": [1e999]}"),
            "bad.json:3: not valid JSON: a number out of range");
}

TEST(ScenarioLoader, ExpandsForEachOverCatalogEntries) {
  std::string text = R"json({"forEach": {"entries": "web-v4/join-room/-1001*", "except": ["web-v4/join-room/-10012"]},
    "id": "t/{code}", "title": "Join answered {code} (forced)", "family": "web-v4", "forced": true,
    "covers": ["{id}"], "faults": [{"server": "signaling", "on": "join", "action": {"kind": "reply", "code": "{code}"}}],
    "steps": [{"do": "create-client", "args": {"userId": "alice"}}, {"do": "join", "args": {"roomId": 1}}],
    "expect": {"errors": [{"code": "JOIN_ROOM_FAILED", "extraCode": "{code}"}]}})json";
  auto parsed = ParseScenarioFile(text, "each.json");
  ASSERT_TRUE(std::holds_alternative<std::vector<Scenario>>(parsed)) << FirstProblem(text);
  std::vector<std::string> ids;
  for (const auto& s : std::get<std::vector<Scenario>>(parsed)) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"t/-10011", "t/-10013", "t/-10015", "t/-10016", "t/-10018", "t/-10019"}));
  EXPECT_EQ(std::get<std::vector<Scenario>>(parsed)[0].faults[0].action.code, -10011);
}

TEST(JsonLines, GivesTheLineOfEachValueByPointer) {
  JsonLines lines("{\n  \"a\": [1,\n    {\"b\": \"x\"}],\n  \"c\": null\n}");
  EXPECT_EQ(lines.LineOf("/a"), 2);
  EXPECT_EQ(lines.LineOf("/a/1/b"), 3);
  EXPECT_EQ(lines.LineOf("/c"), 4);
  EXPECT_EQ(lines.LineOf("/c/deeper/still"), 4);
}

TEST(Glob, MatchesStarsAnywhere) {
  EXPECT_TRUE(GlobMatches("web-v4/account/*", "web-v4/account/70001"));
  EXPECT_TRUE(GlobMatches("*timeout*", "web-v4/common/join-timeout"));
  EXPECT_FALSE(GlobMatches("rest/*", "roomengine/general/-2"));
}

// docs/adapter.md's events table is what a client author writes the events from: every
// event a scenario waits for or expects must have a row naming each data field and value.
TEST(AdapterDoc, EveryEventTheScenariosWaitForOrExpectHasARowWithItsData) {
  const auto doc = ReadFile(std::filesystem::path(TRTC_DOCS_DIR) / "adapter.md");
  ASSERT_TRUE(doc.has_value());
  Diagnostics problems;
  std::vector<catalog::TableRow> rows;
  for (auto& table : catalog::ReadPipeTables(*doc, "adapter.md", problems))
    if (table.header.front() == "event") rows = std::move(table.rows);
  ASSERT_FALSE(rows.empty()) << "docs/adapter.md has no events table";
  auto suite = LoadScenarios(DefaultScenariosDir());
  ASSERT_TRUE(suite.diagnostics.empty());
  std::vector<ExpectedEvent> events;
  for (const auto& s : suite.scenarios) {
    for (const auto& step : s.steps)
      if (!step.event.empty()) events.push_back({step.line, step.event, step.event_data});
    events.insert(events.end(), s.events.begin(), s.events.end());
  }
  ASSERT_FALSE(events.empty());
  for (const auto& event : events) {
    auto row =
        std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.cells[0] == "`" + event.name + "`"; });
    ASSERT_NE(row, rows.end()) << "docs/adapter.md has no row for the event " << event.name;
    const std::string& data = row->cells[1];
    for (const auto& [field, value] : event.data.items()) {
      EXPECT_NE(data.find("`" + field + "`"), std::string::npos) << event.name << " lacks the field " << field;
      if (!value.is_string() || field == "userId") continue;  // user ids are the scenario's own
      EXPECT_NE(data.find("`" + value.get<std::string>() + "`"), std::string::npos)
          << event.name << " lacks the value " << value;
    }
  }
}

}  // namespace
}  // namespace trtc::scenario
