// Judging what a client does, not only what it says: the observable definition of every
// recommended-handling action (docs/handling.md is the reviewed table; this is its code),
// and the judge that holds a run's evidence (the servers' journal, the commands given,
// what the client surfaced and when) against those definitions and the documented SDK
// behaviour (reconnection windows, result codes that agree with the surfaced errors).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/handling.h"
#include "harness/client/client.h"
#include "harness/journal/journal.h"

namespace trtc::behaviour {

// Conformance levels, as the protobuf conformance runner has them: a gate fails on
// required failures, and on recommended ones too when strict.
enum class Level { kRequired, kRecommended };
std::string_view ToString(Level level);

// Who has to keep a rule: the SDK on its own, or the application on top of it.
enum class Keeper { kSdk, kApplication };
std::string_view ToString(Keeper keeper);

struct RuleInfo {
  std::string_view id;
  Keeper keeper;
  Level level;
  std::string_view definition;  // what is checked, in the words of docs/handling.md
};
std::span<const RuleInfo> AllRules();
const RuleInfo* FindRule(std::string_view id);

// One row of docs/handling.md: what a conforming client must and must not do after it
// surfaced an error with this handling, and the rules that check it.
struct ActionDefinition {
  catalog::Action action;
  std::vector<std::string_view> rules;  // ids of AllRules(); empty: nothing on the wire to check
  std::string_view sdk_alone;           // what the SDK itself must (not) do
  std::string_view application;         // what an application on top must do
};
std::span<const ActionDefinition> AllDefinitions();
const ActionDefinition* DefinitionOf(catalog::Action action);

// Rules that hold in every scenario, whatever was surfaced.
inline constexpr std::string_view kResultAgrees = "result-agrees";
inline constexpr std::string_view kReconnectionWindows = "reconnection-windows";
inline constexpr std::string_view kJoinTimeout = "join-timeout";
// "join room timeout": the documented join timeout, on the client's clock.
inline constexpr std::int64_t kJoinTimeoutMs = 10'000;

// The documented signaling reconnection of the Web SDK v4: attempt k (from 0) starts
// inside window k, windows of 2,2,3,3,5,5,8,8,13,13 s then 13 s, 30 attempts, then
// SIGNAL_CHANNEL_RECONNECTION_FAILED.
inline constexpr std::int64_t kSignalReconnectWindowsMs[] = {2000, 2000, 3000, 3000,  5000,
                                                             5000, 8000, 8000, 13000, 13000};
inline constexpr int kSignalReconnectAttempts = 30;
// Slack for clocks moved in steps: an attempt may be seen up to this late on the server.
inline constexpr std::int64_t kClockStepToleranceMs = 1000;
// The retry-storm rule: at most this many repeats of a failed request within the window.
inline constexpr int kMaxAutomaticRepeats = 1;
inline constexpr std::int64_t kRepeatWindowMs = 60'000;

// A run's evidence. `order` numbers every observation and command of the client under test
// in the order the harness saw them; `seq` is the journal's length at that moment.
struct CommandRecord {
  std::uint64_t id = 0;
  std::string operation;
  std::uint64_t order = 0;    // when it was given
  std::uint64_t seq = 0;      // its kCommand mark in the journal
  std::optional<int> result;  // its result code, if it got one
  std::uint64_t result_order = 0;
};
struct ErrorRecord {
  client::SurfacedError error;
  std::uint64_t order = 0;
  std::uint64_t seq = 0;
};
struct EventRecord {
  client::ClientEvent event;
  std::uint64_t order = 0;
  std::uint64_t seq = 0;
};
struct Evidence {
  std::vector<journal::Entry> journal;
  std::vector<CommandRecord> commands;  // of the client under test, in order
  std::vector<ErrorRecord> errors;
  std::vector<EventRecord> events;
  std::set<std::string> peer_users;  // helper peers' traffic is not the client's
  bool application = false;          // the client acts as an application
  std::int64_t start_ms = 0;         // the server clock when the client's clock read 0
};

struct Finding {
  Level level = Level::kRequired;
  std::string rule;
  std::string text;  // names the behaviour: "client sent hello 21 times …"
};

struct Judgement {
  std::vector<Finding> findings;
  // "rule:action" for every rule that had something to judge (for coverage counts).
  std::vector<std::string> checked;
};

[[nodiscard]] Judgement Judge(const Evidence& evidence);

}  // namespace trtc::behaviour
