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

#include "harness/client/client.h"
#include "harness/scenario/scenario.h"

namespace trtc::scenario {

using ClientFactory = std::function<std::unique_ptr<client::ClientUnderTest>()>;

struct RunOptions {
  catalog::Locale locale = catalog::Locale::kEn;
  std::chrono::milliseconds patience{5000};
  bool trace_frames = false;  // add the servers' recorded frames to the trace
};

struct ScenarioResult {
  std::string id;
  catalog::Locale locale = catalog::Locale::kEn;
  bool passed = false;
  std::vector<std::string> failures;  // expected vs surfaced, one per problem
  std::vector<std::string> trace;     // commands, results, errors, events, faults, clock
  std::vector<client::SurfacedError> surfaced;
  // Set when the failure is the client's plumbing, not its conformance: it did not start,
  // or it spoke the adapter protocol wrongly. A gate treats that as a broken client (exit 2).
  std::optional<std::string> client_broken;
  double wall_ms = 0;
};

ScenarioResult RunScenario(const Scenario& scenario, const ClientFactory& factory, const RunOptions& options);

}  // namespace trtc::scenario
