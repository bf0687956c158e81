#include "harness/common/change_signal.h"

namespace trtc {

void ChangeSignal::Notify() {
  // Pairs with the fence in WaitUntil: either this load sees the waiter, or the waiter's
  // check of the condition sees the change made before this call.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (waiters_.load(std::memory_order_relaxed) == 0) return;
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

bool ChangeSignal::WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds patience) {
  const auto give_up = std::chrono::steady_clock::now() + patience;
  waiters_.fetch_add(1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  bool met = false;
  while (true) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      seen = generation_;
    }
    if (condition()) {
      met = true;
      break;
    }
    std::unique_lock lock(mutex_);
    if (!changed_.wait_until(lock, give_up, [&] { return generation_ != seen; })) break;
    if (std::chrono::steady_clock::now() >= give_up) {
      // Changes that keep coming must not stretch the patience: one last look.
      lock.unlock();
      met = condition();
      break;
    }
  }
  waiters_.fetch_sub(1, std::memory_order_relaxed);
  return met;
}

}  // namespace trtc
