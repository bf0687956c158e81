// Choosing scenarios and locales from the command line, shared by list, run, coverage and gate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/cli/command_context.h"
#include "harness/scenario/scenario.h"

namespace trtc::cli {

struct SuiteOptions {
  std::string dir = scenario::DefaultScenariosDir().string();
  std::vector<std::string> patterns;
  std::vector<std::string> tags;
};

void AddSuiteFlags(CLI::App& command, SuiteOptions& options);
// The scenarios that load and match; nullopt after reporting why there are none.
std::optional<std::vector<scenario::Scenario>> Select(CommandContext& context, const SuiteOptions& options);
// en, zh, ja, ko or all; reports an unknown one (exit 2).
std::vector<catalog::Locale> ParseLocales(CommandContext& context, const std::vector<std::string>& names);

}  // namespace trtc::cli
