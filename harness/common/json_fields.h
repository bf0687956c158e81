// The one reader of JSON object members, for every file and message the harness reads
// (scenarios, faults, app config, curation, reports, adapter lines, wire frames): typed
// values, presence, unknown members, and problems kept as values that name the member by
// JSON pointer, so a file reader can find its line in one JsonLines map. It never throws:
// every nlohmann get<T> is behind a type check.
#pragma once

#include <cmath>
#include <concepts>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/common/diagnostic.h"

namespace trtc {

class JsonLines;

enum class Presence { kRequired, kOptional };

enum class JsonProblemKind { kMissing, kWrongType, kInvalidValue, kUnknownField, kNotAnObject };

struct JsonProblem {
  JsonProblemKind kind = JsonProblemKind::kInvalidValue;
  std::string pointer;  // "/steps/2/args/roomId": what a JsonLines map finds the line of
  std::string field;    // the same as people write it: "steps[2].args.roomId"
  std::string reason;   // "must be a string"
};

// "/steps/2/args/roomId" -> "steps[2].args.roomId". A key of digits reads as an index: a
// pointer does not say whether its parent was an array or an object.
[[nodiscard]] std::string FieldOfPointer(std::string_view pointer);
// `pointer` + "/" + `key`, with `key` escaped (~0, ~1) as RFC 6901 asks.
[[nodiscard]] std::string ChildPointer(std::string_view pointer, std::string_view key);

// Files keep every problem, so one run shows all of them; messages stop at the first, which
// is all a protocol error (or a rejected line) can carry.
enum class ProblemPolicy { kKeepAll, kStopAtFirst };

class JsonProblems {
 public:
  explicit JsonProblems(ProblemPolicy policy) : policy_(policy) {}
  void Add(JsonProblemKind kind, std::string pointer, std::string reason);
  // No more reading: the policy keeps only the first problem and there is one.
  [[nodiscard]] bool stopped() const { return policy_ == ProblemPolicy::kStopAtFirst && !list_.empty(); }
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] const std::vector<JsonProblem>& list() const { return list_; }

 private:
  ProblemPolicy policy_;
  std::vector<JsonProblem> list_;
};

// A file's problems, each with its line in the file's text.
[[nodiscard]] Diagnostics ToDiagnostics(const JsonProblems& problems, const std::string& file, const JsonLines& lines);
// A message's first problem as one line: "field: reason" (or the reason alone); "" if none.
[[nodiscard]] std::string FirstProblemText(const JsonProblems& problems);

// Why a JSON value is not a T; nullopt when it was read into `out`.
struct ValueProblem {
  JsonProblemKind kind;
  std::string reason;
};
using ValueCheck = std::optional<ValueProblem>;

// How a JSON value becomes a T. Specialize it (in namespace trtc) for another type, as the
// wire codec does for RoomId and its enumerations.
template <class T>
struct JsonValue;

template <>
struct JsonValue<std::string> {
  static ValueCheck Read(const nlohmann::json& value, std::string& out);
};
template <>
struct JsonValue<bool> {
  static ValueCheck Read(const nlohmann::json& value, bool& out);
};
template <>
struct JsonValue<double> {
  static ValueCheck Read(const nlohmann::json& value, double& out);
};
template <>
struct JsonValue<nlohmann::json> {  // any JSON value
  static ValueCheck Read(const nlohmann::json& value, nlohmann::json& out);
};
template <>
struct JsonValue<std::vector<std::string>> {
  static ValueCheck Read(const nlohmann::json& value, std::vector<std::string>& out);
};
template <>
struct JsonValue<std::set<std::string>> {
  static ValueCheck Read(const nlohmann::json& value, std::set<std::string>& out);
};

[[nodiscard]] ValueProblem OutOfRange(std::int64_t min, std::uint64_t max);

// Every integer type, range checked: a value T cannot hold is an invalid value, not a wrap.
template <std::integral T>
requires(!std::same_as<T, bool>) struct JsonValue<T> {
  static ValueCheck Read(const nlohmann::json& value, T& out) {
    if (!value.is_number_integer()) return ValueProblem{JsonProblemKind::kWrongType, "must be an integer"};
    if (value.is_number_unsigned()) return Store(value.get<std::uint64_t>(), out);
    const auto number = value.get<std::int64_t>();
    if (number < 0 && std::is_unsigned_v<T>)
      return ValueProblem{JsonProblemKind::kInvalidValue, "must not be negative"};
    return Store(number, out);
  }

 private:
  template <class N>
  static ValueCheck Store(N number, T& out) {
    if (!std::in_range<T>(number))
      return OutOfRange(static_cast<std::int64_t>(std::numeric_limits<T>::min()),
                        static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
    out = static_cast<T>(number);
    return std::nullopt;
  }
};

// Reads the members of one JSON object into typed values, recording every problem in a
// JsonProblems under the member's pointer. Members it was asked about (or told to allow)
// are known; RejectUnknownFields complains about the rest.
class JsonFields {
 public:
  // A `value` that is not an object is a problem (kNotAnObject) and reads as empty.
  JsonFields(const nlohmann::json& value, std::string pointer, JsonProblems& problems);
  JsonFields(nlohmann::json&&, std::string, JsonProblems&) = delete;  // it keeps a reference

  // True when the member was there and read into `out`; `out` is untouched otherwise.
  template <class T>
  bool Read(std::string_view key, T& out, Presence presence = Presence::kOptional) {
    const nlohmann::json* value = Find(key, presence);
    return value && Accept(key, JsonValue<T>::Read(*value, out));
  }
  template <class T>
  bool Read(std::string_view key, std::optional<T>& out, Presence presence = Presence::kOptional) {
    T inner{};
    if (!Read(key, inner, presence)) return false;
    out = std::move(inner);
    return true;
  }
  // Several optional members of one type, read in order.
  template <class T>
  void ReadEach(std::initializer_list<std::pair<std::string_view, T*>> members) {
    for (const auto& [key, out] : members) Read(key, *out);
  }
  // The field walker of the wire's Describe<T>::Fields.
  template <class T>
  void operator()(std::string_view key, T& out, Presence presence) {
    Read(key, out, presence);
  }

  // The member, unchecked but known; nullptr when absent (a problem if required).
  const nlohmann::json* Find(std::string_view key, Presence presence = Presence::kOptional);
  // The member when it is an object (an array), else nullptr and, if present, a problem.
  const nlohmann::json* FindObject(std::string_view key, Presence presence = Presence::kOptional);
  const nlohmann::json* FindArray(std::string_view key, Presence presence = Presence::kOptional);
  // A reader of the object member `key`; nullopt when it is absent or not an object.
  std::optional<JsonFields> Object(std::string_view key, Presence presence = Presence::kOptional);

  // For each element of the array member `key`: visit(JsonFields&) when it is an object,
  // a problem when it is not.
  template <class Visit>
  void EachObject(std::string_view key, Presence presence, Visit visit) {
    const nlohmann::json* array = FindArray(key, presence);
    for (std::size_t i = 0; array && i < array->size() && !problems_.stopped(); ++i) {
      JsonFields element((*array)[i], ChildPointer(PointerOf(key), std::to_string(i)), problems_);
      if ((*array)[i].is_object()) visit(element);
    }
  }

  [[nodiscard]] bool Has(std::string_view key) const { return object_.is_object() && object_.contains(key); }
  // A member this object may carry that nobody reads: accepted, not read.
  void Allow(std::string_view key) { known_.emplace_back(key); }
  void Allow(std::initializer_list<std::string_view> keys) { known_.insert(known_.end(), keys.begin(), keys.end()); }
  // After all reads: a member nobody asked for is a problem (a typo, usually).
  void RejectUnknownFields() { RejectUnknown(false); }
  // The same, with the known members in the reason, for files people write by hand.
  void RejectUnknownFieldsNamingKnown() { RejectUnknown(true); }

  // The caller's own complaint about member `key` (or, with ComplainHere, the object).
  void Complain(std::string_view key, JsonProblemKind kind, std::string reason);
  void Complain(std::string_view key, std::string reason) {
    Complain(key, JsonProblemKind::kInvalidValue, std::move(reason));
  }
  void ComplainHere(JsonProblemKind kind, std::string reason);

  [[nodiscard]] std::string PointerOf(std::string_view key) const { return ChildPointer(pointer_, key); }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  [[nodiscard]] const nlohmann::json& value() const { return object_; }
  [[nodiscard]] JsonProblems& problems() const { return problems_; }

 private:
  bool Accept(std::string_view key, ValueCheck check);
  void RejectUnknown(bool naming_known);

  const nlohmann::json& object_;
  std::string pointer_;
  JsonProblems& problems_;
  std::vector<std::string> known_;  // a handful of names: a vector beats a set
};

}  // namespace trtc
