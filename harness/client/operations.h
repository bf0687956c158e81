// The operations a client under test is driven with: their names, arguments and what they
// mean. One table serves the scenario loader (validation with file:line:field), the
// reference client, the adapter and `trtc-harness list --operations`. docs/adapter.md
// describes each.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace trtc::client {

enum class ArgType { kString, kInteger, kBoolean, kObject, kRoomId, kStringOrObject, kStringList };

struct ArgSpec {
  std::string_view name;
  ArgType type;
  bool required = false;
  std::vector<std::string_view> one_of = {};  // allowed string values, when a closed set
};

struct OperationSpec {
  std::string_view name;
  std::string_view family;  // web-v4, roomengine, rest, platform, harness
  std::string_view summary;
  std::vector<ArgSpec> args;
  bool wire_args = false;  // room.*: the arguments are the request's data, checked by the wire parser
};

std::span<const OperationSpec> AllOperations();
const OperationSpec* FindOperation(std::string_view name);

struct [[nodiscard]] ArgProblem {
  std::string field;  // "args.roomId"
  std::string reason;
};
// Checks a command's arguments against its operation; nullopt when they are fine.
std::optional<ArgProblem> CheckArgs(const OperationSpec& operation, const nlohmann::json& args);

}  // namespace trtc::client
