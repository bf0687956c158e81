// A fault = a trigger (which server, which event, which occurrence, whose connection,
// after how long, how likely) + an action (what the server does instead). Faults are
// data: JSON from a scenario, a file or the control API, validated with file:line:field
// diagnostics. docs/faults.md is the reference.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/common/diagnostic.h"
#include "harness/common/json_fields.h"

namespace trtc::faults {

enum class ActionKind {
  kReply,              // answer with code + message instead of the real logic
  kDelay,              // hold the request for `ms` of server time, then handle it normally
  kDrop,               // discard this request; no answer
  kStall,              // the session stops answering anything from now on
  kClose,              // close the WebSocket with close_code
  kReset,              // reset the TCP connection (RST)
  kMalformed,          // answer with a frame that is not JSON
  kTruncated,          // answer with the first half of the real answer
  kPush,               // send a server push (banned, room-disbanded, …) then handle normally
  kMoveClock,          // advance the server clock by `ms`, then handle normally
  kThrottle,           // from now on, this connection sends at most bytes_per_second
  kRefuseConnections,  // refuse new connections for `ms` of server time
};
std::string_view Name(ActionKind kind);

struct Action {
  ActionKind kind = ActionKind::kReply;
  int code = 0;
  std::string message;
  std::int64_t ms = 0;
  std::uint16_t close_code = 1000;
  std::string event;
  nlohmann::json data = nlohmann::json::object();
  std::uint64_t bytes_per_second = 0;
};

struct Trigger {
  std::string server = "any";    // signaling, rest, any
  std::string on;                // request type ("join", "room.take-seat", REST command) or "connect"; empty: any
  std::string user;              // userId of the session (REST: identifier); empty: any
  std::uint64_t connection = 0;  // the server's n-th connection (1-based); 0: any
  std::uint64_t nth = 1;         // first matching occurrence that fires
  std::uint64_t times = 1;       // how many times it fires; 0: every time from nth on
  std::int64_t after_ms = 0;     // only once this much server time has passed since it was added
  double probability = 1.0;      // of firing at each eligible occurrence, from `seed`
  std::uint64_t seed = 0;
};

struct Fault {
  std::string id;  // given or assigned ("fault-<n>")
  Trigger trigger;
  Action action;
};

nlohmann::json ToJson(const Fault& fault);

// A fault or an array of faults. `file` names the source in diagnostics, which name the
// line of each problem.
[[nodiscard]] std::variant<std::vector<Fault>, Diagnostics> ParseFaults(std::string_view text, std::string_view file);
// One fault object at `pointer` of a larger document (a scenario), its problems added to
// `problems`; nullopt when it has any.
std::optional<Fault> ReadFault(const nlohmann::json& object, const std::string& pointer, JsonProblems& problems);

}  // namespace trtc::faults
