// The reference client's clock: virtual, moved only by `advance-clock`, so documented
// timeouts (10 s join timeout, 322 s of reconnection) take no wall time and fire in the
// same order on every machine. Loop-thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace trtc::refclient {

class Timers {
 public:
  using Id = std::uint64_t;

  std::int64_t now() const { return now_ms_; }

  // Fires at `at_ms` (client time), or at the next Advance when that is already past.
  Id At(std::int64_t at_ms, std::function<void()> task) {
    Id id = next_id_++;
    queue_.emplace(std::make_pair(at_ms, id), std::move(task));
    return id;
  }
  Id After(std::int64_t ms, std::function<void()> task) { return At(now_ms_ + ms, std::move(task)); }

  void Cancel(Id& id) {
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (it->first.second == id) {
        queue_.erase(it);
        break;
      }
    }
    id = 0;
  }

  // Moves the clock and runs every task that is due, in deadline order, including tasks
  // that due tasks schedule for a time already reached.
  void Advance(std::int64_t by_ms) {
    now_ms_ += by_ms;
    while (!queue_.empty() && queue_.begin()->first.first <= now_ms_) {
      auto task = std::move(queue_.begin()->second);
      queue_.erase(queue_.begin());
      task();
    }
  }

  void Clear() { queue_.clear(); }

 private:
  std::int64_t now_ms_ = 0;
  Id next_id_ = 1;
  std::map<std::pair<std::int64_t, Id>, std::function<void()>> queue_;
};

}  // namespace trtc::refclient
