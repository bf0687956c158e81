#include "harness/client/client.h"

#include <charconv>

#include "harness/catalog/vendor_sdk_names.h"
#include "harness/client/documented_error.h"
#include "harness/common/json_fields.h"
#include "harness/common/utf8.h"

namespace trtc::client {
namespace {

using nlohmann::json;

// "retry-after(60)" or "check-firewall".
std::optional<catalog::Handling> ParseHandling(std::string_view text) {
  catalog::Handling handling;
  auto open = text.find('(');
  auto action = catalog::ParseAction(text.substr(0, open));
  if (!action) return std::nullopt;
  handling.action = *action;
  if (open == std::string_view::npos) return handling;
  if (text.back() != ')') return std::nullopt;
  int seconds = 0;
  auto digits = text.substr(open + 1, text.size() - open - 2);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  handling.seconds = seconds;
  return handling;
}

constexpr Presence kRequired = Presence::kRequired;

// An adapter line's problem, as the trace shows it: the first one, "field: reason".
bool Rejected(const JsonProblems& problems, std::string& why) {
  if (problems.empty()) return false;
  why = FirstProblemText(problems);
  return true;
}

// `data` and `args` are objects when given.
void ReadObject(JsonFields& fields, std::string_view key, json& out) {
  if (const json* value = fields.FindObject(key)) out = *value;
}

// 0 is no code in any of the documents; the vendor Web SDK's RtcError says 0 for "none".
void ReadExtraCode(JsonFields& fields, SurfacedError& error) {
  const json* value = fields.Find("extraCode");
  if (!value || value->is_null()) return;
  int extra_code = 0;
  if (!fields.Read("extraCode", extra_code)) return;
  if (extra_code != 0) error.extra_code = extra_code;
}

}  // namespace

json ToJson(const SurfacedError& error) {
  json out = {{"family", error.family},
              {"code", error.code},
              {"extraCode", error.extra_code ? json(*error.extra_code) : json()},
              {"reason", error.reason},
              {"message", error.message},
              {"locale", catalog::ToString(error.locale)},
              {"operation", error.operation},
              {"atMs", error.at_ms}};
  if (error.handling) out["handling"] = error.handling->ToString();
  return out;
}

json ToJson(const ClientEvent& event) { return {{"name", event.name}, {"data", event.data}, {"atMs", event.at_ms}}; }

json ToJson(const OperationResult& result) {
  return {{"id", result.id}, {"operation", result.operation}, {"code", result.code}, {"data", result.data}};
}

json ToJson(const Command& command) {
  return {{"id", command.id}, {"operation", command.operation}, {"args", command.args}};
}

std::optional<SurfacedError> ErrorFromJson(const json& object, std::string& why) {
  SurfacedError error;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(object, "", problems);
  std::string locale, handling, name;
  f.Read("family", error.family, kRequired);
  f.Read("code", error.code, kRequired);
  f.Read("message", error.message, kRequired);
  f.Read("locale", locale, kRequired);
  f.Read("handling", handling);
  f.Read("reason", error.reason);
  f.Read("name", name);
  f.Read("operation", error.operation);
  f.Read("atMs", error.at_ms);
  ReadExtraCode(f, error);
  if (Rejected(problems, why)) return std::nullopt;
  auto parsed_locale = catalog::ParseLocale(locale);
  if (!parsed_locale) f.Complain("locale", "is not en, zh, ja or ko");
  error.locale = parsed_locale.value_or(error.locale);
  // A bridge to a real SDK sends what the SDK surfaced (its message and error `name`) and no
  // reason: which common error that is, is the harness's call. Without `name` a missing
  // reason is simply none.
  if (!object.contains("reason") && object.contains("name")) {
    error.reason_from_wording = true;
    if (auto family = catalog::ParseFamily(error.family)) error.reason = RecognizedReason(*family, name, error.message);
  }
  if (object.contains("handling")) {
    auto parsed_handling = ParseHandling(handling);
    if (!parsed_handling) f.Complain("handling", "is not a handling of the catalog's vocabulary");
    error.handling = parsed_handling;
  }
  if (Rejected(problems, why)) return std::nullopt;
  return error;
}

std::optional<ClientEvent> EventFromJson(const json& object, std::string& why) {
  ClientEvent event;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(object, "", problems);
  f.Read("name", event.name, kRequired);
  ReadObject(f, "data", event.data);
  f.Read("atMs", event.at_ms);
  if (Rejected(problems, why)) return std::nullopt;
  return event;
}

std::optional<OperationResult> ResultFromJson(const json& object, std::string& why) {
  OperationResult result;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(object, "", problems);
  f.Read("id", result.id, kRequired);
  f.Read("code", result.code, kRequired);
  f.Read("operation", result.operation);
  ReadObject(f, "data", result.data);
  if (Rejected(problems, why)) return std::nullopt;
  return result;
}

std::optional<Command> CommandFromJson(const json& object, std::string& why) {
  Command command;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(object, "", problems);
  f.Read("id", command.id, kRequired);
  f.Read("operation", command.operation, kRequired);
  ReadObject(f, "args", command.args);
  if (Rejected(problems, why)) return std::nullopt;
  return command;
}

std::string Describe(const SurfacedError& error) {
  std::string text = error.family + " " + std::to_string(error.code);
  // A code the documents do not have is named the way the vendor SDK names it.
  if (const auto* vendor = catalog::FindVendorSdkName(error.code); vendor && vendor->documented.empty())
    text += " (" + std::string(vendor->name) + ", trtc-js-sdk's own: not in the documents)";
  if (error.extra_code) text += " extra " + std::to_string(*error.extra_code);
  if (!error.reason.empty()) text += " reason \"" + error.reason + "\"";
  if (error.handling) text += " [" + error.handling->ToString() + "]";
  text += " " + std::string(catalog::ToString(error.locale)) + ": \"" + std::string(Utf8Prefix(error.message, 80)) +
          (error.message.size() > 80 ? "…" : "") + "\"";
  if (!error.operation.empty()) text += " (from " + error.operation + ")";
  return text;
}

void PrintTo(const SurfacedError& error, std::ostream* out) { *out << Describe(error); }
void PrintTo(const ClientEvent& event, std::ostream* out) { *out << "event " << ToJson(event).dump(); }
void PrintTo(const OperationResult& result, std::ostream* out) { *out << "result " << ToJson(result).dump(); }

}  // namespace trtc::client
