// `list`, `run` and `coverage`: the scenario suite from the command line.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>

#include "harness/adapter/adapter.h"
#include "harness/cli/command_context.h"
#include "harness/cli/suite_selection.h"
#include "harness/client/operations.h"
#include "harness/reference_client/application.h"
#include "harness/reference_client/reference_client.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/scenario.h"

namespace trtc::cli {

void AddSuiteFlags(CLI::App& command, SuiteOptions& options) {
  command.add_option("--scenarios", options.dir, "Directory of scenario files")->capture_default_str();
  command.add_option("--tag", options.tags, "Only scenarios with this tag (repeatable)");
}

std::optional<std::vector<scenario::Scenario>> LoadAll(CommandContext& context, const SuiteOptions& options) {
  auto suite = scenario::LoadScenarios(options.dir);
  if (suite.diagnostics.empty()) return std::move(suite.scenarios);
  for (const auto& d : suite.diagnostics) context.err << d.ToString() << "\n";
  context.Fail(fmt::format("{} problem(s) in the scenario files under {}", suite.diagnostics.size(), options.dir),
               kExitUsage);
  return std::nullopt;
}

std::optional<std::vector<scenario::Scenario>> Select(CommandContext& context, const SuiteOptions& options) {
  auto all = LoadAll(context, options);
  if (!all) return std::nullopt;
  return Select(context, options, std::move(*all));
}

scenario::ClientFactory ClientFactoryFor(std::string command, bool application, bool fresh_process) {
  if (!command.empty()) return adapter::ProcessClientFactory(std::move(command), !fresh_process);
  return [application]() -> std::unique_ptr<client::ClientUnderTest> {
    if (application) return refclient::MakeReferenceApplication(refclient::MakeReferenceClient());
    return refclient::MakeReferenceClient();
  };
}

void AddFreshProcessFlag(CLI::App& command, bool& fresh_process) {
  command.add_flag("--fresh-process", fresh_process,
                   "Start the --client anew for every run, even when it offers reset (docs/adapter.md)");
}

void AddApplicationFlag(CLI::App& command, bool& application) {
  command.add_flag("--application", application,
                   "The in-process reference client with its application layer (docs/handling.md), so "
                   "application-level handling is judged too");
}

bool CheckApplicationFlag(CommandContext& context, const std::string& client, bool application) {
  if (!application || client.empty()) return true;
  context.Fail(
      "--application is for the in-process reference client; a --client declares itself an application in "
      "its ready line (docs/adapter.md)",
      kExitUsage);
  return false;
}

std::optional<std::vector<scenario::Scenario>> Select(CommandContext& context, const SuiteOptions& options,
                                                      std::vector<scenario::Scenario> all) {
  std::vector<scenario::Scenario> selected;
  for (auto& s : all) {
    bool by_pattern =
        options.patterns.empty() || std::any_of(options.patterns.begin(), options.patterns.end(),
                                                [&](const std::string& p) { return scenario::GlobMatches(p, s.id); });
    bool by_tag = options.tags.empty() || std::any_of(options.tags.begin(), options.tags.end(), [&](const auto& t) {
                    return std::find(s.tags.begin(), s.tags.end(), t) != s.tags.end();
                  });
    if (by_pattern && by_tag) selected.push_back(std::move(s));
  }
  if (selected.empty()) {
    context.Fail("no scenario matches (trtc-harness list shows them)", kExitUsage);
    return std::nullopt;
  }
  return selected;
}

std::vector<catalog::Locale> ParseLocales(CommandContext& context, const std::vector<std::string>& names) {
  std::vector<catalog::Locale> locales;
  for (const auto& name : names) {
    if (name == "all") return {catalog::kAllLocales.begin(), catalog::kAllLocales.end()};
    if (auto locale = catalog::ParseLocale(name))
      locales.push_back(*locale);
    else
      context.Fail("unknown locale '" + name + "' (en, zh, ja, ko or all)", kExitUsage);
  }
  return locales;
}

namespace {

void AddList(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("list", "List the scenarios (or, with --operations, the client operations)");
  auto options = std::make_shared<SuiteOptions>();
  auto json_out = std::make_shared<bool>(false);
  auto operations = std::make_shared<bool>(false);
  command->add_option("pattern", options->patterns, "Scenario ids or globs (web-v4/account/*)");
  AddSuiteFlags(*command, *options);
  command->add_flag("--json", *json_out, "One JSON array");
  command->add_flag("--operations", *operations, "List the operations a client under test is driven with");
  command->callback([&context, options, json_out, operations] {
    if (*operations) {
      for (const auto& op : client::AllOperations())
        context.out << fmt::format("{:<22} {:<11} {}\n", op.name, op.family, op.summary);
      return;
    }
    auto selected = Select(context, *options);
    if (!selected) return;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : *selected) {
      if (*json_out) {
        nlohmann::json covers = nlohmann::json::array();
        for (const auto* e : s.covers) covers.push_back(e->id);
        list.push_back({{"id", s.id}, {"title", s.title}, {"file", s.file}, {"tags", s.tags}, {"covers", covers}});
      } else {
        context.out << fmt::format("{:<52} {}\n", s.id, s.title);
      }
    }
    if (*json_out) context.out << list.dump(2) << "\n";
  });
}

struct RunFlags {
  SuiteOptions suite;
  std::string client;
  std::vector<std::string> locales = {"en"};
  bool verbose = false;
  bool application = false;
  bool strict = false;
  bool fresh_process = false;
};

void PrintFailure(CommandContext& context, const scenario::ScenarioResult& r, bool verbose) {
  for (const auto& failure : r.failures) context.out << "    " << scenario::Describe(failure) << "\n";
  if (!verbose) return;
  context.out << "    trace:\n";
  for (const auto& line : r.trace) context.out << "      " << line << "\n";
}

void RunSuite(CommandContext& context, const RunFlags& flags) {
  auto selected = Select(context, flags.suite);
  if (!selected) return;
  auto locales = ParseLocales(context, flags.locales);
  if (context.exit_code != kExitOk) return;
  if (!CheckApplicationFlag(context, flags.client, flags.application)) return;
  const auto factory = ClientFactoryFor(flags.client, flags.application, flags.fresh_process);
  scenario::RunOptions options;
  options.trace_frames = flags.verbose;
  int passed = 0, failed = 0;
  const auto started = std::chrono::steady_clock::now();
  for (const auto& s : *selected) {
    for (auto locale : locales) {
      options.locale = locale;
      auto result = scenario::RunScenario(s, factory, options);
      const bool ok = result.passed && (!flags.strict || result.failures.empty());
      (ok ? passed : failed)++;
      context.out << fmt::format("{} {} [{}] ({:.0f} ms)\n", ok ? "PASS" : "FAIL", s.id, catalog::ToString(locale),
                                 result.wall_ms);
      if (!result.failures.empty() || flags.verbose) PrintFailure(context, result, flags.verbose);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  context.out << fmt::format(
      "\n{} scenario run(s): {} passed, {} failed, in {:.1f} s ({} scenario(s) × {} locale(s), {})\n", passed + failed,
      passed, failed, seconds, selected->size(), locales.size(),
      flags.client.empty() ? "reference client" : "client: " + flags.client);
  if (failed > 0) context.exit_code = kExitFailure;
}

void AddRun(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("run", "Run scenarios against the reference client or --client");
  auto flags = std::make_shared<RunFlags>();
  command->add_option("pattern", flags->suite.patterns, "Scenario ids or globs; all when none");
  AddSuiteFlags(*command, flags->suite);
  command->add_option("--client", flags->client,
                      "Command of an out-of-process client speaking the adapter protocol (docs/adapter.md)");
  command->add_option("--locale", flags->locales, "en, zh, ja, ko or all (repeatable)")->capture_default_str();
  command->add_flag("-v,--verbose", flags->verbose,
                    "Print each scenario's trace: commands, results, errors, events, faults, the servers' frames "
                    "and journal");
  AddApplicationFlag(*command, flags->application);
  AddFreshProcessFlag(*command, flags->fresh_process);
  command->add_flag("--strict", flags->strict, "Recommended-level failures fail a run too (docs/gating.md)");
  command->callback([&context, flags] { RunSuite(context, *flags); });
}

void AddCoverage(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("coverage", "Which catalog entries the scenarios cover");
  auto options = std::make_shared<SuiteOptions>();
  auto json_out = std::make_shared<bool>(false);
  AddSuiteFlags(*command, *options);
  command->add_flag("--json", *json_out, "Entry id -> covering scenario ids, as JSON");
  command->callback([&context, options, json_out] {
    auto selected = Select(context, *options);
    if (!selected) return;
    auto coverage = scenario::Coverage(*selected);
    std::size_t covered = 0;
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, scenarios] : coverage) {
      if (!scenarios.empty()) ++covered;
      out[id] = scenarios;
      if (!*json_out && scenarios.empty()) context.out << "not covered: " << id << "\n";
    }
    if (*json_out)
      context.out << out.dump(2) << "\n";
    else
      context.out << fmt::format("{} of {} catalog entries covered by {} scenario(s)\n", covered, coverage.size(),
                                 selected->size());
    if (covered != coverage.size()) context.exit_code = kExitFailure;
  });
}

}  // namespace

void AddScenarioCommands(CLI::App& app, CommandContext& context) {
  AddList(app, context);
  AddRun(app, context);
  AddCoverage(app, context);
}

}  // namespace trtc::cli
