#include "harness/faults/fault.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::faults {
namespace {

std::vector<std::string> Complaints(std::string_view text) {
  auto parsed = ParseFaults(text, "faults.json");
  std::vector<std::string> out;
  if (auto* d = std::get_if<Diagnostics>(&parsed))
    for (const auto& one : *d) out.push_back(one.ToString());
  return out;
}

TEST(ParseFaults, ReadsATriggerAndEveryActionKind) {
  auto parsed = ParseFaults(R"([
  {"id": "slow-join", "server": "signaling", "on": "join", "nth": 2, "times": 0, "user": "alice",
   "action": {"kind": "delay", "ms": 500}},
  {"on": "join", "action": {"kind": "reply", "code": -10011, "message": "boom"}},
  {"action": {"kind": "drop"}}, {"action": {"kind": "stall"}},
  {"action": {"kind": "close", "closeCode": 4000}}, {"action": {"kind": "reset"}},
  {"action": {"kind": "malformed"}}, {"action": {"kind": "truncated"}},
  {"action": {"kind": "push", "event": "banned", "data": {"reason": "banned"}}},
  {"action": {"kind": "move-clock", "ms": 60000}},
  {"action": {"kind": "throttle", "bytesPerSecond": 1024}},
  {"on": "connect", "action": {"kind": "refuse-connections", "ms": 1000}}
])",
                            "faults.json");
  ASSERT_TRUE(std::holds_alternative<std::vector<Fault>>(parsed));
  const auto& faults = std::get<std::vector<Fault>>(parsed);
  ASSERT_EQ(faults.size(), 12u);
  EXPECT_EQ(faults[0].id, "slow-join");
  EXPECT_EQ(faults[0].trigger.nth, 2u);
  EXPECT_EQ(faults[0].trigger.times, 0u);
  EXPECT_EQ(faults[0].action.kind, ActionKind::kDelay);
  EXPECT_EQ(faults[1].action.code, -10011);
  EXPECT_EQ(faults[8].action.data["reason"], "banned");
  EXPECT_EQ(faults[11].action.kind, ActionKind::kRefuseConnections);
}

TEST(ParseFaults, NamesFileLineAndFieldOfEachMistake) {
  EXPECT_THAT(Complaints(R"([
  {"action": {"kind": "reply", "code": 1}},
  {"server": "video", "nth": 0,
   "action": {"kind": "explode"}},
  {"action": {"kind": "delay"}, "colour": 1}
])"),
              testing::ElementsAre(
                  "faults.json:3: [1].server: must be signaling, media, rest, stun or any",
                  "faults.json:3: [1].nth: counts from 1",
                  "faults.json:4: [1].action.kind: 'explode' is not one of reply, delay, drop, stall, close, reset, "
                  "malformed, truncated, push, move-clock, throttle, refuse-connections",
                  "faults.json:5: [2].colour: is not a field here",
                  "faults.json:5: [2].action.ms: must be a positive number of ms"));
}

TEST(ParseFaults, RequiresWhatEachActionNeeds) {
  EXPECT_THAT(Complaints(R"({"action": {"kind": "reply"}})"),
              testing::ElementsAre("faults.json:1: action.code: is required for reply"));
  EXPECT_THAT(Complaints(R"({"action": {"kind": "close", "closeCode": 99}})"),
              testing::ElementsAre("faults.json:1: action.closeCode: must be a WebSocket close code (1000-4999)"));
  EXPECT_THAT(Complaints(R"({"probability": 2, "action": {"kind": "drop"}})"),
              testing::ElementsAre("faults.json:1: probability: must be a number between 0 and 1"));
  EXPECT_THAT(Complaints("{}"), testing::ElementsAre("faults.json:1: action: is required and must be an object"));
  EXPECT_THAT(Complaints("nope"), testing::ElementsAre("faults.json:1: not valid JSON"));
}

TEST(ToJson, RoundTripsThroughTheParser) {
  auto parsed = ParseFaults(R"({"id":"x","on":"join","action":{"kind":"reply","code":5,"message":"m"}})", "f");
  const auto& fault = std::get<std::vector<Fault>>(parsed).front();
  JsonProblems problems(ProblemPolicy::kKeepAll);
  const auto again = ReadFault(ToJson(fault), "", problems);
  ASSERT_TRUE(again);
  EXPECT_EQ(ToJson(*again), ToJson(fault));
}

}  // namespace
}  // namespace trtc::faults
