#include "harness/faults/fault_engine.h"

#include <algorithm>
#include <mutex>

namespace trtc::faults {
namespace {

// splitmix64: a fixed, portable mix, so a seed gives the same rolls on every machine.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::string FaultEngine::Add(Fault fault, std::int64_t now_ms) {
  std::unique_lock lock(mutex_);
  if (fault.id.empty()) fault.id = "fault-" + std::to_string(next_id_++);
  auto entry = std::make_shared<Entry>();
  entry->fault = std::move(fault);
  entry->added_ms = now_ms;
  // A fault with the same id replaces the old one.
  std::erase_if(entries_, [&](const auto& e) { return e->fault.id == entry->fault.id; });
  entries_.push_back(entry);
  count_.store(entries_.size(), std::memory_order_release);
  return entry->fault.id;
}

bool FaultEngine::Remove(std::string_view id) {
  std::unique_lock lock(mutex_);
  auto removed = std::erase_if(entries_, [&](const auto& e) { return e->fault.id == id; });
  count_.store(entries_.size(), std::memory_order_release);
  return removed > 0;
}

void FaultEngine::Clear() {
  std::unique_lock lock(mutex_);
  entries_.clear();
  count_.store(0, std::memory_order_release);
}

std::vector<Fault> FaultEngine::List() const {
  std::shared_lock lock(mutex_);
  std::vector<Fault> out;
  for (const auto& e : entries_) out.push_back(e->fault);
  return out;
}

std::vector<std::pair<std::string, std::uint64_t>> FaultEngine::FiredCounts() const {
  std::shared_lock lock(mutex_);
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& e : entries_) out.emplace_back(e->fault.id, e->fired.load());
  return out;
}

bool FaultEngine::Applies(const Trigger& t, const FaultContext& c) {
  if (t.server != "any" && t.server != c.server) return false;
  if (!t.on.empty() && t.on != c.on) return false;
  if (t.on.empty() && c.on == "connect") return false;  // "any request" is not a connection
  if (!t.user.empty() && t.user != c.user) return false;
  if (t.connection != 0 && t.connection != c.connection) return false;
  return true;
}

bool FaultEngine::Roll(const Trigger& t, std::uint64_t occurrence) {
  if (t.probability >= 1.0) return true;
  double u = static_cast<double>(Mix(t.seed ^ Mix(occurrence)) >> 11) * 0x1.0p-53;
  return u < t.probability;
}

std::optional<Fired> FaultEngine::Match(const FaultContext& context) {
  if (count_.load(std::memory_order_acquire) == 0) return std::nullopt;
  auto fired = FirstToFire(context);
  if (fired) {
    { std::lock_guard lock(fired_mutex_); }  // a waiter between its check and its wait sees the count
    fired_changed_.notify_all();
  }
  return fired;
}

bool FaultEngine::WaitFired(std::string_view id, std::chrono::milliseconds patience) const {
  std::unique_lock lock(fired_mutex_);
  return fired_changed_.wait_for(lock, patience, [&] { return FiredCount(id) > 0; });
}

std::uint64_t FaultEngine::FiredCount(std::string_view id) const {
  std::shared_lock lock(mutex_);
  for (const auto& e : entries_)
    if (e->fault.id == id) return e->fired.load();
  return 0;
}

std::optional<Fired> FaultEngine::FirstToFire(const FaultContext& context) {
  std::shared_lock lock(mutex_);
  for (const auto& e : entries_) {
    const Trigger& t = e->fault.trigger;
    if (!Applies(t, context) || context.now_ms - e->added_ms < t.after_ms) continue;
    std::uint64_t occurrence = e->occurrences.fetch_add(1) + 1;
    if (occurrence < t.nth || !Roll(t, occurrence)) continue;
    std::uint64_t fired = e->fired.fetch_add(1);
    if (t.times != 0 && fired >= t.times) {
      e->fired.fetch_sub(1);
      continue;
    }
    return Fired{e->fault.id, e->fault.action, context.now_ms};
  }
  return std::nullopt;
}

}  // namespace trtc::faults
