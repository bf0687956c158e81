// A scenario: the declarative script that makes one documented failure happen and says
// what the client must surface. docs/scenario-format.md specifies the JSON; this is its
// validated, typed form. Loading never throws: every mistake is a Diagnostic with file,
// line and field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/catalog/catalog.h"
#include "harness/common/diagnostic.h"
#include "harness/faults/fault.h"

namespace trtc::scenario {

struct Step {
  enum class Kind { kDo, kAdvance, kReact, kFault, kWaitFor };
  Kind kind = Kind::kDo;
  int line = 0;
  // kDo: an operation of the client under test, or of a helper peer (a reference client)
  std::string peer;
  std::string operation;
  nlohmann::json args = nlohmann::json::object();  // may hold {"$userSig": …} tokens
  bool wait = true;                                // wait for the result before going on
  std::optional<int> expect_code;                  // the result code the step requires
  int repeat = 1;
  // kAdvance, kReact: client and server clocks, in steps of `by_ms`. kReact also tells the
  // judge that the client's application had this span to act on what came before.
  std::int64_t ms = 0;
  std::int64_t by_ms = 0;
  // kFault
  std::vector<faults::Fault> faults;
  // kWaitFor: an event of the client under test (name + data subset), or a fault fired
  std::string event;
  nlohmann::json event_data = nlohmann::json::object();
  std::string fault_fired;
};

struct ExpectedError {
  int line = 0;
  catalog::Family family = catalog::Family::kWebV4;
  int code = 0;
  std::optional<int> extra_code;
  std::string reason;
  std::optional<std::int64_t> within_ms;  // client clock, from the start of the scenario
  const catalog::Entry* entry = nullptr;  // the entry whose text and handling it carries
};

struct ExpectedEvent {
  int line = 0;
  std::string name;
  nlohmann::json data = nlohmann::json::object();
};

// An expectation on the servers' journal: how many entries match (docs/scenario-format.md).
struct ExpectedTraffic {
  int line = 0;
  std::string server;  // empty: any
  std::string kind = "request";
  std::string type;  // empty: any
  std::string user;  // empty: any
  std::optional<int> code;
  std::optional<std::int64_t> from_ms, to_ms;  // server clock, from the start of the scenario
  std::optional<std::size_t> count, min, max;
  bool application = false;  // judged only for clients that act as applications (recommended)
};

struct Scenario {
  std::string file;
  int line = 1;
  std::string id;
  std::string title;
  catalog::Family family = catalog::Family::kWebV4;
  std::vector<std::string> tags;
  std::vector<const catalog::Entry*> covers;
  bool forced = false;    // the failure is forced by a scripted fault (said in the title)
  nlohmann::json config;  // the service configuration (apps, limits) for this run
  std::vector<faults::Fault> faults;
  std::vector<Step> steps;
  std::vector<ExpectedError> errors;  // in order; nothing else may be surfaced
  std::vector<ExpectedEvent> events;  // each must be seen (others may be too)
  std::vector<ExpectedTraffic> traffic;
};

// Parses one scenario file; a file with "forEach" expands to one scenario per entry.
[[nodiscard]] std::variant<std::vector<Scenario>, Diagnostics> ParseScenarioFile(std::string_view text,
                                                                                 const std::string& file);

// Every *.json under `dir` (sorted), with all their diagnostics; ids must be unique.
struct LoadedSuite {
  std::vector<Scenario> scenarios;
  Diagnostics diagnostics;
};
LoadedSuite LoadScenarios(const std::filesystem::path& dir);

// The scenarios directory of this checkout (the compiled-in default) or $TRTC_SCENARIOS_DIR.
std::filesystem::path DefaultScenariosDir();

// Every catalog entry id, in catalog order, with the ids of the scenarios covering it.
std::vector<std::pair<std::string, std::vector<std::string>>> Coverage(const std::vector<Scenario>& scenarios);

// Ids matching a glob ("web-v4/account/*"); '*' matches any run of characters.
bool GlobMatches(std::string_view glob, std::string_view text);

}  // namespace trtc::scenario
