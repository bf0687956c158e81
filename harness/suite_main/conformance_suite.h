// The scenario suite as GoogleTest tests, for a C++ client team testing its client
// in-process (the installed package's trtc::conformance_main, examples/in-process-client/).
#pragma once

#include <memory>
#include <vector>

#include "harness/client/client.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/scenario.h"

namespace trtc::conformance {

// Runs one scenario in one locale and reports every failure, with the trace, as a
// GoogleTest failure of the current test. Required-level failures fail it; with `strict`,
// recommended-level ones too (docs/gating.md).
void ExpectScenarioPasses(const scenario::Scenario& s, catalog::Locale locale, const scenario::ClientFactory& factory,
                          bool strict = false);

// Registers a test "<suite>.<scenario id>_<locale>" per scenario and locale (call before
// RUN_ALL_TESTS; `scenarios` must outlive the run). --gtest_filter, sharding
// (GTEST_TOTAL_SHARDS/GTEST_SHARD_INDEX), --gtest_output=xml: and repeat work as usual.
void RegisterScenarioTests(const char* suite, const std::vector<scenario::Scenario>& scenarios,
                           const std::vector<catalog::Locale>& locales, scenario::ClientFactory factory);

// Defined by the client team when it links trtc::conformance_main: the client under test.
std::unique_ptr<client::ClientUnderTest> MakeClientUnderTest();

}  // namespace trtc::conformance
