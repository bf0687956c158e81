#include "harness/scenario/runner.h"

#include "harness/common/json_value.h"
#include "harness/common/utf8.h"

#include <gmock/gmock.h>

#include <set>

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

class Run {
 public:
  Run(const Scenario& scenario, const ClientFactory& factory, const RunOptions& options)
      : scenario_(scenario), factory_(factory), options_(options) {
    result_.id = scenario.id;
    result_.locale = options.locale;
  }

  ScenarioResult Go() {
    auto started = Clock::now();
    if (StartWorld() && StartClient()) {
      for (const auto& step : scenario_.steps)
        if (!RunStep(step)) break;
      if (result_.failures.empty()) Finish();
      // What the client did is evidence even when a step failed: it may say why.
      if (!result_.client_broken) JudgeBehaviour();
    }
    StopAll();
    NoteBrokenClient();
    result_.passed = !HasRequiredFailure();
    result_.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    return std::move(result_);
  }

 private:
  bool Fail(std::string text, std::string rule = "scenario", Level level = Level::kRequired) {
    result_.failures.push_back({level, std::move(rule), std::move(text), std::nullopt});
    return false;
  }
  // A failed check of a surfaced error: its text for people, its data for the gate.
  void FailCheck(const std::string& where, ErrorMismatch mismatch, std::string rule, Level level = Level::kRequired) {
    result_.failures.push_back({level, std::move(rule), where + TextOf(mismatch), std::move(mismatch)});
  }
  static std::string TextOf(const ErrorMismatch& m) {
    if (m.entry.empty()) return "surfaced but not expected: " + client::Describe(*m.surfaced);
    if (!m.surfaced) return "expected but not surfaced: " + m.entry + " (" + m.expected + ")";
    return "expected " + m.entry + " (" + m.expected + ")\n    surfaced " + client::Describe(*m.surfaced) +
           "\n    because " + m.because;
  }
  bool HasRequiredFailure() const {
    return std::any_of(result_.failures.begin(), result_.failures.end(),
                       [](const Failure& f) { return f.level == Level::kRequired; });
  }
  std::string At(const Step& step) const { return scenario_.file + ":" + std::to_string(step.line) + ": "; }

  bool StartWorld() {
    auto parsed = service::ParseServiceConfig(scenario_.config.dump(), scenario_.file);
    if (!std::holds_alternative<service::ServiceConfig>(parsed)) return Fail("the scenario's config is invalid");
    WorldOptions options;
    options.servers.config = std::get<service::ServiceConfig>(parsed);
    options.locale = options_.locale;
    options.patience = options_.patience;
    auto started = World::Start(std::move(options));
    if (auto* why = std::get_if<std::string>(&started)) return Fail(*why);
    world_ = std::move(std::get<std::unique_ptr<World>>(started));
    for (const auto& fault : scenario_.faults) world_->AddFault(fault);
    return true;
  }

  bool StartClient() {
    if (auto why = world_->StartSubject(factory_)) {
      result_.client_broken = "the client did not start: " + *why;
      return Fail(*result_.client_broken);
    }
    result_.application = subject().client->acts_as_application();
    if (result_.application) world_->Note("* the client acts as an application");
    return true;
  }

  Participant& subject() { return world_->subject(); }
  servers::ServerSet& servers() { return world_->servers(); }

  bool RunStep(const Step& step) {
    switch (step.kind) {
      case Step::Kind::kDo:
        for (int i = 0; i < step.repeat; ++i)
          if (!Do(step)) return false;
        return true;
      case Step::Kind::kAdvance:
        return Advance(step);
      case Step::Kind::kReact:
        world_->Mark(Kind::kReact, "", step.ms);
        world_->Note("* the application may react for " + std::to_string(step.ms) + " ms");
        return Advance(step);
      case Step::Kind::kFault:
        for (const auto& fault : step.faults) world_->AddFault(fault);
        return true;
      case Step::Kind::kWaitFor:
        return WaitFor(step);
    }
    return true;
  }

  bool Do(const Step& step) {
    auto& who = step.peer.empty() ? subject() : world_->Peer(step.peer);
    json args = step.args;
    ResolveTokens(args, servers().service().config(), servers().clock().NowSeconds());
    // Before the client can act on it: the judge reads what it did after the network came back.
    if (&who == &subject() && step.operation == "platform" && args.contains("network"))
      world_->Mark(Kind::kNetwork, StringOr(args, "network"));
    if (&who != &subject() && args.contains("userId")) peer_users_.insert(StringOr(args, "userId"));
    const auto id = world_->Send(who, step.operation, std::move(args));
    if (!step.wait) {
      outstanding_.push_back({&who, id, &step});
      return true;
    }
    return CheckResult(who, id, step);
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

  bool Advance(const Step& step) {
    auto moved = world_->Advance(step.ms, step.by_ms);
    return moved || Fail(At(step) + moved.message());
  }

  bool WaitFor(const Step& step) {
    auto seen = step.fault_fired.empty() ? world_->WaitForEvent(step.event, step.event_data)
                                         : world_->WaitForFault(step.fault_fired);
    return seen || Fail(At(step) + seen.message());
  }

  void Finish() {
    for (auto& [who, id, step] : outstanding_)
      if (!CheckResult(*who, id, *step)) return;
    auto& recorder = *subject().recorder;
    // Errors may still be on their way; a missing one is reported by CheckErrors.
    (void)recorder.WaitFor([&] { return recorder.error_count() >= scenario_.errors.size(); }, options_.patience);
    if (auto synced = world_->Sync(); !synced) {
      Fail(synced.message());
      return;
    }
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
    return AllOfExplained(std::move(all));
  }

  // The check of `surfaced` (nullopt: nothing came) against `matcher` for the entry `e`;
  // the mismatch when it fails.
  static std::optional<ErrorMismatch> Check(const ExpectedError& e,
                                            const testing::Matcher<const SurfacedError&>& matcher,
                                            const std::optional<SurfacedError>& surfaced) {
    ErrorMismatch mismatch{e.entry->id, testing::DescribeMatcher<const SurfacedError&>(matcher), surfaced, ""};
    if (!surfaced) return mismatch;
    testing::StringMatchResultListener why;
    if (matcher.MatchAndExplain(*surfaced, &why)) return std::nullopt;
    mismatch.because = why.str();
    return mismatch;
  }

  // Recommended: the documented text in the locale, the handling label if one is given, and
  // a reason the harness recognised in the SDK's wording (a difference of wording alone
  // must never hide whether the codes conform).
  void CheckRecommended(const ExpectedError& e, const SurfacedError& surfaced, const std::string& where) {
    std::vector<std::pair<std::string, testing::Matcher<const SurfacedError&>>> checks = {
        {"documented-text", mocks::MessageIs(options_.locale)},
        {"handling-label", mocks::RecommendsHandling(e.entry->handling.action)}};
    if (surfaced.reason_from_wording)
      checks.emplace_back("documented-reason", mocks::AllOfExplained<SurfacedError>(
                                                   {mocks::HasReason(e.reason), mocks::IsDocumentedBy(e.entry->id)}));
    for (const auto& [rule, matcher] : checks)
      if (auto mismatch = Check(e, matcher, surfaced))
        FailCheck(where, std::move(*mismatch), rule, Level::kRecommended);
  }

  void CheckErrors(const std::vector<SurfacedError>& surfaced) {
    result_.surfaced = surfaced;
    for (std::size_t i = 0; i < std::max(surfaced.size(), scenario_.errors.size()); ++i) {
      if (i >= scenario_.errors.size()) {
        FailCheck("", {"", "", surfaced[i], ""}, "documented-error");
        continue;
      }
      const auto& expected = scenario_.errors[i];
      const auto came = i < surfaced.size() ? std::optional<SurfacedError>(surfaced[i]) : std::nullopt;
      const std::string where = scenario_.file + ":" + std::to_string(expected.line) + ": ";
      if (auto mismatch = Check(expected, RequiredMatcher(expected, came && came->reason_from_wording), came)) {
        FailCheck(where, std::move(*mismatch), "documented-error");
        continue;
      }
      CheckRecommended(expected, *came, where);
    }
  }

  // The scenario's own expectations on the journal.
  void CheckTraffic() {
    journal::View all(servers().journal().Entries());
    for (const auto& t : scenario_.traffic) {
      if (t.application && !result_.application) continue;
      auto matching = all.Where([&](const journal::Entry& e) {
        return e.server != "harness" && journal::ToString(e.kind) == t.kind &&
               (t.server.empty() || e.server == t.server) && (t.type.empty() || e.type == t.type) &&
               (t.user.empty() || e.user == t.user) && (!t.code || e.code == t.code) &&
               (!t.from_ms || e.at_ms >= kWorldStartMs + *t.from_ms) &&
               (!t.to_ms || e.at_ms < kWorldStartMs + *t.to_ms);
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
    auto evidence = subject().recorder->EvidenceCopy();
    evidence.journal = servers().journal().Entries();
    evidence.peer_users = peer_users_;
    evidence.application = result_.application;
    evidence.start_ms = kWorldStartMs;
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

  // The client's own failure (docs/adapter.md, "Lifetime"), known once it stopped: the run
  // says what happened to it rather than judging it.
  void NoteBrokenClient() {
    if (result_.client_broken || !world_ || !subject().client) return;
    if (auto broken = subject().client->Broken()) {
      result_.client_broken = *broken;
      Fail(*broken);
    }
  }

  void StopAll() {
    if (!world_) return;
    // What is in flight reaches the trace before it ends, so the trace is the same every run
    // (a client that broke or never started has nothing to add).
    if (!result_.client_broken && subject().client) world_->Settle();
    // Frames first: a session's frames go with it when its client disconnects.
    if (options_.trace_frames) TraceFrames();
    result_.trace = world_->EndTrace();
    world_->Stop();
  }

  void TraceFrames() {
    for (const auto& session : servers().Sessions(/*include_ended=*/true)) {
      for (const auto& frame : servers().Frames(session.connection).value_or(std::vector<servers::RecordedFrame>{}))
        world_->Note("  " + session.server + "#" + std::to_string(session.connection) + " " + frame.direction + " " +
                     std::string(Utf8Prefix(frame.text, 200)));
    }
    for (const auto& entry : servers().journal().Entries()) world_->Note("  journal " + journal::Describe(entry));
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
  std::unique_ptr<World> world_;
  std::vector<Outstanding> outstanding_;
  std::set<std::string> peer_users_;
};

}  // namespace

std::string Describe(const Failure& failure) {
  return "[" + std::string(behaviour::ToString(failure.level)) + " " + failure.rule + "] " + failure.text;
}

ScenarioResult RunScenario(const Scenario& scenario, const ClientFactory& factory, const RunOptions& options) {
  return Run(scenario, factory, options).Go();
}

}  // namespace trtc::scenario
