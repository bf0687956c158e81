// The judge: holds a run's evidence against the rules of rules.cc. Every finding names the
// behaviour it saw, in numbers, and the rule it breaks.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "harness/behaviour/behaviour.h"
#include "harness/client/documented_error.h"
#include "harness/wire/protocol.h"

namespace trtc::behaviour {
namespace {

using journal::Entry;
using journal::Kind;
using journal::View;
constexpr std::uint64_t kEnd = std::numeric_limits<std::uint64_t>::max();

// Commands that are the user's or the application's doing, as opposed to the platform's.
bool IsAction(std::string_view operation) { return operation != "platform" && operation != "device-lost"; }

std::string WindowsText() { return "2,2,3,3,5,5,8,8,13,13 s then 13 s"; }

// Start of reconnection window k after the drop (the sum of the windows before it).
std::int64_t WindowStart(int k) {
  std::int64_t start = 0;
  constexpr std::size_t kLast = std::size(kSignalReconnectWindowsMs) - 1;
  for (std::size_t i = 0; i < static_cast<std::size_t>(k); ++i) start += kSignalReconnectWindowsMs[std::min(i, kLast)];
  return start;
}

// What a surfaced error failed on the wire: the server's refusal and the request it refused.
struct Refusal {
  const Entry* answer = nullptr;
  const Entry* request = nullptr;
};

class Judging {
 public:
  explicit Judging(const Evidence& evidence) : ev_(evidence), all_(evidence.journal) { Classify(); }

  Judgement Run() {
    for (const auto& error : ev_.errors) JudgeError(error);
    ResultsAgree();
    ReconnectionWindows();
    JoinTimeouts();
    return std::move(out_);
  }

 private:
  // The client under test's traffic: everything but the helper peers' connections.
  void Classify() {
    std::set<std::uint64_t> peer_connections;
    for (const auto& e : ev_.journal)
      if (e.connection && ev_.peer_users.contains(e.user)) peer_connections.insert(e.connection);
    subject_ = all_.Where([&](const Entry& e) {
      return e.server != "harness" && !ev_.peer_users.contains(e.user) &&
             !(e.connection && peer_connections.contains(e.connection));
    });
    marks_ = all_.OnServer("harness");
  }

  // The span of the command an observation belongs to: from its command's mark to the next.
  std::uint64_t SegmentStart(std::uint64_t seq) const {
    std::uint64_t start = 0;
    for (const auto& m : marks_.OfKind(Kind::kCommand).entries())
      if (m.seq <= seq && IsAction(m.type)) start = m.seq;
    return start;
  }
  std::uint64_t SegmentEnd(std::uint64_t seq) const {
    for (const auto& m : marks_.OfKind(Kind::kCommand).entries())
      if (m.seq > seq && IsAction(m.type)) return m.seq;
    return kEnd;
  }

  void Add(std::string_view rule, std::string text, std::optional<Level> level = std::nullopt) {
    const RuleInfo* info = FindRule(rule);
    out_.findings.push_back(
        {level.value_or(info ? info->level : Level::kRequired), std::string(rule), std::move(text)});
  }
  void Checked(std::string_view rule, catalog::Action action) {
    out_.checked.push_back(std::string(rule) + ":" + std::string(catalog::ToString(action)));
  }

  Refusal RefusalOf(const ErrorRecord& record, std::uint64_t start) const {
    const auto& error = record.error;
    // The first refusal in the segment: what came after it (repeats included) is what the
    // client did about it. Pointers into subject_, which lives as long as the judging.
    Refusal refusal;
    for (const auto& e : subject_.entries()) {
      if (e.kind != Kind::kAnswer || e.seq <= start || e.seq > record.seq || !e.code || *e.code == 0 ||
          e.type == "protocol-error")
        continue;
      if (*e.code == error.extra_code.value_or(0) || *e.code == error.code) {
        refusal.answer = &e;
        break;
      }
    }
    if (!refusal.answer) return refusal;
    for (const auto& e : subject_.entries())
      if (e.kind == Kind::kRequest && e.seq < refusal.answer->seq && e.connection == refusal.answer->connection &&
          e.server == refusal.answer->server && e.type == refusal.answer->type)
        refusal.request = &e;
    return refusal;
  }

  void JudgeError(const ErrorRecord& record) {
    const auto family = catalog::ParseFamily(record.error.family);
    if (!family) return;
    const auto* entry =
        client::DocumentedEntry(*family, record.error.code, record.error.extra_code, record.error.reason);
    if (!entry) return;  // an undocumented error already fails on its code
    const auto action = entry->handling.action;
    const auto* definition = DefinitionOf(action);
    if (!definition) return;
    const std::uint64_t start = SegmentStart(record.seq), end = SegmentEnd(record.seq);
    const Refusal refusal = RefusalOf(record, start);
    for (std::string_view rule : definition->rules) {
      if (rule == "no-automatic-repeat" && refusal.request) NoAutomaticRepeat(action, refusal, end);
      if (rule == "retry-after" && refusal.request) RetryAfter(entry->handling.seconds.value_or(0), refusal, end);
      if (rule == "reduce-request-rate" && refusal.request) ReduceRate(refusal, end);
      if (rule == "bounded-retry" && refusal.request) BoundedRetry(refusal, end);
      if (rule == "fresh-token" && refusal.request && !refusal.request->token.empty()) FreshToken(refusal, end);
      if (rule == "app-fetches-fresh-token" && ev_.application && refusal.request)
        AppFetchesFreshToken(record, refusal, end);
      if (rule == "rejoin-when-online" && ev_.application) RejoinWhenOnline(action, record, end);
      if (rule == "no-playback-before-gesture") NoPlaybackBeforeGesture(record);
    }
  }

  // Requests of the refused type that followed the refusal within the command's span.
  View Repeats(const Refusal& refusal, std::uint64_t end) const {
    return subject_.OfKind(Kind::kRequest)
        .OnServer(refusal.request->server)
        .OfType(refusal.request->type)
        .AfterSeq(refusal.answer->seq)
        .BeforeSeq(end);
  }

  void NoAutomaticRepeat(catalog::Action action, const Refusal& refusal, std::uint64_t end) {
    Checked("no-automatic-repeat", action);
    auto repeats = Repeats(refusal, end).Within(refusal.answer->at_ms, refusal.answer->at_ms + kRepeatWindowMs);
    if (static_cast<int>(repeats.count()) <= kMaxAutomaticRepeats) return;
    Add("no-automatic-repeat",
        fmt::format("client sent {} {} times within {} ms of virtual time after {} ({}: no automatic repeat, at most "
                    "{} within {} s)",
                    refusal.request->type, repeats.count() + 1, repeats.last()->at_ms - refusal.request->at_ms,
                    *refusal.answer->code, catalog::ToString(action), kMaxAutomaticRepeats, kRepeatWindowMs / 1000));
  }

  void RetryAfter(int seconds, const Refusal& refusal, std::uint64_t end) {
    Checked("retry-after", catalog::Action::kRetryAfter);
    auto early = Repeats(refusal, end).Within(refusal.answer->at_ms, refusal.answer->at_ms + seconds * 1000LL);
    if (early.empty()) return;
    Add("retry-after",
        fmt::format("client sent {} again {} ms after {}, before the {} s it must wait (retry-after({}))",
                    refusal.request->type, early.first()->at_ms - refusal.answer->at_ms, *refusal.answer->code, seconds,
                    seconds));
  }

  void ReduceRate(const Refusal& refusal, std::uint64_t end) {
    Checked("reduce-request-rate", catalog::Action::kReduceRequestRate);
    auto early = Repeats(refusal, end).Within(refusal.answer->at_ms, refusal.answer->at_ms + 1000);
    if (early.empty()) return;
    Add("reduce-request-rate",
        fmt::format("client sent {} again {} ms after the rate limit {} (reduce-request-rate: none within 1 s)",
                    refusal.request->type, early.first()->at_ms - refusal.answer->at_ms, *refusal.answer->code));
  }

  void BoundedRetry(const Refusal& refusal, std::uint64_t end) {
    Checked("bounded-retry", catalog::Action::kRetry);
    auto repeats = Repeats(refusal, end);
    if (repeats.count() > static_cast<std::size_t>(kSignalReconnectAttempts))
      return Add("bounded-retry",
                 fmt::format("client repeated {} {} times after {} (retry: at most {})", refusal.request->type,
                             repeats.count(), *refusal.answer->code, kSignalReconnectAttempts));
    auto gaps = repeats.Intervals();
    for (std::size_t i = 0; i < gaps.size(); ++i) {
      if (gaps[i] >= 1000) continue;
      return Add("bounded-retry", fmt::format("client repeated {} {} ms after its previous repeat after {} (retry: "
                                              "back off, at least 1 s between repeats)",
                                              refusal.request->type, gaps[i], *refusal.answer->code));
    }
  }

  void FreshToken(const Refusal& refusal, std::uint64_t end) {
    Checked("fresh-token", catalog::Action::kRegenerateUserSig);
    const std::string& rejected = refusal.request->token;
    auto again = Repeats(refusal, end).Where([&](const Entry& e) { return e.token == rejected; });
    if (again.empty()) return;
    Add("fresh-token", fmt::format("client sent the rejected token again in {} {} ms after {} (regenerate-usersig: "
                                   "never the rejected token, {} time(s))",
                                   refusal.request->type, again.first()->at_ms - refusal.answer->at_ms,
                                   *refusal.answer->code, again.count()));
  }

  void AppFetchesFreshToken(const ErrorRecord& record, const Refusal& refusal, std::uint64_t end) {
    auto react = marks_.OfKind(Kind::kReact).AfterSeq(record.seq).BeforeSeq(end);
    if (react.empty()) return;  // the scenario gave the application no time to react
    Checked("app-fetches-fresh-token", catalog::Action::kRegenerateUserSig);
    const std::string& rejected = refusal.request->token;
    auto fresh = Repeats(refusal, end).AfterSeq(react.first()->seq).Where([&](const Entry& e) {
      return !e.token.empty() && e.token != rejected;
    });
    if (!fresh.empty()) return;
    Add("app-fetches-fresh-token",
        fmt::format("the application did not send {} with a newly signed token in the {} ms it had to react after {} "
                    "(regenerate-usersig)",
                    refusal.request->type, react.first()->code.value_or(0), *refusal.answer->code));
  }

  void RejoinWhenOnline(catalog::Action action, const ErrorRecord& record, std::uint64_t end) {
    auto online = marks_.OfKind(Kind::kNetwork).OfType("online").AfterSeq(record.seq).BeforeSeq(end);
    if (online.empty()) return;
    auto react = marks_.OfKind(Kind::kReact).AfterSeq(online.first()->seq).BeforeSeq(end);
    if (react.empty()) return;
    Checked("rejoin-when-online", action);
    auto joins = subject_.OfKind(Kind::kRequest).OfType("join").AfterSeq(online.first()->seq).BeforeSeq(end);
    if (!joins.empty()) return;
    Add("rejoin-when-online",
        fmt::format("the application did not join again in the {} ms it had to react after the network came back "
                    "({} after {})",
                    react.first()->code.value_or(0), catalog::ToString(action), client::Describe(record.error)));
  }

  void NoPlaybackBeforeGesture(const ErrorRecord& record) {
    Checked("no-playback-before-gesture", catalog::Action::kResumePlaybackOnGesture);
    std::uint64_t gesture = kEnd;
    for (const auto& c : ev_.commands)
      if (c.operation == "resume" && c.order > record.order) {
        gesture = c.order;
        break;
      }
    for (const auto& e : ev_.events)
      if (e.event.name == "playing" && e.order > record.order && e.order < gesture)
        return Add("no-playback-before-gesture",
                   "the client started playback (event playing) before the user's gesture after PLAY_NOT_ALLOWED "
                   "(resume-playback-on-gesture)");
  }

  void ResultsAgree() {
    for (const auto& c : ev_.commands) {
      if (!c.result) continue;
      const ErrorRecord* last = nullptr;
      for (const auto& e : ev_.errors)
        if (e.error.operation == c.operation && e.order > c.order && e.order < c.result_order) last = &e;
      if (last || *c.result != 0) out_.checked.push_back(std::string(kResultAgrees) + ":" + c.operation);
      if (last && *c.result != last->error.code)
        Add(kResultAgrees, fmt::format("{} #{} surfaced {} but its result code is {} (a command's result code is the "
                                       "code of the error it surfaced)",
                                       c.operation, c.id, last->error.code, *c.result));
      if (!last && *c.result != 0)
        Add(kResultAgrees,
            fmt::format("{} #{} failed with result code {} but surfaced no error", c.operation, c.id, *c.result));
    }
  }

  // A join that timed out did so after the documented 10 s of the client's clock.
  void JoinTimeouts() {
    for (const auto& e : ev_.errors) {
      if (e.error.reason != "join room timeout") continue;
      const CommandRecord* join = nullptr;
      for (const auto& c : ev_.commands)
        if (c.operation == "join" && c.order < e.order) join = &c;
      const Entry* mark = nullptr;
      for (const auto& m : marks_.entries())
        if (join && m.seq == join->seq) mark = &m;
      if (!mark) continue;
      out_.checked.push_back(std::string(kJoinTimeout) + ":rejoin");
      const std::int64_t elapsed = e.error.at_ms - (mark->at_ms - ev_.start_ms);
      if (elapsed < kJoinTimeoutMs)
        Add(kJoinTimeout, fmt::format("client surfaced \"join room timeout\" {} ms after its join #{}; the "
                                      "documented join timeout is {} s",
                                      elapsed, join->id, kJoinTimeoutMs / 1000));
    }
  }

  // Signaling connections of the client that were in a room (a successful join answer).
  bool WasJoined(const Entry& drop) const {
    auto joined = subject_.OfKind(Kind::kAnswer).OfType("join").BeforeSeq(drop.seq).Where([&](const Entry& e) {
      return e.connection == drop.connection && e.code == 0;
    });
    return !joined.empty();
  }

  void ReconnectionWindows() {
    const int failed_code = client::SdkCode("SIGNAL_CHANNEL_RECONNECTION_FAILED").value_or(-1);
    auto drops = subject_.OnServer("signaling").OfKind(Kind::kClosed).Where([](const Entry& e) {
      return e.code != static_cast<int>(wire::CloseCode::kKicked) &&
             e.code != static_cast<int>(wire::CloseCode::kNormal);
    });
    for (const auto& drop : drops.entries()) {
      if (!WasJoined(drop)) continue;
      std::uint64_t until = SegmentEnd(drop.seq);
      const ErrorRecord* gave_up = nullptr;
      for (const auto& e : ev_.errors)
        if (e.error.code == failed_code && e.seq > drop.seq && e.seq < until) {
          gave_up = &e;
          until = e.seq + 1;
          break;
        }
      JudgeAttempts(drop, until, gave_up);
    }
  }

  void JudgeAttempts(const Entry& drop, std::uint64_t until, const ErrorRecord* gave_up) {
    auto attempts = subject_.OnServer("signaling").AfterSeq(drop.seq).BeforeSeq(until).Where([](const Entry& e) {
      return e.kind == Kind::kConnect || e.kind == Kind::kRefused;
    });
    if (attempts.empty() && !gave_up) return;
    out_.checked.push_back(std::string(kReconnectionWindows) + ":check-network-then-rejoin");
    int k = 0;
    for (const auto& attempt : attempts.entries()) {
      const std::int64_t after = attempt.at_ms - drop.at_ms;
      const std::int64_t from = WindowStart(k), to = WindowStart(k + 1) + kClockStepToleranceMs;
      if (after < from || after > to)
        return Add(kReconnectionWindows,
                   fmt::format("signaling reconnection attempt {} came {} ms after the drop; its window is {}-{} ms "
                               "(documented windows: {}; {} attempts)",
                               k + 1, after, from, WindowStart(k + 1), WindowsText(), kSignalReconnectAttempts));
      ++k;
    }
    if (gave_up && k != kSignalReconnectAttempts)
      Add(kReconnectionWindows, fmt::format("client surfaced SIGNAL_CHANNEL_RECONNECTION_FAILED after {} reconnection "
                                            "attempts; the documented SDK makes {}",
                                            k, kSignalReconnectAttempts));
  }

  const Evidence& ev_;
  View all_, subject_, marks_;
  Judgement out_;
};

}  // namespace

Judgement Judge(const Evidence& evidence) { return Judging(evidence).Run(); }

}  // namespace trtc::behaviour
