#include "harness/journal/journal.h"

#include <algorithm>

namespace trtc::journal {

std::string_view ToString(Kind kind) {
  switch (kind) {
    case Kind::kConnect:
      return "connect";
    case Kind::kRefused:
      return "refused";
    case Kind::kRequest:
      return "request";
    case Kind::kAnswer:
      return "answer";
    case Kind::kClosed:
      return "closed";
    case Kind::kGone:
      return "gone";
    case Kind::kCommand:
      return "command";
    case Kind::kReact:
      return "react";
    case Kind::kNetwork:
      return "network";
  }
  return "?";
}

std::uint64_t Journal::Record(Entry entry) {
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(mutex_);
    seq = next_seq_++;
    entry.seq = seq;
    if (entries_.size() == kMaxEntries) entries_.erase(entries_.begin(), entries_.begin() + kMaxEntries / 10);
    entries_.push_back(std::move(entry));
  }
  if (changed_) changed_->Notify();
  return seq;
}

std::uint64_t Journal::last_seq() const {
  std::lock_guard lock(mutex_);
  return next_seq_ - 1;
}

std::vector<Entry> Journal::Entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

void Journal::Clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

View View::Where(const std::function<bool(const Entry&)>& keep) const {
  std::vector<Entry> kept;
  std::copy_if(entries_.begin(), entries_.end(), std::back_inserter(kept), keep);
  return View(std::move(kept));
}

View View::OfKind(Kind kind) const {
  return Where([kind](const Entry& e) { return e.kind == kind; });
}
View View::OnServer(std::string_view server) const {
  return Where([server](const Entry& e) { return e.server == server; });
}
View View::OfType(std::string_view type) const {
  return Where([type](const Entry& e) { return e.type == type; });
}
View View::ByUser(std::string_view user) const {
  return Where([user](const Entry& e) { return e.user == user; });
}
View View::AfterSeq(std::uint64_t seq) const {
  return Where([seq](const Entry& e) { return e.seq > seq; });
}
View View::BeforeSeq(std::uint64_t seq) const {
  return Where([seq](const Entry& e) { return e.seq < seq; });
}
View View::Within(std::int64_t from_ms, std::int64_t to_ms) const {
  return Where([=](const Entry& e) { return e.at_ms >= from_ms && e.at_ms < to_ms; });
}

std::vector<std::int64_t> View::Times() const {
  std::vector<std::int64_t> times;
  for (const auto& e : entries_) times.push_back(e.at_ms);
  return times;
}

std::vector<std::int64_t> View::Intervals() const {
  std::vector<std::int64_t> intervals;
  for (std::size_t i = 1; i < entries_.size(); ++i) intervals.push_back(entries_[i].at_ms - entries_[i - 1].at_ms);
  return intervals;
}

const Entry* View::AnswerTo(const Entry& request) const {
  for (const auto& e : entries_)
    if (e.seq > request.seq && e.kind == Kind::kAnswer && e.connection == request.connection &&
        e.server == request.server && e.type == request.type)
      return &e;
  return nullptr;
}

std::string Describe(const Entry& e) {
  std::string text = "#" + std::to_string(e.seq) + " @" + std::to_string(e.at_ms) + " " + e.server;
  if (e.connection) text += "#" + std::to_string(e.connection);
  text += " " + std::string(ToString(e.kind));
  if (!e.type.empty()) text += " " + e.type;
  if (!e.user.empty()) text += " user=" + e.user;
  if (!e.token.empty()) text += " token=" + e.token;
  if (!e.room.empty()) text += " room=" + e.room;
  if (e.code) text += " code=" + std::to_string(*e.code);
  return text;
}

}  // namespace trtc::journal
