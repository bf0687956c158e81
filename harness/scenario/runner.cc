#include "harness/scenario/runner.h"

#include "harness/common/json_value.h"
#include "harness/common/utf8.h"

#include <gmock/gmock.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "harness/reference_client/reference_client.h"
#include "harness/scenario/tokens.h"
#include "harness/servers/server_set.h"
#include "harness/service/service.h"
#include "mocks/client_mocks.h"

namespace trtc::scenario {
namespace {

using behaviour::Level;
using client::ClientEvent;
using client::OperationResult;
using client::SurfacedError;
using journal::Kind;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

inline constexpr std::int64_t kServerStartMs = 1'700'000'000'000;

bool ContainsAll(const json& data, const json& subset) {
  for (const auto& [key, value] : subset.items())
    if (!data.contains(key) || data[key] != value) return false;
  return true;
}

// Everything a client reported, in order, with a trace; waits are bounded by patience.
class Recorder : public client::ClientObserver {
 public:
  // `journal`: the servers' journal, whose length stamps each observation (the judge's
  // "this much had happened on the wire when the harness saw it").
  Recorder(std::string who, std::vector<std::string>& trace, std::mutex& trace_mutex, const journal::Journal& journal)
      : who_(std::move(who)), trace_(trace), trace_mutex_(trace_mutex), journal_(journal) {}

  void OnError(const SurfacedError& error) override {
    Note("! error " + client::Describe(error));
    Update([&] { evidence_.errors.push_back({error, ++order_, journal_.last_seq()}); });
  }
  void OnEvent(const ClientEvent& event) override {
    Note("~ event " + event.name + " " + event.data.dump());
    Update([&] { evidence_.events.push_back({event, ++order_, journal_.last_seq()}); });
  }
  void OnResult(const OperationResult& result) override {
    Note("< " + result.operation + " #" + std::to_string(result.id) + " code " + std::to_string(result.code));
    Update([&] {
      results_[result.id] = result;
      for (auto& c : evidence_.commands)
        if (c.id == result.id && !c.result) {
          c.result = result.code;
          c.result_order = ++order_;
        }
    });
  }
  // A command given to this client, with its mark in the journal.
  void Commanded(const client::Command& command, std::uint64_t mark_seq) {
    Update([&] { evidence_.commands.push_back({command.id, command.operation, ++order_, mark_seq, std::nullopt, 0}); });
  }
  behaviour::Evidence EvidenceCopy() {
    std::lock_guard lock(mutex_);
    return evidence_;
  }

  std::optional<OperationResult> WaitResult(std::uint64_t id, std::chrono::milliseconds patience) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, patience, [&] { return results_.contains(id); })) return std::nullopt;
    return results_[id];
  }
  bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds patience) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, patience, condition);
  }
  // Under the lock (for WaitFor conditions) or after the client stopped.
  std::size_t error_count() const { return evidence_.errors.size(); }
  bool SawEvent(const std::string& name, const json& data) const {
    return std::any_of(evidence_.events.begin(), evidence_.events.end(), [&](const behaviour::EventRecord& e) {
      return e.event.name == name && ContainsAll(e.event.data, data);
    });
  }
  std::vector<SurfacedError> ErrorsCopy() {
    std::lock_guard lock(mutex_);
    std::vector<SurfacedError> errors;
    for (const auto& e : evidence_.errors) errors.push_back(e.error);
    return errors;
  }
  std::vector<ClientEvent> EventsCopy() {
    std::lock_guard lock(mutex_);
    std::vector<ClientEvent> events;
    for (const auto& e : evidence_.events) events.push_back(e.event);
    return events;
  }
  void Note(const std::string& line) {
    std::lock_guard lock(trace_mutex_);
    trace_.push_back(who_ + line);
  }

 private:
  template <class F>
  void Update(F f) {
    {
      std::lock_guard lock(mutex_);
      f();
    }
    changed_.notify_all();
  }
  std::string who_;
  std::vector<std::string>& trace_;
  std::mutex& trace_mutex_;
  std::mutex mutex_;
  std::condition_variable changed_;
  const journal::Journal& journal_;
  std::map<std::uint64_t, OperationResult> results_;
  behaviour::Evidence evidence_;
  std::uint64_t order_ = 0;
};

// Tokens in traces are cut to 8 characters: traces end up in CI logs.
json Redacted(json value) {
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) {
      if ((key == "userSig" || key == "usersig" || key == "privateMapKey") && child.is_string() &&
          child.get<std::string>().size() > 8)
        child = std::string(Utf8Prefix(child.get<std::string>(), 8)) + "…";
      else
        child = Redacted(child);
    }
  }
  return value;
}

struct Participant {
  std::unique_ptr<client::ClientUnderTest> client;
  std::unique_ptr<Recorder> recorder;
};

class Run {
 public:
  Run(const Scenario& scenario, const ClientFactory& factory, const RunOptions& options)
      : scenario_(scenario), factory_(factory), options_(options) {
    result_.id = scenario.id;
    result_.locale = options.locale;
  }

  ScenarioResult Go() {
    auto started = Clock::now();
    if (StartServers() && StartClient()) {
      for (const auto& step : scenario_.steps)
        if (!RunStep(step)) break;
      if (result_.failures.empty()) Finish();
      // What the client did is evidence even when a step failed: it may say why.
      if (!result_.client_broken) JudgeBehaviour();
    }
    StopAll();
    NoteProtocolErrors();
    result_.passed = !HasRequiredFailure();
    result_.trace = std::move(trace_);
    result_.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    return std::move(result_);
  }

 private:
  bool Fail(std::string text, std::string rule = "scenario", Level level = Level::kRequired) {
    result_.failures.push_back({level, std::move(rule), std::move(text)});
    return false;
  }
  bool HasRequiredFailure() const {
    return std::any_of(result_.failures.begin(), result_.failures.end(),
                       [](const Failure& f) { return f.level == Level::kRequired; });
  }
  std::string At(const Step& step) const { return scenario_.file + ":" + std::to_string(step.line) + ": "; }

  bool StartServers() {
    auto parsed = service::ParseServiceConfig(scenario_.config.dump(), scenario_.file);
    if (!std::holds_alternative<service::ServiceConfig>(parsed)) return Fail("the scenario's config is invalid");
    servers::ServerSetOptions options;
    options.enable_tls = false;
    options.config = std::get<service::ServiceConfig>(parsed);
    options.clock = {kServerStartMs, 0.0};
    auto started = servers::ServerSet::Start(std::move(options));
    if (auto* why = std::get_if<std::string>(&started)) return Fail("the servers did not start: " + *why);
    servers_ = std::move(std::get<std::unique_ptr<servers::ServerSet>>(started));
    for (const auto& fault : scenario_.faults) AddFault(fault);
    return true;
  }

  client::ClientConfig Config() const {
    client::ClientConfig config;
    config.signaling_url = "ws://127.0.0.1:" + std::to_string(servers_->port("signaling")) + "/";
    config.media_url = "ws://127.0.0.1:" + std::to_string(servers_->port("media")) + "/";
    config.rest_url = "http://127.0.0.1:" + std::to_string(servers_->port("rest"));
    config.stun_host = "127.0.0.1";
    config.stun_port = servers_->port("stun");
    config.locale = options_.locale;
    config.app_backend = [this](const client::TokenRequest& request) {
      return FreshUserSig(servers_->service().config(), request.sdk_app_id, request.user_id,
                          servers_->clock().NowSeconds());
    };
    return config;
  }

  bool StartClient() {
    subject_.client = factory_();
    subject_.recorder = std::make_unique<Recorder>("", trace_, trace_mutex_, servers_->journal());
    if (auto why = subject_.client->Start(Config(), *subject_.recorder)) {
      result_.client_broken = "the client did not start: " + *why;
      return Fail(*result_.client_broken);
    }
    result_.application = subject_.client->acts_as_application();
    if (result_.application) Note("* the client acts as an application");
    return true;
  }

  Participant& Peer(const std::string& name) {
    auto& peer = peers_[name];
    if (!peer.client) {
      peer.client = refclient::MakeReferenceClient();
      peer.recorder = std::make_unique<Recorder>("[" + name + "] ", trace_, trace_mutex_, servers_->journal());
      peer.client->Start(Config(), *peer.recorder);
    }
    return peer;
  }

  // A mark of the harness's own in the journal, so the judge knows what the client was told.
  std::uint64_t Mark(Kind kind, std::string type, std::optional<std::int64_t> value = std::nullopt) {
    journal::Entry entry;
    entry.at_ms = servers_->clock().Now().count();
    entry.kind = kind;
    entry.server = "harness";
    entry.type = std::move(type);
    if (value) entry.code = static_cast<int>(*value);
    return servers_->journal().Record(std::move(entry));
  }

  void AddFault(const faults::Fault& fault) {
    auto id = servers_->faults().Add(fault, servers_->clock().Now().count());
    Note("* fault " + id + " " + faults::ToJson(fault).dump());
  }
  void Note(std::string line) {
    std::lock_guard lock(trace_mutex_);
    trace_.push_back(std::move(line));
  }

  bool RunStep(const Step& step) {
    switch (step.kind) {
      case Step::Kind::kDo:
        for (int i = 0; i < step.repeat; ++i)
          if (!Do(step)) return false;
        return true;
      case Step::Kind::kAdvance:
        return Advance(step);
      case Step::Kind::kReact:
        Mark(Kind::kReact, "", step.ms);
        Note("* the application may react for " + std::to_string(step.ms) + " ms");
        return Advance(step);
      case Step::Kind::kFault:
        for (const auto& fault : step.faults) AddFault(fault);
        return true;
      case Step::Kind::kWaitFor:
        return WaitFor(step);
    }
    return true;
  }

  bool Do(const Step& step) {
    auto& who = step.peer.empty() ? subject_ : Peer(step.peer);
    client::Command command{next_id_++, step.operation, step.args};
    ResolveTokens(command.args, servers_->service().config(), servers_->clock().NowSeconds());
    who.recorder->Note("> " + command.operation + " #" + std::to_string(command.id) + " " +
                       Redacted(command.args).dump());
    if (&who == &subject_) {
      who.recorder->Commanded(command, Mark(Kind::kCommand, command.operation));
      if (command.operation == "platform" && command.args.contains("network"))
        Mark(Kind::kNetwork, StringOr(command.args, "network"));
    } else if (command.args.contains("userId")) {
      peer_users_.insert(StringOr(command.args, "userId"));
    }
    who.client->Execute(command);
    if (!step.wait) {
      outstanding_.push_back({&who, command.id, &step});
      return true;
    }
    return CheckResult(who, command.id, step);
  }

  bool CheckResult(Participant& who, std::uint64_t id, const Step& step) {
    auto result = who.recorder->WaitResult(id, options_.patience);
    if (!result) return Fail(At(step) + step.operation + ": the client gave no result");
    if (step.expect_code && result->code != *step.expect_code)
      return Fail(At(step) + step.operation + ": expected result code " + std::to_string(*step.expect_code) + ", got " +
                  std::to_string(result->code));
    if (!step.expect_code && !step.peer.empty() && result->code != 0)
      return Fail(At(step) + "peer " + step.peer + ": " + step.operation + " failed with " +
                  std::to_string(result->code) + " (a helper peer must succeed)");
    return true;
  }

  bool Command(Participant& who, const std::string& operation, json args, const Step* step) {
    client::Command command{next_id_++, operation, std::move(args)};
    who.client->Execute(command);
    if (!who.recorder->WaitResult(command.id, options_.patience))
      return Fail((step ? At(*step) : std::string()) + "the client gave no result to " + operation);
    return true;
  }

  bool Advance(const Step& step) {
    for (std::int64_t done = 0; done < step.ms; done += step.by_ms) {
      const auto by = std::min(step.by_ms, step.ms - done);
      servers_->clock().Advance(std::chrono::milliseconds(by));
      for (auto& [name, peer] : peers_)
        if (!Command(peer, "advance-clock", {{"ms", by}}, &step)) return false;
      if (!Command(subject_, "advance-clock", {{"ms", by}}, &step)) return false;
    }
    Note("@ clock +" + std::to_string(step.ms) + " ms");
    return true;
  }

  bool WaitFor(const Step& step) {
    if (!step.fault_fired.empty()) {
      auto deadline = Clock::now() + options_.patience;
      while (Clock::now() < deadline) {
        for (const auto& [id, count] : servers_->faults().FiredCounts())
          if (id == step.fault_fired && count > 0) return true;
        std::this_thread::yield();
      }
      return Fail(At(step) + "fault " + step.fault_fired + " did not fire");
    }
    auto& recorder = *subject_.recorder;
    bool seen = recorder.WaitFor([&] { return recorder.SawEvent(step.event, step.event_data); }, options_.patience);
    return seen || Fail(At(step) + "the client never reported event " + step.event + " " + step.event_data.dump());
  }

  void Finish() {
    for (auto& [who, id, step] : outstanding_)
      if (!CheckResult(*who, id, *step)) return;
    auto& recorder = *subject_.recorder;
    recorder.WaitFor([&] { return recorder.error_count() >= scenario_.errors.size(); }, options_.patience);
    if (!Command(subject_, "sync", json::object(), nullptr)) return;
    CheckErrors(recorder.ErrorsCopy());
    CheckEvents(recorder.EventsCopy());
    CheckTraffic();
  }

  // Required: what the error is (family, code, extra code, time bound) and, when the client
  // names its reason itself, the reason and the entry that documents it.
  testing::Matcher<const SurfacedError&> RequiredMatcher(const ExpectedError& e, bool reason_from_wording) const {
    using namespace mocks;
    std::vector<testing::Matcher<const SurfacedError&>> all = {
        InFamily(e.family), HasCode(e.code),
        e.extra_code ? testing::Matcher<const SurfacedError&>(HasExtraCode(*e.extra_code))
                     : testing::Matcher<const SurfacedError&>(HasNoExtraCode())};
    if (!reason_from_wording) all.insert(all.end(), {HasReason(e.reason), IsDocumentedBy(e.entry->id)});
    if (e.within_ms) all.push_back(SurfacedWithin(*e.within_ms));
    return testing::AllOfArray(all);
  }

  // Recommended: the documented text in the locale, the handling label if one is given, and
  // a reason the harness recognised in the SDK's wording (a difference of wording alone
  // must never hide whether the codes conform).
  void CheckRecommended(const ExpectedError& e, const SurfacedError& surfaced, const std::string& where) {
    std::vector<std::pair<std::string, testing::Matcher<const SurfacedError&>>> checks = {
        {"documented-text", mocks::MessageIs(options_.locale)},
        {"handling-label", mocks::RecommendsHandling(e.entry->handling.action)}};
    if (surfaced.reason_from_wording)
      checks.emplace_back("documented-reason",
                          testing::AllOf(mocks::HasReason(e.reason), mocks::IsDocumentedBy(e.entry->id)));
    for (const auto& [rule, matcher] : checks) {
      testing::StringMatchResultListener why;
      if (matcher.MatchAndExplain(surfaced, &why)) continue;
      std::ostringstream want;
      matcher.DescribeTo(&want);
      Fail(where + "expected " + e.entry->id + " (" + want.str() + ")\n    surfaced " + client::Describe(surfaced) +
               "\n    because " + why.str(),
           rule, Level::kRecommended);
    }
  }

  void CheckErrors(const std::vector<SurfacedError>& surfaced) {
    result_.surfaced = surfaced;
    for (std::size_t i = 0; i < std::max(surfaced.size(), scenario_.errors.size()); ++i) {
      if (i >= scenario_.errors.size()) {
        Fail("surfaced but not expected: " + client::Describe(surfaced[i]), "documented-error");
        continue;
      }
      const auto& expected = scenario_.errors[i];
      auto matcher = RequiredMatcher(expected, i < surfaced.size() && surfaced[i].reason_from_wording);
      std::ostringstream want;
      matcher.DescribeTo(&want);
      const std::string where = scenario_.file + ":" + std::to_string(expected.line) + ": ";
      if (i >= surfaced.size()) {
        Fail(where + "expected but not surfaced: " + expected.entry->id + " (" + want.str() + ")", "documented-error");
        continue;
      }
      testing::StringMatchResultListener why;
      if (!matcher.MatchAndExplain(surfaced[i], &why)) {
        Fail(where + "expected " + expected.entry->id + " (" + want.str() + ")\n    surfaced " +
                 client::Describe(surfaced[i]) + "\n    because " + why.str(),
             "documented-error");
        continue;
      }
      CheckRecommended(expected, surfaced[i], where);
    }
  }

  // The scenario's own expectations on the journal.
  void CheckTraffic() {
    journal::View all(servers_->journal().Entries());
    for (const auto& t : scenario_.traffic) {
      if (t.application && !result_.application) continue;
      auto matching = all.Where([&](const journal::Entry& e) {
        return e.server != "harness" && journal::ToString(e.kind) == t.kind &&
               (t.server.empty() || e.server == t.server) && (t.type.empty() || e.type == t.type) &&
               (t.user.empty() || e.user == t.user) && (!t.code || e.code == t.code) &&
               (!t.from_ms || e.at_ms >= kServerStartMs + *t.from_ms) &&
               (!t.to_ms || e.at_ms < kServerStartMs + *t.to_ms);
      });
      const std::size_t n = matching.count();
      const bool ok = (!t.count || n == *t.count) && (!t.min || n >= *t.min) && (!t.max || n <= *t.max);
      if (ok) continue;
      std::string want = t.count ? "exactly " + std::to_string(*t.count)
                                 : (t.min ? "at least " + std::to_string(*t.min) : std::string()) +
                                       (t.min && t.max ? " and " : "") +
                                       (t.max ? "at most " + std::to_string(*t.max) : std::string());
      std::string what = t.kind + (t.type.empty() ? "" : " " + t.type) + (t.user.empty() ? "" : " of " + t.user) +
                         (t.server.empty() ? "" : " on " + t.server) +
                         (t.code ? " with code " + std::to_string(*t.code) : "");
      Fail(scenario_.file + ":" + std::to_string(t.line) + ": expected " + want + " " + what + ", the journal has " +
               std::to_string(n),
           "traffic", t.application ? Level::kRecommended : Level::kRequired);
    }
  }

  // What the client did, against docs/handling.md.
  void JudgeBehaviour() {
    auto evidence = subject_.recorder->EvidenceCopy();
    evidence.journal = servers_->journal().Entries();
    evidence.peer_users = peer_users_;
    evidence.application = result_.application;
    evidence.start_ms = kServerStartMs;
    auto judgement = behaviour::Judge(evidence);
    for (auto& finding : judgement.findings) Fail(std::move(finding.text), std::move(finding.rule), finding.level);
    result_.checked = std::move(judgement.checked);
  }

  void CheckEvents(const std::vector<ClientEvent>& events) {
    for (const auto& expected : scenario_.events) {
      bool seen = std::any_of(events.begin(), events.end(), [&](const ClientEvent& e) {
        return e.name == expected.name && ContainsAll(e.data, expected.data);
      });
      if (!seen)
        Fail(scenario_.file + ":" + std::to_string(expected.line) + ": expected event " + expected.name + " " +
             expected.data.dump() + " was not reported");
    }
  }

  // adapter-error events are the process client's report of lines outside the protocol.
  void NoteProtocolErrors() {
    if (!subject_.recorder) return;
    for (const auto& event : subject_.recorder->EventsCopy()) {
      if (event.name != "adapter-error") continue;
      result_.client_broken = "the client spoke the adapter protocol wrongly: " + StringOr(event.data, "message") +
                              " (line: " + StringOr(event.data, "line") + ")";
      Fail(*result_.client_broken);
      return;
    }
  }

  void StopAll() {
    // Frames first: a session's frames go with it when its client disconnects.
    if (servers_ && options_.trace_frames) TraceFrames();
    if (subject_.client) subject_.client->Stop();
    for (auto& [name, peer] : peers_) peer.client->Stop();
    if (servers_) servers_->Stop();
  }

  void TraceFrames() {
    for (const auto& session : servers_->Sessions(/*include_ended=*/true)) {
      for (const auto& frame : servers_->Frames(session.connection).value_or(std::vector<servers::RecordedFrame>{}))
        Note("  " + session.server + "#" + std::to_string(session.connection) + " " + frame.direction + " " +
             std::string(Utf8Prefix(frame.text, 200)));
    }
    for (const auto& entry : servers_->journal().Entries()) Note("  journal " + journal::Describe(entry));
  }

  struct Outstanding {
    Participant* who;
    std::uint64_t id;
    const Step* step;
  };

  const Scenario& scenario_;
  const ClientFactory& factory_;
  const RunOptions& options_;
  ScenarioResult result_;
  std::mutex trace_mutex_;
  std::vector<std::string> trace_;
  std::unique_ptr<servers::ServerSet> servers_;
  Participant subject_;
  std::map<std::string, Participant> peers_;
  std::vector<Outstanding> outstanding_;
  std::set<std::string> peer_users_;
  std::uint64_t next_id_ = 1;
};

}  // namespace

std::string Describe(const Failure& failure) {
  return "[" + std::string(behaviour::ToString(failure.level)) + " " + failure.rule + "] " + failure.text;
}

ScenarioResult RunScenario(const Scenario& scenario, const ClientFactory& factory, const RunOptions& options) {
  return Run(scenario, factory, options).Go();
}

}  // namespace trtc::scenario
