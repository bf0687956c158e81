// Choosing scenarios and locales from the command line, shared by list, run, coverage and gate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/cli/command_context.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/scenario.h"

namespace trtc::cli {

struct SuiteOptions {
  std::string dir = scenario::DefaultScenariosDir().string();
  std::vector<std::string> patterns;
  std::vector<std::string> tags;
};

void AddSuiteFlags(CLI::App& command, SuiteOptions& options);
// Every scenario under options.dir; nullopt after reporting the files' problems.
std::optional<std::vector<scenario::Scenario>> LoadAll(CommandContext& context, const SuiteOptions& options);
// Those of `all` matching the patterns and tags; nullopt after reporting that none does.
std::optional<std::vector<scenario::Scenario>> Select(CommandContext& context, const SuiteOptions& options,
                                                      std::vector<scenario::Scenario> all);
// LoadAll, then Select.
std::optional<std::vector<scenario::Scenario>> Select(CommandContext& context, const SuiteOptions& options);
// The reference client in-process when `command` is empty (with its application layer when
// `application`), else that process over the adapter: kept from run to run when it offers
// `reset` (docs/adapter.md, "Lifetime"), unless `fresh_process`.
scenario::ClientFactory ClientFactoryFor(std::string command, bool application = false, bool fresh_process = false);
// Adds --fresh-process.
void AddFreshProcessFlag(CLI::App& command, bool& fresh_process);
// Adds --application; the callback refuses it together with --client.
void AddApplicationFlag(CLI::App& command, bool& application);
bool CheckApplicationFlag(CommandContext& context, const std::string& client, bool application);
// en, zh, ja, ko or all; reports an unknown one (exit 2).
std::vector<catalog::Locale> ParseLocales(CommandContext& context, const std::vector<std::string>& names);

}  // namespace trtc::cli
