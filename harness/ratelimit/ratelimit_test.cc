#include "harness/ratelimit/ratelimit.h"

#include <gtest/gtest.h>

namespace trtc::ratelimit {
namespace {

using namespace std::chrono_literals;

int Takes(TokenBucket& bucket, Millis now, int attempts) {
  int taken = 0;
  for (int i = 0; i < attempts; ++i) taken += bucket.TryTake(now);
  return taken;
}

TEST(TokenBucket, StartsFullThenRefillsAtItsRate) {
  TokenBucket bucket(200, 200);  // the REST API's 200 calls a second per app
  EXPECT_EQ(Takes(bucket, 1000ms, 250), 200);
  EXPECT_EQ(Takes(bucket, 1004ms, 10), 0);     // 4 ms refills 0.8 of a token
  EXPECT_EQ(Takes(bucket, 1005ms, 10), 1);     // 5 ms refills exactly one
  EXPECT_EQ(Takes(bucket, 2005ms, 500), 200);  // a second later: full again, never more
}

TEST(TokenBucket, OncePerSecondForOneKey) {
  TokenBucket bucket(1, 1);  // 100012: the same Room ID once per second
  EXPECT_TRUE(bucket.TryTake(0ms));
  EXPECT_FALSE(bucket.TryTake(999ms));
  EXPECT_EQ(bucket.RetryAfter(999ms), 1ms);
  EXPECT_TRUE(bucket.TryTake(1000ms));
}

TEST(TokenBucket, ClockGoingBackwardsRefillsNothing) {
  TokenBucket bucket(10, 1);
  EXPECT_TRUE(bucket.TryTake(5000ms));
  EXPECT_FALSE(bucket.TryTake(1000ms));
  EXPECT_FALSE(bucket.TryTake(5050ms));  // still measured from 5000 ms
  EXPECT_TRUE(bucket.TryTake(5100ms));
}

TEST(TokenBucket, ExtremeParametersNeitherOverflowNorRefillAtRateZero) {
  TokenBucket huge(4000000000u, 4000000000u);
  EXPECT_TRUE(huge.TryTake(0ms));
  EXPECT_TRUE(huge.TryTake(Millis{std::int64_t{1} << 50}));
  TokenBucket frozen(0, 1);
  EXPECT_TRUE(frozen.TryTake(0ms));
  EXPECT_FALSE(frozen.TryTake(1000000ms));
  EXPECT_EQ(frozen.RetryAfter(1000000ms), Millis::max());
}

TEST(KeyedLimiter, KeysAreIndependentAndMemoryStaysBounded) {
  KeyedLimiter limiter(1, 1, /*max_keys=*/3);
  EXPECT_TRUE(limiter.TryTake("room-a", 0ms));
  EXPECT_FALSE(limiter.TryTake("room-a", 10ms));
  EXPECT_TRUE(limiter.TryTake("room-b", 10ms));
  EXPECT_TRUE(limiter.TryTake("room-c", 10ms));
  EXPECT_TRUE(limiter.TryTake("room-d", 2000ms));  // a, b and c have refilled: evicted
  EXPECT_EQ(limiter.tracked_keys(), 1u);
  EXPECT_FALSE(limiter.TryTake("room-d", 2001ms));
}

TEST(FailureLockout, LocksAfterRepeatedFailuresForTheLockoutTime) {
  FailureLockout lockout(/*max_failures=*/5, /*window=*/60s, /*lockout=*/60s);
  for (int i = 0; i < 4; ++i) lockout.RecordFailure("alice", Millis{i * 1000});
  EXPECT_FALSE(lockout.IsLocked("alice", 4s));
  lockout.RecordFailure("alice", 4s);
  EXPECT_TRUE(lockout.IsLocked("alice", 4s));
  EXPECT_FALSE(lockout.IsLocked("bob", 4s));
  EXPECT_TRUE(lockout.IsLocked("alice", 63999ms));
  EXPECT_FALSE(lockout.IsLocked("alice", 64s));  // "retry after 1 minute"
}

TEST(FailureLockout, FailuresOutsideTheWindowOrBeforeASuccessDoNotCount) {
  FailureLockout lockout(3, 10s, 60s);
  lockout.RecordFailure("u", 0s);
  lockout.RecordFailure("u", 1s);
  lockout.RecordFailure("u", 12s);  // the window restarted at 12 s
  EXPECT_FALSE(lockout.IsLocked("u", 12s));
  lockout.RecordFailure("u", 13s);
  lockout.RecordSuccess("u");
  lockout.RecordFailure("u", 14s);
  EXPECT_FALSE(lockout.IsLocked("u", 14s));
}

}  // namespace
}  // namespace trtc::ratelimit
