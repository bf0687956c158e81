#include "harness/client/client.h"

#include <charconv>

#include "harness/catalog/vendor_sdk_names.h"
#include "harness/client/documented_error.h"
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

// Reads typed fields of one JSON object, remembering the first problem.
class Fields {
 public:
  Fields(const json& object, std::string& why) : object_(object), why_(why) {
    if (!object.is_object()) Fail("", "must be an object");
  }
  template <class T>
  bool Get(const char* key, T& out, bool required = true) {
    if (!why_.empty()) return false;
    auto it = object_.find(key);
    if (it == object_.end()) return required ? Fail(key, "is missing") : true;
    if (!Is<T>(*it)) return Fail(key, "has the wrong type");
    out = it->template get<T>();
    return true;
  }
  bool Fail(std::string_view key, std::string_view reason) {
    if (why_.empty()) why_ = std::string(key) + (key.empty() ? "" : " ") + std::string(reason);
    return false;
  }
  bool ok() const { return why_.empty(); }

 private:
  template <class T>
  static bool Is(const json& v) {
    if constexpr (std::is_same_v<T, std::string>) return v.is_string();
    if constexpr (std::is_same_v<T, json>) return v.is_object();
    if constexpr (std::is_integral_v<T>) return v.is_number_integer();
    return false;
  }
  const json& object_;
  std::string& why_;
};

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
  Fields f(object, why);
  std::string locale, handling;
  f.Get("family", error.family);
  f.Get("code", error.code);
  f.Get("message", error.message);
  f.Get("locale", locale);
  f.Get("handling", handling, false);
  std::string name;
  f.Get("reason", error.reason, false);
  f.Get("name", name, false);
  f.Get("operation", error.operation, false);
  f.Get("atMs", error.at_ms, false);
  if (!f.ok()) return std::nullopt;
  // 0 is no code in any of the documents; the vendor Web SDK's RtcError says 0 for "none".
  if (auto it = object.find("extraCode"); it != object.end() && !it->is_null()) {
    if (!it->is_number_integer()) return f.Fail("extraCode", "must be an integer or null"), std::nullopt;
    if (it->get<int>() != 0) error.extra_code = it->get<int>();
  }
  auto parsed_locale = catalog::ParseLocale(locale);
  if (!parsed_locale) return f.Fail("locale", "is not en, zh, ja or ko"), std::nullopt;
  error.locale = *parsed_locale;
  // A bridge to a real SDK sends what the SDK surfaced (its message and error `name`) and no
  // reason: which common error that is, is the harness's call. Without `name` a missing
  // reason is simply none.
  if (!object.contains("reason") && object.contains("name")) {
    error.reason_from_wording = true;
    if (auto family = catalog::ParseFamily(error.family)) error.reason = RecognizedReason(*family, name, error.message);
  }
  if (object.contains("handling")) {
    auto parsed_handling = ParseHandling(handling);
    if (!parsed_handling) return f.Fail("handling", "is not a handling of the catalog's vocabulary"), std::nullopt;
    error.handling = *parsed_handling;
  }
  return error;
}

std::optional<ClientEvent> EventFromJson(const json& object, std::string& why) {
  ClientEvent event;
  Fields f(object, why);
  f.Get("name", event.name);
  f.Get("data", event.data, false);
  f.Get("atMs", event.at_ms, false);
  if (!f.ok()) return std::nullopt;
  return event;
}

std::optional<OperationResult> ResultFromJson(const json& object, std::string& why) {
  OperationResult result;
  Fields f(object, why);
  f.Get("id", result.id);
  f.Get("code", result.code);
  f.Get("operation", result.operation, false);
  f.Get("data", result.data, false);
  if (!f.ok()) return std::nullopt;
  return result;
}

std::optional<Command> CommandFromJson(const json& object, std::string& why) {
  Command command;
  Fields f(object, why);
  f.Get("id", command.id);
  f.Get("operation", command.operation);
  f.Get("args", command.args, false);
  if (!f.ok()) return std::nullopt;
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
