// A wait for state that other threads change and that has no event of its own: the waiter
// names the condition, and whoever changes the state calls Notify. Notify costs one atomic
// load while nobody waits, so hot paths (every frame a server records) can call it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>

namespace trtc {

class ChangeSignal {
 public:
  // After the change is made (and any lock guarding it released).
  void Notify();
  // Whether `condition` became true within `patience`. The condition is checked at once,
  // then after every Notify; it is called without the signal's lock held, so it may take
  // the locks of the state it reads.
  [[nodiscard]] bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds patience);

 private:
  std::atomic<std::size_t> waiters_{0};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t generation_ = 0;  // under mutex_: a Notify between a check and the wait is not lost
};

}  // namespace trtc
