// The journal: what every client sent to the mock servers, in order, on the server clock,
// and what it was answered. It is the evidence behind behaviour rules (docs/handling.md):
// connection attempts, requests with their user, token fingerprint and room, answers and
// closes, plus the harness's own marks (commands given to the client under test, spans
// in which its application may react). Tokens are never kept, only their fingerprints.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/change_signal.h"

namespace trtc::journal {

enum class Kind {
  kConnect,  // a connection was accepted (the WebSocket handshake completed)
  kRefused,  // a connection was accepted and turned away at once (limit, refuse fault)
  kRequest,  // a request arrived (a frame, a REST call, a STUN binding request)
  kAnswer,   // the server answered a request: `code` (0 success)
  kClosed,   // the server closed or reset the connection: `code` is the close code (0: reset)
  kGone,     // the client closed the connection, or it broke
  kCommand,  // harness mark: a command given to the client under test (`type` = operation)
  kReact,    // harness mark: the application may react from here for `code` ms
  kNetwork,  // harness mark: the platform's network went `type` ("online"/"offline")
};
std::string_view ToString(Kind kind);

struct Entry {
  std::uint64_t seq = 0;   // recording order, from 1
  std::int64_t at_ms = 0;  // server clock
  Kind kind = Kind::kRequest;
  std::string server;  // signaling, media, rest, stun, harness
  std::uint64_t connection = 0;
  std::string type;   // request type ("hello", "join", a REST command, "binding") or operation
  std::string user;   // who, once known
  std::string token;  // fingerprint of the token the request carried, if any
  std::string room;
  std::optional<int> code;  // answers, closes, react spans
};

// Thread-safe, append-only, bounded (the oldest entries go first past kMaxEntries).
class Journal {
 public:
  static constexpr std::size_t kMaxEntries = 100'000;
  // `changed`, when given, is notified after every entry (the servers' one signal of change).
  explicit Journal(ChangeSignal* changed = nullptr) : changed_(changed) {}
  // Returns the entry's seq.
  std::uint64_t Record(Entry entry);
  [[nodiscard]] std::vector<Entry> Entries() const;
  // The seq of the newest entry (0 when empty): "everything up to here happened before".
  [[nodiscard]] std::uint64_t last_seq() const;
  void Clear();

 private:
  ChangeSignal* changed_;
  mutable std::mutex mutex_;
  // A deque: dropping the oldest tenth of a full journal (every 10,000 entries under load)
  // moved 90,000 entries in a vector; growing it keeps no spare capacity either.
  std::deque<Entry> entries_;
  std::uint64_t next_seq_ = 1;
};

// A filtered, ordered selection of entries; every filter returns a new view.
class View {
 public:
  View() = default;
  explicit View(std::vector<Entry> entries) : entries_(std::move(entries)) {}

  [[nodiscard]] View Where(const std::function<bool(const Entry&)>& keep) const;
  [[nodiscard]] View OfKind(Kind kind) const;
  [[nodiscard]] View OnServer(std::string_view server) const;
  [[nodiscard]] View OfType(std::string_view type) const;
  [[nodiscard]] View ByUser(std::string_view user) const;
  [[nodiscard]] View AfterSeq(std::uint64_t seq) const;                       // strictly after
  [[nodiscard]] View BeforeSeq(std::uint64_t seq) const;                      // strictly before
  [[nodiscard]] View Within(std::int64_t from_ms, std::int64_t to_ms) const;  // from <= at < to

  [[nodiscard]] std::size_t count() const { return entries_.size(); }
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  // A temporary view gives its entries away, so `for (auto& e : view.OfKind(k).entries())`
  // does not iterate a destroyed vector.
  [[nodiscard]] const std::vector<Entry>& entries() const& { return entries_; }
  [[nodiscard]] std::vector<Entry> entries() && { return std::move(entries_); }
  [[nodiscard]] const Entry* first() const { return entries_.empty() ? nullptr : &entries_.front(); }
  [[nodiscard]] const Entry* last() const { return entries_.empty() ? nullptr : &entries_.back(); }
  [[nodiscard]] std::vector<std::int64_t> Times() const;
  [[nodiscard]] std::vector<std::int64_t> Intervals() const;  // between consecutive entries
  // The answer to a request: the next answer of the same connection and type.
  [[nodiscard]] const Entry* AnswerTo(const Entry& request) const;

 private:
  std::vector<Entry> entries_;
};

// "#12 @1700000002000 signaling#3 request hello user=alice token=3fa9…", for traces.
std::string Describe(const Entry& entry);

}  // namespace trtc::journal
