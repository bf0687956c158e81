#include "harness/service/service.h"

namespace trtc::service {

Service::Service(ServiceConfig config, clock::ServerClock& clock)
    : config_(std::move(config)),
      clock_(clock),
      accounts_(config_, clock_),
      room_engine_(config_, clock_),
      rest_(config_, clock_, accounts_, room_engine_) {}

void SessionDirectory::Set(std::uint64_t session_id, Entry entry) {
  std::lock_guard lock(mutex_);
  entries_[session_id] = std::move(entry);
}

void SessionDirectory::Remove(std::uint64_t session_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(session_id);
}

std::optional<SessionDirectory::Entry> SessionDirectory::Find(std::uint64_t session_id) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(session_id);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

}  // namespace trtc::service
