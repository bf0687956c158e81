// Runs one scenario against a client under test: starts the mock servers with the
// scenario's configuration and faults, drives the client (and helper peers) step by step
// on a virtual clock, then checks what the client surfaced against the expectations with
// the mocks/ matchers. No wall-clock waits except `patience`, the bound on how long a
// client may take to answer before the run fails (only a broken client ever reaches it).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/behaviour/behaviour.h"
#include "harness/client/client.h"
#include "harness/scenario/scenario.h"
#include "harness/scenario/world.h"

namespace trtc::scenario {

struct RunOptions {
  catalog::Locale locale = catalog::Locale::kEn;
  std::chrono::milliseconds patience = kDefaultPatience;
  bool trace_frames = false;  // add the servers' recorded frames to the trace
};

// A failed check of a surfaced error, as data: the gate pins known failures with it and
// writes their notes from it (docs/gating.md), and reports carry it (docs/report-format.md).
struct ErrorMismatch {
  std::string entry;     // the id of the catalog entry expected there; empty: no error was expected
  std::string expected;  // what the matchers check, as they describe it
  std::optional<client::SurfacedError> surfaced;  // what came in its place; nullopt: nothing
  std::string because;                            // every field that did not match
};

// One problem found in a run, at its conformance level (docs/gating.md).
struct Failure {
  behaviour::Level level = behaviour::Level::kRequired;
  // What was judged: "scenario" (a step, a result code, an event), "documented-error" (code,
  // extra code, reason, order, nothing else), "documented-text" (the message in the locale),
  // "handling-label", "traffic" (the scenario's journal expectations), or a rule of
  // docs/handling.md ("no-automatic-repeat", "reconnection-windows", …).
  std::string rule;
  std::string text;  // for people: where, what was expected, what came, why
  // Set by the checks of surfaced errors (documented-error, documented-text,
  // documented-reason, handling-label).
  std::optional<ErrorMismatch> mismatch;
};

struct [[nodiscard]] ScenarioResult {
  std::string id;
  catalog::Locale locale = catalog::Locale::kEn;
  bool passed = false;               // no required failure (recommended ones may remain)
  std::vector<Failure> failures;     // expected vs surfaced, one per problem
  std::vector<std::string> checked;  // behaviour rules that had something to judge ("rule:action")
  bool application = false;          // the client acted as an application
  std::vector<std::string> trace;    // commands, results, errors, events, faults, clock
  std::vector<client::SurfacedError> surfaced;
  // Set when the failure is the client's plumbing, not its conformance: it did not start,
  // or it spoke the adapter protocol wrongly. A gate treats that as a broken client (exit 2).
  std::optional<std::string> client_broken;
  double wall_ms = 0;
};

// "[recommended documented-text] <text>", as reports print failures.
std::string Describe(const Failure& failure);

ScenarioResult RunScenario(const Scenario& scenario, const ClientFactory& factory, const RunOptions& options);

}  // namespace trtc::scenario
