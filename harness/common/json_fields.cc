#include "harness/common/json_fields.h"

#include <algorithm>
#include <cctype>

#include "harness/common/json_lines.h"

namespace trtc {
namespace {

using nlohmann::json;

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// One RFC 6901 reference token, unescaped.
std::string Unescape(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[++i] == '0' ? '~' : '/';
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

std::string FieldOfPointer(std::string_view pointer) {
  std::string field;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // the '/'
    const std::size_t end = std::min(pointer.find('/'), pointer.size());
    const std::string_view token = pointer.substr(0, end);
    if (AllDigits(token))
      field += "[" + std::string(token) + "]";
    else
      field += (field.empty() ? "" : ".") + Unescape(token);
    pointer.remove_prefix(end);
  }
  return field;
}

std::string ChildPointer(std::string_view pointer, std::string_view key) {
  std::string out = std::string(pointer) + "/";
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

void JsonProblems::Add(JsonProblemKind kind, std::string pointer, std::string reason) {
  if (stopped()) return;
  std::string field = FieldOfPointer(pointer);
  list_.push_back({kind, std::move(pointer), std::move(field), std::move(reason)});
}

Diagnostics ToDiagnostics(const JsonProblems& problems, const std::string& file, const JsonLines& lines) {
  Diagnostics out;
  for (const JsonProblem& problem : problems.list())
    out.push_back({file, lines.LineOf(problem.pointer), problem.field, problem.reason});
  return out;
}

std::string FirstProblemText(const JsonProblems& problems) {
  if (problems.empty()) return "";
  const JsonProblem& first = problems.list().front();
  return first.field.empty() ? first.reason : first.field + ": " + first.reason;
}

ValueCheck JsonValue<std::string>::Read(const json& value, std::string& out) {
  if (!value.is_string()) return ValueProblem{JsonProblemKind::kWrongType, "must be a string"};
  out = value.get_ref<const std::string&>();
  return std::nullopt;
}

ValueCheck JsonValue<bool>::Read(const json& value, bool& out) {
  if (!value.is_boolean()) return ValueProblem{JsonProblemKind::kWrongType, "must be true or false"};
  out = value.get<bool>();
  return std::nullopt;
}

ValueCheck JsonValue<double>::Read(const json& value, double& out) {
  if (!value.is_number()) return ValueProblem{JsonProblemKind::kWrongType, "must be a number"};
  const double number = value.get<double>();
  // The parser refuses 1e999, but a document built in code can hold an infinity.
  if (!std::isfinite(number)) return ValueProblem{JsonProblemKind::kInvalidValue, "must be a finite number"};
  out = number;
  return std::nullopt;
}

ValueCheck JsonValue<json>::Read(const json& value, json& out) {
  out = value;
  return std::nullopt;
}

ValueCheck JsonValue<std::vector<std::string>>::Read(const json& value, std::vector<std::string>& out) {
  const bool strings =
      value.is_array() && std::all_of(value.begin(), value.end(), [](const json& item) { return item.is_string(); });
  if (!strings) return ValueProblem{JsonProblemKind::kWrongType, "must be an array of strings"};
  out.clear();
  for (const json& item : value) out.push_back(item.get<std::string>());
  return std::nullopt;
}

ValueCheck JsonValue<std::set<std::string>>::Read(const json& value, std::set<std::string>& out) {
  std::vector<std::string> list;
  if (auto problem = JsonValue<std::vector<std::string>>::Read(value, list)) return problem;
  out = std::set<std::string>(list.begin(), list.end());
  return std::nullopt;
}

ValueProblem OutOfRange(std::int64_t min, std::uint64_t max) {
  return {JsonProblemKind::kInvalidValue, "must be between " + std::to_string(min) + " and " + std::to_string(max)};
}

JsonFields::JsonFields(const json& value, std::string pointer, JsonProblems& problems)
    : object_(value), pointer_(std::move(pointer)), problems_(problems) {
  if (!object_.is_object()) ComplainHere(JsonProblemKind::kNotAnObject, "must be an object");
}

const json* JsonFields::Find(std::string_view key, Presence presence) {
  known_.emplace_back(key);
  if (problems_.stopped() || !object_.is_object()) return nullptr;
  auto it = object_.find(key);
  if (it != object_.end()) return &*it;
  if (presence == Presence::kRequired) Complain(key, JsonProblemKind::kMissing, "is required");
  return nullptr;
}

const json* JsonFields::FindObject(std::string_view key, Presence presence) {
  const json* value = Find(key, presence);
  if (!value || value->is_object()) return value;
  Complain(key, JsonProblemKind::kWrongType, "must be an object");
  return nullptr;
}

const json* JsonFields::FindArray(std::string_view key, Presence presence) {
  const json* value = Find(key, presence);
  if (!value || value->is_array()) return value;
  Complain(key, JsonProblemKind::kWrongType, "must be an array");
  return nullptr;
}

std::optional<JsonFields> JsonFields::Object(std::string_view key, Presence presence) {
  const json* value = FindObject(key, presence);
  if (!value) return std::nullopt;
  return std::optional<JsonFields>(std::in_place, *value, PointerOf(key), problems_);
}

void JsonFields::Complain(std::string_view key, JsonProblemKind kind, std::string reason) {
  problems_.Add(kind, PointerOf(key), std::move(reason));
}

void JsonFields::ComplainHere(JsonProblemKind kind, std::string reason) {
  problems_.Add(kind, pointer_, std::move(reason));
}

bool JsonFields::Accept(std::string_view key, ValueCheck check) {
  if (!check) return true;
  Complain(key, check->kind, std::move(check->reason));
  return false;
}

void JsonFields::RejectUnknown(bool naming_known) {
  if (!object_.is_object()) return;
  std::string known;
  for (const std::string& name : known_) known += (known.empty() ? "" : ", ") + name;
  for (const auto& [key, value] : object_.items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    Complain(key, JsonProblemKind::kUnknownField,
             naming_known ? "is not a field here (known: " + known + ")" : "is not a field here");
  }
}

}  // namespace trtc
