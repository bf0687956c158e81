#include <algorithm>

#include "harness/servers/server_internals.h"

namespace trtc::servers {

void FrameRecorder::Record(std::string direction, std::int64_t at_ms, std::string_view text) {
  // Redaction happens when frames are read (rarely), not here (every frame); but a frame
  // about to be cut is redacted whole first, while it can still be parsed.
  std::string kept(text.size() > kMaxFrameText ? RedactSecrets(text) : text);
  if (kept.size() > kMaxFrameText) kept.resize(kMaxFrameText);
  if (text.size() > kMaxFrameText) kept += "…(" + std::to_string(text.size()) + " bytes)";
  std::unique_lock lock(mutex_);
  RecordedFrame frame{std::move(direction), at_ms, std::move(kept)};
  if (frames_.size() < kMaxFrames) {
    frames_.push_back(std::move(frame));
  } else {
    frames_[oldest_] = std::move(frame);
    oldest_ = (oldest_ + 1) % kMaxFrames;
  }
  lock.unlock();
  if (changed_) changed_->Notify();
}

void FrameRecorder::SetQueued(std::size_t frames) {
  queued_.store(frames);
  if (changed_) changed_->Notify();
}

void FrameRecorder::MarkSettled() {
  settled_.fetch_add(1);
  if (changed_) changed_->Notify();
}

std::vector<RecordedFrame> FrameRecorder::Frames() const {
  std::vector<RecordedFrame> out;
  {
    std::lock_guard lock(mutex_);
    const auto oldest = frames_.begin() + static_cast<std::ptrdiff_t>(oldest_);
    out.assign(oldest, frames_.end());
    out.insert(out.end(), frames_.begin(), oldest);
  }
  for (auto& frame : out) frame.text = RedactSecrets(frame.text);
  return out;
}

std::size_t FrameRecorder::count() const {
  std::lock_guard lock(mutex_);
  return frames_.size();
}

void FrameRecorder::SetUser(std::string user_id) {
  {
    std::lock_guard lock(mutex_);
    user_id_ = std::move(user_id);
  }
  if (changed_) changed_->Notify();
}

std::string FrameRecorder::user() const {
  std::lock_guard lock(mutex_);
  return user_id_;
}

void SessionRegistry::Add(std::uint64_t connection, std::string server, std::weak_ptr<FrameRecorder> recorder,
                          std::function<void()> ping) {
  {
    std::lock_guard lock(mutex_);
    entries_[connection] = {connection, std::move(server), std::move(recorder), std::move(ping)};
  }
  if (changed_) changed_->Notify();
}

std::vector<SessionRegistry::Settling> SessionRegistry::PingAll() const {
  std::lock_guard lock(mutex_);
  std::vector<Settling> settling;
  for (const auto& [id, entry] : entries_) {
    auto recorder = entry.recorder.lock();
    if (!recorder) continue;
    settling.push_back({recorder, recorder->settled()});
    entry.ping();  // posts to the session's strand: no lock of ours is taken there
  }
  return settling;
}

void SessionRegistry::Remove(std::uint64_t connection) {
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(connection);
    if (it == entries_.end()) return;
    if (auto recorder = it->second.recorder.lock()) ended_[connection] = {it->second.server, std::move(recorder)};
    if (ended_.size() > kKeptEnded) ended_.erase(ended_.begin());  // connection ids grow: the oldest
    entries_.erase(it);
  }
  if (changed_) changed_->Notify();
}

std::vector<SessionInfo> SessionRegistry::List(bool include_ended) const {
  std::lock_guard lock(mutex_);
  std::map<std::uint64_t, SessionInfo> sessions;
  for (const auto& [id, entry] : entries_) {
    if (auto recorder = entry.recorder.lock())
      sessions[id] = {id, entry.server, recorder->user(), recorder->count(), recorder->queued()};
  }
  if (include_ended) {
    for (const auto& [id, ended] : ended_)
      sessions[id] = {id, ended.server, ended.recorder->user(), ended.recorder->count()};
  }
  std::vector<SessionInfo> out;
  for (auto& [id, info] : sessions) out.push_back(std::move(info));
  return out;
}

std::optional<std::vector<RecordedFrame>> SessionRegistry::Frames(std::uint64_t connection) const {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(connection); it != entries_.end()) {
    if (auto recorder = it->second.recorder.lock()) return recorder->Frames();
  }
  if (auto it = ended_.find(connection); it != ended_.end()) return it->second.recorder->Frames();
  return std::nullopt;
}

ClockTimer::ClockTimer(net::any_io_executor executor, const clock::ServerClock& clock)
    : timer_(std::move(executor)), clock_(clock) {}

void ClockTimer::ExpireAt(clock::Millis deadline, std::function<void()> handler, std::weak_ptr<void> keep_alive) {
  deadline_ = deadline;
  handler_ = std::move(handler);
  keep_alive_ = std::move(keep_alive);
  Arm();
}

void ClockTimer::Rearm() {
  if (handler_) Arm();
}

void ClockTimer::Cancel() {
  handler_ = nullptr;
  keep_alive_.reset();
  ++generation_;
  timer_.cancel();
}

void ClockTimer::Arm() {
  std::uint64_t generation = ++generation_;
  timer_.cancel();
  // A frozen clock only gets there by a jump (Rearm); the long wait just holds keep_alive.
  auto delay = clock_.WallDelayUntil(deadline_).value_or(std::chrono::hours(24 * 365));
  timer_.expires_after(delay);
  timer_.async_wait([this, generation, keep = keep_alive_.lock()](boost::system::error_code ec) {
    if (ec || generation != generation_ || !handler_) return;
    if (clock_.Now() < deadline_) return Arm();
    auto handler = std::move(handler_);
    handler_ = nullptr;
    keep_alive_.reset();
    handler();
  });
}

journal::Entry JournalEntry(const clock::ServerClock& clock, journal::Kind kind, std::string server,
                            std::uint64_t connection) {
  journal::Entry entry;
  entry.at_ms = clock.Now().count();
  entry.kind = kind;
  entry.server = std::move(server);
  entry.connection = connection;
  return entry;
}

}  // namespace trtc::servers
