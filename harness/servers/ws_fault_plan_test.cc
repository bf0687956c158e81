#include "harness/servers/ws_fault_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::servers {
namespace {

using Link = WsFaultPlan::Link;
using Request = WsFaultPlan::Request;

constexpr std::int64_t kFiredAtMs = 1'000;

faults::Fired FiredWith(faults::Action action) { return {"f1", std::move(action), kFiredAtMs}; }

faults::Action ActionOf(faults::ActionKind kind) {
  faults::Action action;
  action.kind = kind;
  return action;
}

const wire::ClientFrame kJoin{7, wire::Join{}};

TEST(WsFaultPlan, ReplyAnswersTheRequestWithTheFaultsCodeAndDiscardsIt) {
  auto action = ActionOf(faults::ActionKind::kReply);
  action.code = 10006;
  action.message = "room is full";
  const auto plan = PlanWsFault(FiredWith(action), &kJoin);
  ASSERT_TRUE(plan.deliver.has_value());
  const auto* answer = std::get_if<wire::Response>(&*plan.deliver);
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->seq, 7u);
  EXPECT_EQ(answer->request_type, "join");
  EXPECT_EQ(answer->code, 10006);
  EXPECT_EQ(answer->message, "room is full");
  EXPECT_EQ(plan.request, Request::kDiscard);
  EXPECT_EQ(plan.link, Link::kReadOn);
}

TEST(WsFaultPlan, ReplyOnConnectHasNothingToAnswer) {
  const auto plan = PlanWsFault(FiredWith(ActionOf(faults::ActionKind::kReply)), nullptr);
  EXPECT_FALSE(plan.deliver.has_value());
  EXPECT_EQ(plan.request, Request::kDiscard);
}

TEST(WsFaultPlan, DelayHoldsTheRequestUntilTheFiredTimePlusItsMilliseconds) {
  auto action = ActionOf(faults::ActionKind::kDelay);
  action.ms = 2'500;
  const auto plan = PlanWsFault(FiredWith(action), &kJoin);
  EXPECT_EQ(plan.request, Request::kHold);
  EXPECT_EQ(plan.hold_until_ms, kFiredAtMs + 2'500);
  EXPECT_FALSE(plan.deliver.has_value());
}

TEST(WsFaultPlan, DelayOnConnectLetsTheSessionGoOn) {
  auto action = ActionOf(faults::ActionKind::kDelay);
  action.ms = 2'500;
  const auto plan = PlanWsFault(FiredWith(action), nullptr);
  EXPECT_EQ(plan.request, Request::kHandle);
  EXPECT_EQ(plan.link, Link::kReadOn);
}

TEST(WsFaultPlan, DropAndStallDiscardTheRequestAndOnlyStallKeepsDiscarding) {
  const auto drop = PlanWsFault(FiredWith(ActionOf(faults::ActionKind::kDrop)), &kJoin);
  const auto stall = PlanWsFault(FiredWith(ActionOf(faults::ActionKind::kStall)), &kJoin);
  EXPECT_EQ(drop.request, Request::kDiscard);
  EXPECT_FALSE(drop.stall);
  EXPECT_EQ(stall.request, Request::kDiscard);
  EXPECT_TRUE(stall.stall);
}

TEST(WsFaultPlan, CloseAndResetEndTheConnection) {
  auto close = ActionOf(faults::ActionKind::kClose);
  close.close_code = 4001;
  close.message = "bye";
  const auto closed = PlanWsFault(FiredWith(close), &kJoin);
  EXPECT_EQ(closed.link, Link::kClose);
  EXPECT_EQ(closed.close_code, 4001);
  EXPECT_EQ(closed.close_reason, "bye");
  EXPECT_EQ(PlanWsFault(FiredWith(ActionOf(faults::ActionKind::kReset)), &kJoin).link, Link::kReset);
}

TEST(WsFaultPlan, MalformedWritesAFrameThatIsNotJson) {
  const auto plan = PlanWsFault(FiredWith(ActionOf(faults::ActionKind::kMalformed)), &kJoin);
  ASSERT_TRUE(plan.raw_text.has_value());
  EXPECT_FALSE(nlohmann::json::accept(*plan.raw_text));
  EXPECT_EQ(plan.request, Request::kDiscard);
}

TEST(WsFaultPlan, TruncatedCutsTheAnswerToThisRequestAndHandlesIt) {
  const auto plan = PlanWsFault(FiredWith(ActionOf(faults::ActionKind::kTruncated)), &kJoin);
  EXPECT_EQ(plan.truncate_seq, std::optional<std::uint32_t>(7));
  EXPECT_EQ(plan.request, Request::kHandle);
  EXPECT_FALSE(PlanWsFault(FiredWith(ActionOf(faults::ActionKind::kTruncated)), nullptr).truncate_seq);
}

TEST(WsFaultPlan, PushIsSentBeforeTheRequestIsHandled) {
  auto action = ActionOf(faults::ActionKind::kPush);
  action.event = "kicked";
  action.data = {{"reason", "banned"}};
  const auto plan = PlanWsFault(FiredWith(action), &kJoin);
  ASSERT_TRUE(plan.deliver.has_value());
  const auto* push = std::get_if<wire::Push>(&*plan.deliver);
  ASSERT_NE(push, nullptr);
  EXPECT_EQ(push->event, "kicked");
  EXPECT_EQ(push->data, action.data);
  EXPECT_EQ(plan.request, Request::kHandle);
}

TEST(WsFaultPlan, ClockThrottleAndRefusalChangeStateAndHandleTheRequest) {
  auto move = ActionOf(faults::ActionKind::kMoveClock);
  move.ms = 90'000;
  auto throttle = ActionOf(faults::ActionKind::kThrottle);
  throttle.bytes_per_second = 512;
  auto refuse = ActionOf(faults::ActionKind::kRefuseConnections);
  refuse.ms = 3'000;
  const auto moved = PlanWsFault(FiredWith(move), &kJoin);
  const auto throttled = PlanWsFault(FiredWith(throttle), &kJoin);
  const auto refused = PlanWsFault(FiredWith(refuse), &kJoin);
  EXPECT_EQ(moved.move_clock_ms, 90'000);
  EXPECT_EQ(throttled.throttle_bytes_per_second, std::optional<std::uint64_t>(512));
  EXPECT_EQ(refused.refuse_for_ms, std::optional<std::int64_t>(3'000));
  for (const auto* plan : {&moved, &throttled, &refused}) {
    EXPECT_EQ(plan->request, Request::kHandle);
    EXPECT_EQ(plan->link, Link::kReadOn);
  }
}

}  // namespace
}  // namespace trtc::servers
