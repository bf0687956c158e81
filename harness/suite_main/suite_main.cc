// main() of trtc::conformance_main: the whole scenario suite, every locale, against the
// client that MakeClientUnderTest() returns. Scenarios come from $TRTC_SCENARIOS_DIR
// (trtc_conformance_add_test sets it to the installed suite) or this checkout's scenarios/.
#include <gtest/gtest.h>

#include <iostream>

#include "harness/suite_main/conformance_suite.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  const auto dir = trtc::scenario::DefaultScenariosDir();
  static const auto suite = trtc::scenario::LoadScenarios(dir);
  for (const auto& d : suite.diagnostics) std::cerr << d.ToString() << "\n";
  if (!suite.diagnostics.empty() || suite.scenarios.empty()) {
    std::cerr << "trtc conformance: no usable scenarios under " << dir.string() << " (set TRTC_SCENARIOS_DIR)\n";
    return 2;
  }
  trtc::conformance::RegisterScenarioTests("Conformance", suite.scenarios,
                                           {trtc::catalog::kAllLocales.begin(), trtc::catalog::kAllLocales.end()},
                                           [] { return trtc::conformance::MakeClientUnderTest(); });
  return RUN_ALL_TESTS();
}
