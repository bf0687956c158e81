// The wire's reader of JSON message fields: the common JsonFields reader, stopping at the
// first problem, which it gives as a ProtocolError naming the field. Used by the open
// protocol's codec and the vendor SDK's. It also teaches JsonFields RoomId and the
// protocol's enumerations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "harness/common/json_fields.h"
#include "harness/wire/enum_names.h"
#include "harness/wire/protocol.h"
#include "harness/wire/request_fields.h"

namespace trtc {

template <>
struct JsonValue<wire::RoomId> {
  static ValueCheck Read(const nlohmann::json& value, wire::RoomId& out) {
    if (value.is_string()) {
      out = value.get<std::string>();
      return std::nullopt;
    }
    if (!value.is_number_integer()) return ValueProblem{JsonProblemKind::kWrongType, "must be an integer or a string"};
    std::int64_t number = 0;
    if (auto problem = JsonValue<std::int64_t>::Read(value, number)) return problem;
    out = number;
    return std::nullopt;
  }
};

template <class E>
requires std::is_enum_v<E> && requires { wire::EnumNames<E>::kValues; }
struct JsonValue<E> {
  static ValueCheck Read(const nlohmann::json& value, E& out) {
    if (!value.is_string()) return ValueProblem{JsonProblemKind::kWrongType, "must be a string"};
    const auto& text = value.get_ref<const std::string&>();
    for (const auto& [name, v] : wire::EnumNames<E>::kValues) {
      if (name == text) {
        out = v;
        return std::nullopt;
      }
    }
    std::string allowed;
    for (const auto& [name, v] : wire::EnumNames<E>::kValues)
      allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    return ValueProblem{JsonProblemKind::kInvalidValue, "must be one of: " + allowed};
  }
};

namespace wire {

// Reads the fields of one JSON object (at `pointer` in the frame: "/data") into typed
// values, stopping at the first problem.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, std::string pointer) : fields_(object, std::move(pointer), problems_) {}
  FieldReader(nlohmann::json&&, std::string) = delete;  // it keeps a reference: not to a temporary
  FieldReader(const FieldReader&) = delete;             // fields_ refers to problems_
  FieldReader& operator=(const FieldReader&) = delete;

  template <class T>
  void operator()(std::string_view key, T& out, Presence presence) {
    fields_.Read(key, out, presence);
  }
  // A field this message may carry that the reader does not need (the vendor SDK's
  // descriptive fields): accepted, not read.
  void Allow(std::string_view key) { fields_.Allow(key); }
  // After all fields were read: any key nobody asked for is an error (a typo, usually).
  void RejectUnknownFields() { fields_.RejectUnknownFields(); }

  [[nodiscard]] std::optional<ProtocolError> error() const;

 private:
  JsonProblems problems_{ProblemPolicy::kStopAtFirst};
  JsonFields fields_;
};

inline std::optional<ProtocolError> FieldReader::error() const {
  if (problems_.empty()) return std::nullopt;
  const JsonProblem& problem = problems_.list().front();
  auto code = ProtocolErrorCode::kInvalidValue;
  switch (problem.kind) {
    case JsonProblemKind::kMissing:
      code = ProtocolErrorCode::kMissingField;
      break;
    case JsonProblemKind::kWrongType:
    case JsonProblemKind::kNotAnObject:
      code = ProtocolErrorCode::kWrongType;
      break;
    case JsonProblemKind::kUnknownField:
      code = ProtocolErrorCode::kUnknownField;
      break;
    case JsonProblemKind::kInvalidValue:
      break;
  }
  return ProtocolError{std::nullopt, code, problem.field, problem.field + " " + problem.reason};
}

}  // namespace wire
}  // namespace trtc
