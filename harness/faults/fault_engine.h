// The live set of faults of a server set, consulted at every connection and request.
// Thread-safe; the common case (no faults) costs one atomic load.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "harness/faults/fault.h"

namespace trtc::faults {

// Where the server is when it asks.
struct FaultContext {
  std::string_view server;  // "signaling" or "rest"
  std::string_view on;      // request type, REST command, or "connect"
  std::string_view user;
  std::uint64_t connection = 0;
  std::int64_t now_ms = 0;  // server time
};

struct Fired {
  std::string fault_id;
  Action action;
  std::int64_t at_ms = 0;  // the server time it fired at: delays and throttles count from here
};

class FaultEngine {
 public:
  // Adds a fault (assigning an id when it has none) and returns its id. `now_ms` starts
  // its afterMs.
  std::string Add(Fault fault, std::int64_t now_ms);
  bool Remove(std::string_view id);
  void Clear();
  std::vector<Fault> List() const;
  // How often each fault fired, by id (for traces and the control API).
  std::vector<std::pair<std::string, std::uint64_t>> FiredCounts() const;
  // How often fault `id` fired (0 for an unknown id).
  std::uint64_t FiredCount(std::string_view id) const;

  // The action of the first fault that fires for this context, if any. Counts occurrences.
  std::optional<Fired> Match(const FaultContext& context);
  // Whether fault `id` has fired, waiting up to `patience` for it to (Match wakes the wait).
  [[nodiscard]] bool WaitFired(std::string_view id, std::chrono::milliseconds patience) const;

 private:
  struct Entry {
    Fault fault;
    std::int64_t added_ms = 0;
    std::atomic<std::uint64_t> occurrences{0};
    std::atomic<std::uint64_t> fired{0};
  };
  std::optional<Fired> FirstToFire(const FaultContext& context);
  static bool Applies(const Trigger& trigger, const FaultContext& context);
  static bool Roll(const Trigger& trigger, std::uint64_t occurrence);

  mutable std::shared_mutex mutex_;
  std::vector<std::shared_ptr<Entry>> entries_;
  std::atomic<std::size_t> count_{0};
  std::uint64_t next_id_ = 1;
  // Apart from mutex_: Match notifies after releasing it, so a waiter holding fired_mutex_
  // never waits for mutex_ behind a writer while Match waits for fired_mutex_.
  mutable std::mutex fired_mutex_;
  mutable std::condition_variable fired_changed_;
};

}  // namespace trtc::faults
