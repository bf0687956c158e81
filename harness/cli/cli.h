// The trtc-harness command line, callable in-process (tests) and from main().
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace trtc::cli {

// Exit codes, stable and documented in README.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // the command ran and found a problem (unknown code, stale catalog…)
  kExitUsage = 2,    // bad flags or arguments
};

// args excludes the program name.
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace trtc::cli
