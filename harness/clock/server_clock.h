// Server time, injectable: every server decision that depends on time (token expiry,
// lockouts, rate limits, heartbeat and subscription timeouts) reads this clock, so a
// scenario or the control API can move it instead of waiting.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace trtc::clock {

using Millis = std::chrono::milliseconds;  // since the Unix epoch, in server time

// Server time = start + jumps + wall time elapsed × rate. A rate of 0 freezes the clock,
// so it moves only when advanced (tests); a rate of 100 runs documented timeouts 100×
// faster than the wall clock (a timing profile); a rate of 1 is real time (`serve`).
class ServerClock {
 public:
  struct Options {
    std::int64_t start_unix_ms = 0;  // 0: the wall clock's time at construction
    double rate = 1.0;
  };
  using Listener = std::function<void()>;

  explicit ServerClock(Options options);
  ServerClock(const ServerClock&) = delete;
  ServerClock& operator=(const ServerClock&) = delete;

  Millis Now() const;
  std::int64_t NowSeconds() const { return Now().count() / 1000; }
  double rate() const { return rate_; }

  // Moves the clock forward (never back) and tells every listener, so timers re-arm.
  void Advance(Millis by);

  // Wall time until server time reaches `deadline`: zero when it has, nullopt when the
  // clock is frozen (only Advance can get there).
  std::optional<std::chrono::steady_clock::duration> WallDelayUntil(Millis deadline) const;

  std::uint64_t Subscribe(Listener listener);
  void Unsubscribe(std::uint64_t id);

 private:
  const std::chrono::steady_clock::time_point wall_start_;
  const std::int64_t start_unix_ms_;
  const double rate_;
  std::atomic<std::int64_t> jumped_ms_{0};
  mutable std::mutex listeners_mutex_;  // taken on subscribe, unsubscribe and Advance only
  std::map<std::uint64_t, Listener> listeners_;
  std::uint64_t next_id_ = 1;
};

}  // namespace trtc::clock
