// The one reader of JSON message fields: reads an object's fields into typed values,
// stopping at the first problem, which it keeps as a ProtocolError naming the field. Used by
// the open protocol's codec and the vendor SDK's.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/wire/enum_names.h"
#include "harness/wire/request_fields.h"

namespace trtc::wire {

// Reads the fields of one JSON object into a typed struct, stopping at the first problem.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, std::string path) : object_(object), path_(std::move(path)) {}
  FieldReader(nlohmann::json&&, std::string) = delete;  // it keeps a reference: not to a temporary

  template <class T>
  void operator()(std::string_view key, T& out, Presence presence) {
    if (error_) return;
    known_.push_back(key);
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (presence == kRequired) Fail(ProtocolErrorCode::kMissingField, key, "is required");
      return;
    }
    Read(*it, key, out);
  }

  template <class T>
  void Read(const nlohmann::json& value, std::string_view key, std::optional<T>& out) {
    T inner{};
    Read(value, key, inner);
    if (!error_) out = std::move(inner);
  }

  void Read(const nlohmann::json& value, std::string_view key, std::string& out) {
    if (!value.is_string()) return Fail(ProtocolErrorCode::kWrongType, key, "must be a string");
    out = value.get<std::string>();
  }
  void Read(const nlohmann::json& value, std::string_view key, bool& out) {
    if (!value.is_boolean()) return Fail(ProtocolErrorCode::kWrongType, key, "must be true or false");
    out = value.get<bool>();
  }
  void Read(const nlohmann::json& value, std::string_view key, std::uint64_t& out) {
    if (!value.is_number_integer()) return Fail(ProtocolErrorCode::kWrongType, key, "must be an integer");
    if (!value.is_number_unsigned()) return Fail(ProtocolErrorCode::kInvalidValue, key, "must not be negative");
    out = value.get<std::uint64_t>();
  }
  void Read(const nlohmann::json& value, std::string_view key, std::int64_t& out) {
    if (!value.is_number_integer()) return Fail(ProtocolErrorCode::kWrongType, key, "must be an integer");
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max())
      return Fail(ProtocolErrorCode::kInvalidValue, key, "is out of range");
    out = value.get<std::int64_t>();
  }
  void Read(const nlohmann::json& value, std::string_view key, RoomId& out) {
    if (value.is_string()) {
      out = value.get<std::string>();
    } else {
      std::int64_t number = 0;
      if (!value.is_number_integer()) return Fail(ProtocolErrorCode::kWrongType, key, "must be an integer or a string");
      Read(value, key, number);
      out = number;
    }
  }
  template <class E>
  requires std::is_enum_v<E>
  void Read(const nlohmann::json& value, std::string_view key, E& out) {
    if (!value.is_string()) return Fail(ProtocolErrorCode::kWrongType, key, "must be a string");
    const auto& text = value.get_ref<const std::string&>();
    for (const auto& [name, v] : EnumNames<E>::kValues) {
      if (name == text) {
        out = v;
        return;
      }
    }
    std::string allowed;
    for (const auto& [name, v] : EnumNames<E>::kValues) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    Fail(ProtocolErrorCode::kInvalidValue, key, "must be one of: " + allowed);
  }

  // After all fields were read: any key nobody asked for is an error (a typo, usually).
  void RejectUnknownFields() {
    if (error_) return;
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known_.begin(), known_.end(), key) == known_.end())
        return Fail(ProtocolErrorCode::kUnknownField, key, "is not a field of this message");
    }
  }

  // A field this message may carry that the reader does not need (the vendor SDK's
  // descriptive fields): accepted, not read.
  void Allow(std::string_view key) { known_.push_back(key); }

  std::optional<ProtocolError>& error() { return error_; }

 private:
  void Fail(ProtocolErrorCode code, std::string_view key, std::string_view reason) {
    std::string field = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    error_ = ProtocolError{std::nullopt, code, field, field + " " + std::string(reason)};
  }

  const nlohmann::json& object_;
  std::string path_;
  std::vector<std::string_view> known_;  // a handful of names: a vector beats a set
  std::optional<ProtocolError> error_;
};

}  // namespace trtc::wire
