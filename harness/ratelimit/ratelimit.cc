#include "harness/ratelimit/ratelimit.h"

#include <algorithm>

namespace trtc::ratelimit {
namespace {

constexpr std::int64_t kMilli = 1000;  // milli-tokens per token

}  // namespace

TokenBucket::TokenBucket(std::uint32_t per_second, std::uint32_t burst)
    : per_second_(per_second), capacity_(std::int64_t{burst} * kMilli), available_(capacity_), last_(Millis::min()) {}

void TokenBucket::Refill(Millis now) {
  if (last_ != Millis::min() && now > last_ && per_second_ > 0) {
    // per_second tokens a second is per_second milli-tokens a millisecond; compare before
    // multiplying so a long idle time cannot overflow.
    std::int64_t elapsed = (now - last_).count();
    std::int64_t room = capacity_ - available_;
    bool fills_up = elapsed >= (room + per_second_ - 1) / per_second_;
    available_ += fills_up ? room : elapsed * per_second_;
  }
  if (last_ == Millis::min() || now > last_) last_ = now;
}

bool TokenBucket::TryTake(Millis now) {
  Refill(now);
  if (available_ < kMilli) return false;
  available_ -= kMilli;
  return true;
}

Millis TokenBucket::RetryAfter(Millis now) {
  Refill(now);
  if (available_ >= kMilli) return Millis{0};
  if (per_second_ == 0) return Millis::max();
  std::int64_t missing = kMilli - available_;
  return Millis{(missing + per_second_ - 1) / per_second_};
}

KeyedLimiter::KeyedLimiter(std::uint32_t per_second, std::uint32_t burst, std::size_t max_keys)
    : per_second_(per_second), burst_(burst), max_keys_(max_keys) {}

bool KeyedLimiter::TryTake(const std::string& key, Millis now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) EvictRefilled(now);
    it = buckets_.emplace(key, TokenBucket(per_second_, burst_)).first;
  }
  return it->second.TryTake(now);
}

void KeyedLimiter::EvictRefilled(Millis now) {
  // A bucket that could take `burst` tokens now is indistinguishable from a new one.
  std::erase_if(buckets_, [&](auto& item) {
    TokenBucket probe = item.second;
    for (std::uint32_t i = 0; i < burst_; ++i) {
      if (!probe.TryTake(now)) return false;
    }
    return true;
  });
}

FailureLockout::FailureLockout(int max_failures, Millis window, Millis lockout)
    : max_failures_(max_failures), window_(window), lockout_(lockout) {}

bool FailureLockout::IsLocked(const std::string& key, Millis now) const {
  auto it = states_.find(key);
  return it != states_.end() && now < it->second.locked_until;
}

void FailureLockout::RecordFailure(const std::string& key, Millis now) {
  State& state = states_[key];
  if (state.failures == 0 || now - state.first_failure > window_) {
    state.failures = 0;
    state.first_failure = now;
  }
  if (++state.failures >= max_failures_) {
    state.locked_until = now + lockout_;
    state.failures = 0;
  }
}

void FailureLockout::RecordSuccess(const std::string& key) {
  auto it = states_.find(key);
  if (it != states_.end()) it->second.failures = 0;
}

}  // namespace trtc::ratelimit
