#include "harness/clock/server_clock.h"

#include <utility>
#include <vector>

namespace trtc::clock {

namespace {
std::int64_t WallUnixMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

ServerClock::ServerClock(Options options)
    : wall_start_(std::chrono::steady_clock::now()),
      start_unix_ms_(options.start_unix_ms != 0 ? options.start_unix_ms : WallUnixMs()),
      rate_(options.rate < 0 ? 0 : options.rate) {}

Millis ServerClock::Now() const {
  std::int64_t elapsed = 0;
  if (rate_ > 0) {
    auto wall = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - wall_start_);
    elapsed = static_cast<std::int64_t>(static_cast<double>(wall.count()) * rate_);
  }
  return Millis(start_unix_ms_ + jumped_ms_.load(std::memory_order_acquire) + elapsed);
}

void ServerClock::Advance(Millis by) {
  if (by.count() > 0) jumped_ms_.fetch_add(by.count(), std::memory_order_acq_rel);
  std::vector<Listener> to_notify;
  {
    std::lock_guard lock(listeners_mutex_);
    to_notify.reserve(listeners_.size());
    for (const auto& [id, listener] : listeners_) to_notify.push_back(listener);
  }
  for (const auto& listener : to_notify) listener();
}

std::optional<std::chrono::steady_clock::duration> ServerClock::WallDelayUntil(Millis deadline) const {
  Millis remaining = deadline - Now();
  if (remaining.count() <= 0) return std::chrono::steady_clock::duration::zero();
  if (rate_ <= 0) return std::nullopt;
  auto wall_ms = static_cast<double>(remaining.count()) / rate_;
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::milli>(wall_ms + 1));
}

std::uint64_t ServerClock::Subscribe(Listener listener) {
  std::lock_guard lock(listeners_mutex_);
  std::uint64_t id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void ServerClock::Unsubscribe(std::uint64_t id) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.erase(id);
}

}  // namespace trtc::clock
