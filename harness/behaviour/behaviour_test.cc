#include "harness/behaviour/behaviour.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/client/documented_error.h"

namespace trtc::behaviour {
namespace {

using journal::Entry;
using journal::Kind;
using testing::HasSubstr;
using testing::IsEmpty;

// Builds a run's evidence in the order things happened.
class World {
 public:
  World& Server(Kind kind, std::string type, std::optional<int> code = std::nullopt, std::string token = "",
                std::uint64_t connection = 1, std::string server = "signaling") {
    Entry e;
    e.seq = ++seq_;
    e.at_ms = now_;
    e.kind = kind;
    e.server = std::move(server);
    e.connection = connection;
    e.type = std::move(type);
    e.user = user_;
    e.token = std::move(token);
    e.code = code;
    evidence.journal.push_back(e);
    return *this;
  }
  World& Refused(std::string type, int code, std::string token = "tok1", std::uint64_t connection = 1) {
    Server(Kind::kRequest, type, std::nullopt, token, connection);
    return Server(Kind::kAnswer, type, code, "", connection);
  }
  World& Command(std::string operation, std::optional<int> result = 0) {
    Mark(Kind::kCommand, operation);
    CommandRecord c{++id_, operation, ++order_, seq_, std::nullopt, 0};
    evidence.commands.push_back(c);
    pending_result_ = result;
    return *this;
  }
  World& Result() {
    evidence.commands.back().result = pending_result_;
    evidence.commands.back().result_order = ++order_;
    return *this;
  }
  World& Error(catalog::Family family, int code, std::optional<int> extra, std::string reason = "") {
    client::SurfacedError error;
    error.family = std::string(catalog::ToString(family));
    error.code = code;
    error.extra_code = extra;
    error.reason = std::move(reason);
    error.operation = evidence.commands.empty() ? "" : evidence.commands.back().operation;
    evidence.errors.push_back({error, ++order_, seq_});
    return *this;
  }
  World& Event(std::string name) {
    evidence.events.push_back({{std::move(name), {}, 0}, ++order_, seq_});
    return *this;
  }
  World& Mark(Kind kind, std::string type, std::optional<int> code = std::nullopt) {
    std::string user = std::exchange(user_, "");
    Server(kind, std::move(type), code, "", 0, "harness");
    user_ = user;
    return *this;
  }
  World& At(std::int64_t ms) {
    now_ = ms;
    return *this;
  }

  Evidence evidence;

 private:
  std::string user_ = "alice";
  std::uint64_t seq_ = 0, order_ = 0, id_ = 0;
  std::int64_t now_ = 0;
  std::optional<int> pending_result_;
};

int Sdk(std::string_view key) { return client::SdkCode(key).value(); }
constexpr auto kWeb = catalog::Family::kWebV4;

std::vector<std::string> Texts(const Judgement& j) {
  std::vector<std::string> texts;
  for (const auto& f : j.findings) texts.push_back(f.rule + ": " + f.text);
  return texts;
}

TEST(Definitions, EveryActionHasOneAndEveryRuleIsKnown) {
  for (const auto& info : catalog::AllActions()) {
    const auto* definition = DefinitionOf(info.action);
    ASSERT_NE(definition, nullptr) << info.name;
    for (auto rule : definition->rules) EXPECT_NE(FindRule(rule), nullptr) << info.name << ": " << rule;
  }
}

TEST(NoAutomaticRepeat, ARetryStormAfterANonRetryableRefusalIsNamed) {
  World w;
  w.Command("join");
  for (int i = 0; i < 21; ++i) w.Refused("hello", 70001);
  w.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70001).Result();
  w.evidence.commands.back().result = Sdk("SIGNAL_CAHNNEL_SETUP_FAILED");
  auto j = Judge(w.evidence);
  ASSERT_FALSE(j.findings.empty());
  EXPECT_EQ(j.findings[0].level, Level::kRequired);
  EXPECT_THAT(j.findings[0].text, HasSubstr("client sent hello 21 times within 0 ms of virtual time after 70001"));
  EXPECT_THAT(j.findings[0].text, HasSubstr("regenerate-usersig: no automatic repeat"));
}

TEST(NoAutomaticRepeat, OneRepeatIsToleratedAndTheNextCommandStartsAfresh) {
  World w;
  w.Command("join", Sdk("SIGNAL_CAHNNEL_SETUP_FAILED")).Refused("hello", 70003).Refused("hello", 70003);
  w.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70003).Result();
  w.Command("join", Sdk("SIGNAL_CAHNNEL_SETUP_FAILED")).Refused("hello", 70003);
  w.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70003).Result();
  auto j = Judge(w.evidence);
  EXPECT_THAT(Texts(j), IsEmpty());
  EXPECT_THAT(j.checked, testing::Contains("no-automatic-repeat:check-usersig-generation"));
}

TEST(RetryAfter, ARepeatBeforeTheDocumentedSecondsIsNamed) {
  World w;
  w.Command("join", Sdk("SIGNAL_CAHNNEL_SETUP_FAILED")).Refused("hello", 70050);
  w.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70050);
  w.At(59'000).Refused("hello", 70050).Result();
  auto j = Judge(w.evidence);
  ASSERT_EQ(j.findings.size(), 1u) << testing::PrintToString(Texts(j));
  EXPECT_EQ(j.findings[0].text,
            "client sent hello again 59000 ms after 70050, before the 60 s it must wait "
            "(retry-after(60))");
}

TEST(RetryAfter, ARepeatAfterTheSecondsIsFine) {
  World w;
  w.Command("join", Sdk("SIGNAL_CAHNNEL_SETUP_FAILED")).Refused("hello", 70050);
  w.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70050);
  w.At(60'000).Refused("hello", 70050).Result();
  EXPECT_THAT(Texts(Judge(w.evidence)), IsEmpty());
}

TEST(FreshToken, TheRejectedTokenAgainIsNamedAndANewOneIsFine) {
  World bad;
  bad.Command("join", Sdk("SIGNAL_CAHNNEL_SETUP_FAILED")).Refused("hello", 70001, "old");
  bad.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70001).Result();
  bad.Mark(Kind::kReact, "", 5000).At(1000).Server(Kind::kRequest, "hello", std::nullopt, "old", 2);
  bad.evidence.application = true;
  auto j = Judge(bad.evidence);
  EXPECT_THAT(Texts(j), testing::ElementsAre(
                            HasSubstr("fresh-token: client sent the rejected token again in hello 1000 ms after 70001"),
                            HasSubstr("app-fetches-fresh-token: the application did not send hello with a newly "
                                      "signed token in the 5000 ms")));

  World good;
  good.Command("join", Sdk("SIGNAL_CAHNNEL_SETUP_FAILED")).Refused("hello", 70001, "old");
  good.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70001).Result();
  good.Mark(Kind::kReact, "", 5000).At(1000).Server(Kind::kRequest, "hello", std::nullopt, "new", 2);
  good.evidence.application = true;
  EXPECT_THAT(Texts(Judge(good.evidence)), IsEmpty());
}

TEST(AppFetchesFreshToken, AppliesOnlyToApplicationsGivenTimeToReact) {
  World w;
  w.Command("join", Sdk("SIGNAL_CAHNNEL_SETUP_FAILED")).Refused("hello", 70001, "old");
  w.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70001).Result();
  w.Mark(Kind::kReact, "", 5000);
  EXPECT_THAT(Texts(Judge(w.evidence)), IsEmpty());  // an SDK alone has no backend to ask
}

TEST(RejoinWhenOnline, AnApplicationThatStaysAwayIsNamed) {
  World w;
  w.Command("join").Result();
  w.Error(kWeb, Sdk("SIGNAL_CHANNEL_RECONNECTION_FAILED"), std::nullopt, "SignalChannel reconnect failed");
  w.Command("platform").Mark(Kind::kNetwork, "online").Result();
  w.Mark(Kind::kReact, "", 5000);
  w.evidence.application = true;
  auto j = Judge(w.evidence);
  ASSERT_EQ(j.findings.size(), 1u);
  EXPECT_EQ(j.findings[0].level, Level::kRecommended);
  EXPECT_THAT(j.findings[0].text, HasSubstr("did not join again in the 5000 ms it had to react after the network"));

  w.Server(Kind::kRequest, "join", std::nullopt, "", 9);
  EXPECT_THAT(Texts(Judge(w.evidence)), IsEmpty());
}

TEST(ResultAgrees, ResultCodeZeroForAFailureIsNamed) {
  World w;
  w.Command("join", 0).Refused("hello", 70001).Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70001).Result();
  auto j = Judge(w.evidence);
  ASSERT_EQ(j.findings.size(), 1u);
  EXPECT_EQ(j.findings[0].rule, "result-agrees");
  EXPECT_THAT(j.findings[0].text, HasSubstr("join #1 surfaced 16385 but its result code is 0"));
}

TEST(NoPlaybackBeforeGesture, PlayingBeforeResumeIsNamed) {
  World w;
  w.Command("play", Sdk("PLAY_NOT_ALLOWED")).Error(kWeb, Sdk("PLAY_NOT_ALLOWED"), std::nullopt).Result();
  w.Event("playing").Command("resume").Result();
  EXPECT_THAT(Texts(Judge(w.evidence)), testing::ElementsAre(HasSubstr("before the user's gesture")));
}

TEST(JoinTimeout, ATimeoutBeforeTenSecondsIsNamed) {
  World w;
  w.At(1000).Command("join", Sdk("JOIN_ROOM_FAILED"));
  client::SurfacedError error;
  error.family = "web-v4";
  error.code = Sdk("JOIN_ROOM_FAILED");
  error.reason = "join room timeout";
  error.operation = "join";
  error.at_ms = 3000;  // client clock: 2 s after the join
  w.evidence.errors.push_back({error, 99, 1});
  w.Result();
  w.evidence.commands.back().result_order = 100;
  auto j = Judge(w.evidence);
  EXPECT_THAT(Texts(j), testing::ElementsAre(HasSubstr("join-timeout: client surfaced \"join room timeout\" 2000 ms "
                                                       "after its join #1; the documented join timeout is 10 s")));
  w.evidence.errors.back().error.at_ms = 11'000;
  EXPECT_THAT(Texts(Judge(w.evidence)), IsEmpty());
}

// A joined session dropped by the server at 2 s, then reconnection attempts at the given offsets.
World Reconnection(const std::vector<std::int64_t>& offsets, bool gave_up) {
  World w;
  w.Command("join").Server(Kind::kRequest, "join").Server(Kind::kAnswer, "join", 0).Result();
  w.At(2000).Server(Kind::kClosed, "", 0);
  std::uint64_t connection = 2;
  for (auto offset : offsets) w.At(2000 + offset).Server(Kind::kRefused, "", std::nullopt, "", connection++);
  if (gave_up) w.Error(kWeb, Sdk("SIGNAL_CHANNEL_RECONNECTION_FAILED"), std::nullopt, "SignalChannel reconnect failed");
  return w;
}

std::vector<std::int64_t> DocumentedAttempts() {
  std::vector<std::int64_t> offsets;
  std::int64_t at = 0;
  for (int k = 0; k < kSignalReconnectAttempts; ++k) {
    offsets.push_back(at);
    at += kSignalReconnectWindowsMs[std::min(static_cast<std::size_t>(k), std::size(kSignalReconnectWindowsMs) - 1)];
  }
  return offsets;
}

TEST(ReconnectionWindows, TheDocumentedScheduleConforms) {
  auto j = Judge(Reconnection(DocumentedAttempts(), true).evidence);
  EXPECT_THAT(Texts(j), IsEmpty());
  EXPECT_THAT(j.checked, testing::Contains("reconnection-windows:check-network-then-rejoin"));
}

TEST(ReconnectionWindows, AllAttemptsAtOnceAreNamed) {
  std::vector<std::int64_t> offsets;
  for (int k = 0; k < kSignalReconnectAttempts; ++k) offsets.push_back(k * 66);
  auto j = Judge(Reconnection(offsets, true).evidence);
  ASSERT_EQ(j.findings.size(), 1u);
  EXPECT_EQ(j.findings[0].text,
            "signaling reconnection attempt 2 came 66 ms after the drop; its window is 2000-4000 ms (documented "
            "windows: 2,2,3,3,5,5,8,8,13,13 s then 13 s; 30 attempts)");
}

TEST(ReconnectionWindows, GivingUpEarlyIsNamed) {
  auto offsets = DocumentedAttempts();
  offsets.resize(10);
  auto j = Judge(Reconnection(offsets, true).evidence);
  EXPECT_THAT(Texts(j), testing::ElementsAre(HasSubstr("after 10 reconnection attempts; the documented SDK makes 30")));
}

TEST(Evidence, HelperPeersTrafficIsNotTheClients) {
  World w;
  w.Command("join");
  for (int i = 0; i < 5; ++i) w.Refused("hello", 70001, "tok", 7);
  for (auto& e : w.evidence.journal)
    if (e.connection == 7) e.user = "bob";
  w.Error(kWeb, Sdk("SIGNAL_CAHNNEL_SETUP_FAILED"), 70001).Result();
  w.evidence.commands.back().result = Sdk("SIGNAL_CAHNNEL_SETUP_FAILED");
  w.evidence.peer_users = {"bob"};
  EXPECT_THAT(Texts(Judge(w.evidence)), IsEmpty());
}

}  // namespace
}  // namespace trtc::behaviour

namespace trtc::behaviour {
namespace {

// The cells of every row of the table whose header starts with `first_header`.
std::vector<std::vector<std::string>> TableRows(const std::string& text, std::string_view first_header) {
  std::vector<std::vector<std::string>> rows;
  bool in_table = false;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (!line.starts_with("|")) {
      in_table = false;
      continue;
    }
    std::vector<std::string> cells;
    for (std::size_t at = 1; at < line.size();) {
      auto bar = line.find('|', at);
      if (bar == std::string::npos) break;
      std::string cell = line.substr(at, bar - at);
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
      at = bar + 1;
    }
    if (!cells.empty() && cells[0] == first_header) {
      in_table = true;
      continue;
    }
    if (in_table && !cells.empty() && !cells[0].starts_with("---")) rows.push_back(cells);
  }
  return rows;
}

std::string Unquoted(std::string cell) {
  std::string out;
  for (char c : cell)
    if (c != '`') out += c;
  return out;
}

std::string HandlingDoc() {
  std::ifstream in(std::string(TRTC_DOCS_DIR) + "/handling.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(HandlingDoc, EveryActionHasARowWithTheRulesOfTheCode) {
  auto rows = TableRows(HandlingDoc(), "action");
  ASSERT_FALSE(rows.empty()) << "docs/handling.md has no action table";
  for (const auto& info : catalog::AllActions()) {
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return Unquoted(r[0]) == info.name; });
    ASSERT_NE(row, rows.end()) << "docs/handling.md has no row for the action " << info.name;
    std::string rules;
    for (auto rule : DefinitionOf(info.action)->rules) rules += (rules.empty() ? "" : ", ") + std::string(rule);
    EXPECT_EQ(Unquoted((*row)[1]), rules.empty() ? "—" : rules) << info.name;
    EXPECT_EQ((*row)[2], DefinitionOf(info.action)->sdk_alone) << info.name;
    EXPECT_EQ((*row)[3], DefinitionOf(info.action)->application) << info.name;
  }
  EXPECT_EQ(rows.size(), catalog::AllActions().size());
}

TEST(HandlingDoc, EveryRuleHasARowWithItsKeeperLevelAndDefinition) {
  auto rows = TableRows(HandlingDoc(), "rule");
  ASSERT_EQ(rows.size(), AllRules().size());
  for (const auto& rule : AllRules()) {
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return Unquoted(r[0]) == rule.id; });
    ASSERT_NE(row, rows.end()) << "docs/handling.md has no row for the rule " << rule.id;
    EXPECT_EQ((*row)[1], ToString(rule.keeper)) << rule.id;
    EXPECT_EQ((*row)[2], ToString(rule.level)) << rule.id;
    EXPECT_EQ((*row)[3], rule.definition) << rule.id;
  }
}

}  // namespace
}  // namespace trtc::behaviour
