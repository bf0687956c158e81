// What every subcommand shares: the output streams, the exit code, the catalog to use.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "harness/catalog/catalog.h"
#include "harness/cli/cli.h"

namespace CLI {
class App;
}

namespace trtc::cli {

struct CommandContext {
  CommandContext(std::ostream& out_stream, std::ostream& err_stream) : out(out_stream), err(err_stream) {}

  std::ostream& out;
  std::ostream& err;
  int exit_code = kExitOk;
  std::string catalog_file;  // --catalog: a catalog JSON to use instead of the built-in one

  // The catalog in force; nullptr after reporting why it could not be loaded.
  const catalog::Catalog* LoadCatalog();
  // One line on stderr, "trtc-harness: error: …", and the exit code.
  void Fail(const std::string& message, int code = kExitFailure);

 private:
  std::unique_ptr<catalog::Catalog> loaded_;
};

void AddCatalogCommand(CLI::App& app, CommandContext& context);
void AddUserSigCommand(CLI::App& app, CommandContext& context);
void AddServeCommand(CLI::App& app, CommandContext& context);
void AddScenarioCommands(CLI::App& app, CommandContext& context);
void AddGateCommands(CLI::App& app, CommandContext& context);

}  // namespace trtc::cli
