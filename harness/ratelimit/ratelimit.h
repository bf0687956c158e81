// Real rate limits, so the documented limit codes (-2, 60007, 60011, 60018/60019, 100012,
// 70050) arise from load rather than from a script. Every call takes the server time as
// an argument: the limiters own no clock, so a virtual clock drives them deterministically.
// Arithmetic is in integer milli-tokens, so results never depend on float rounding.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace trtc::ratelimit {

using Millis = std::chrono::milliseconds;  // server time since the server clock's epoch

// Refills `per_second` tokens a second up to `burst`; starts full.
class TokenBucket {
 public:
  TokenBucket(std::uint32_t per_second, std::uint32_t burst);

  // Takes one token if there is one.
  bool TryTake(Millis now);
  // How long until a token is available (zero when one is).
  Millis RetryAfter(Millis now);

 private:
  void Refill(Millis now);

  std::int64_t per_second_;
  std::int64_t capacity_;  // milli-tokens
  std::int64_t available_;
  Millis last_;
};

// One bucket per key (an app, a room id, a user), created full on first use. Buckets that
// have refilled completely are dropped when the map grows past max_keys, so memory stays
// bounded under a flood of distinct keys.
class KeyedLimiter {
 public:
  KeyedLimiter(std::uint32_t per_second, std::uint32_t burst, std::size_t max_keys = 100000);

  bool TryTake(const std::string& key, Millis now);
  std::size_t tracked_keys() const { return buckets_.size(); }

 private:
  void EvictRefilled(Millis now);

  std::uint32_t per_second_;
  std::uint32_t burst_;
  std::size_t max_keys_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

// After `max_failures` failures of one key within `window`, the key is locked for
// `lockout` (70050: "excessive login failures … retry after 1 minute"). A success clears
// the count.
class FailureLockout {
 public:
  FailureLockout(int max_failures, Millis window, Millis lockout);

  bool IsLocked(const std::string& key, Millis now) const;
  void RecordFailure(const std::string& key, Millis now);
  void RecordSuccess(const std::string& key);

 private:
  struct State {
    int failures = 0;
    Millis first_failure{0};
    Millis locked_until{0};
  };

  int max_failures_;
  Millis window_;
  Millis lockout_;
  std::unordered_map<std::string, State> states_;
};

}  // namespace trtc::ratelimit
