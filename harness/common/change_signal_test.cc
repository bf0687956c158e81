#include "harness/common/change_signal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace trtc {
namespace {

constexpr std::chrono::seconds kGuard{20};

TEST(ChangeSignal, AConditionAlreadyTrueNeedsNoNotify) {
  ChangeSignal signal;
  EXPECT_TRUE(signal.WaitUntil([] { return true; }, std::chrono::milliseconds(0)));
}

TEST(ChangeSignal, AConditionThatNeverComesTrueGivesUpAtThePatience) {
  ChangeSignal signal;
  int checks = 0;
  EXPECT_FALSE(signal.WaitUntil(
      [&] {
        ++checks;
        return false;
      },
      std::chrono::milliseconds(1)));
  EXPECT_GE(checks, 1);
}

// A condition that stays false while changes keep coming: the wait still ends at its patience.
TEST(ChangeSignal, ChangesThatKeepComingDoNotStretchThePatience) {
  ChangeSignal signal;
  std::atomic<bool> done{false};
  std::thread notifier([&] {
    while (!done.load()) signal.Notify();
  });
  EXPECT_FALSE(signal.WaitUntil([] { return false; }, std::chrono::milliseconds(10)));
  done.store(true);
  notifier.join();
}

// Each round the other thread changes the state and notifies once, whether the waiter is
// already waiting or not yet: a lost wake-up would leave a round waiting out the guard.
TEST(ChangeSignal, NoChangeIsMissedWhateverTheOrder) {
  ChangeSignal signal;
  std::atomic<int> state{0};
  constexpr int kRounds = 2000;
  std::atomic<int> asked{0};
  std::thread changer([&] {
    for (int round = 1; round <= kRounds; ++round) {
      while (asked.load() < round) std::this_thread::yield();
      state.store(round);
      signal.Notify();
    }
  });
  for (int round = 1; round <= kRounds; ++round) {
    asked.store(round);
    if (!signal.WaitUntil([&] { return state.load() >= round; }, kGuard)) {
      ADD_FAILURE() << "round " << round << " never saw its change";
      asked.store(kRounds);  // lets the changer finish
      break;
    }
  }
  changer.join();
}

}  // namespace
}  // namespace trtc
