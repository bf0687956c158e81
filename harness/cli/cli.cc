#include "harness/cli/cli.h"

#include <CLI/CLI.hpp>

#include "harness/catalog/catalog_json.h"
#include "harness/cli/command_context.h"
#include "harness/common/file_io.h"

namespace trtc::cli {

const catalog::Catalog* CommandContext::LoadCatalog() {
  if (catalog_file.empty()) return &catalog::Catalog::Builtin();
  if (loaded_) return loaded_.get();
  std::optional<std::string> text = ReadFile(catalog_file);
  if (!text) {
    Fail("cannot read catalog file " + catalog_file);
    return nullptr;
  }
  catalog::ParsedCatalog parsed = catalog::ParseCatalogJson(*text, catalog_file);
  if (!parsed.diagnostics.empty()) {
    Fail(parsed.diagnostics.front().ToString());
    return nullptr;
  }
  loaded_ = std::make_unique<catalog::Catalog>(std::move(parsed.entries));
  return loaded_.get();
}

void CommandContext::Fail(const std::string& message, int code) {
  err << "trtc-harness: error: " << message << "\n";
  exit_code = code;
}

namespace {

// CLI11 reports "nope" in `trtc-harness catalog nope` as a missing subcommand; say which
// word it did not know, and what it knows.
std::string UsageMessage(const CLI::App& app, const CLI::ParseError& error) {
  const CLI::App* level = &app;
  while (!level->get_subcommands().empty()) level = level->get_subcommands().front();
  std::vector<std::string> leftover = level->remaining();
  if (leftover.empty() || level->get_subcommands({}).empty()) {
    return std::string(error.what()) + " (run with --help for usage)";
  }
  std::string known;
  for (const CLI::App* sub : level->get_subcommands({})) known += (known.empty() ? "" : ", ") + sub->get_name();
  return "unknown command '" + leftover.front() + "' (commands: " + known + ")";
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"trtc-harness: conformance tests and fault injection for real-time-communication clients",
               "trtc-harness"};
  app.require_subcommand(1);
  CommandContext context{out, err};
  app.add_option("--catalog", context.catalog_file, "Use this error-catalog JSON instead of the built-in one")
      ->check(CLI::ExistingFile);
  AddCatalogCommand(app, context);
  AddUserSigCommand(app, context);
  AddServeCommand(app, context);
  AddScenarioCommands(app, context);
  AddGateCommands(app, context);

  // CLI11 parses argv-style, last argument first.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help, out, err);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help, out, err);
  } catch (const CLI::ParseError& error) {
    context.Fail(UsageMessage(app, error), kExitUsage);
  }
  return context.exit_code;
}

}  // namespace trtc::cli
