#include "harness/clock/server_clock.h"

#include <gtest/gtest.h>

namespace trtc::clock {
namespace {

TEST(ServerClock, FrozenClockMovesOnlyWhenAdvanced) {
  ServerClock clock({.start_unix_ms = 1'700'000'000'000, .rate = 0});
  EXPECT_EQ(clock.Now(), Millis(1'700'000'000'000));
  clock.Advance(Millis(61'000));
  EXPECT_EQ(clock.Now(), Millis(1'700'000'061'000));
  EXPECT_EQ(clock.NowSeconds(), 1'700'000'061);
}

TEST(ServerClock, FrozenClockNeverReachesAFutureDeadlineByItself) {
  ServerClock clock({.start_unix_ms = 1000, .rate = 0});
  EXPECT_FALSE(clock.WallDelayUntil(Millis(2000)).has_value());
  EXPECT_EQ(clock.WallDelayUntil(Millis(1000)), std::chrono::steady_clock::duration::zero());
}

TEST(ServerClock, WallDelayShrinksWithTheRate) {
  ServerClock clock({.start_unix_ms = 1000, .rate = 1000});
  auto delay = clock.WallDelayUntil(Millis(1000 + 10'000'000));
  ASSERT_TRUE(delay.has_value());
  // 10,000 s of server time at 1000× is about 10 s of wall time, never more.
  EXPECT_LE(*delay, std::chrono::seconds(11));
}

TEST(ServerClock, AdvanceTellsListenersUntilUnsubscribed) {
  ServerClock clock({.start_unix_ms = 1, .rate = 0});
  int told = 0;
  auto id = clock.Subscribe([&] { ++told; });
  clock.Advance(Millis(5));
  clock.Unsubscribe(id);
  clock.Advance(Millis(5));
  EXPECT_EQ(told, 1);
}

TEST(ServerClock, NegativeAdvanceDoesNotMoveBack) {
  ServerClock clock({.start_unix_ms = 100, .rate = 0});
  clock.Advance(Millis(-50));
  EXPECT_EQ(clock.Now(), Millis(100));
}

}  // namespace
}  // namespace trtc::clock
