#include "harness/service/app_config.h"

#include <nlohmann/json.hpp>

namespace trtc::service {
namespace {

using nlohmann::json;

// Reads typed fields of one object; collects problems with the line of the object.
class ConfigReader {
 public:
  ConfigReader(const json& object, std::string path, std::string_view file, int line, Diagnostics& out)
      : object_(object), path_(std::move(path)), file_(file), line_(line), out_(out) {}

  template <class T>
  void Get(const char* key, T& value) {
    known_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) return;
    if (!Read(*it, value)) Complain(key, "has the wrong type");
  }
  void RejectUnknown() {
    for (const auto& [key, value] : object_.items())
      if (!known_.contains(key)) Complain(key, "is not a known field");
  }
  void Complain(std::string_view key, std::string_view reason) {
    out_.push_back({std::string(file_), line_, path_ + "." + std::string(key), std::string(reason)});
  }

 private:
  static bool Read(const json& v, std::string& out) { return v.is_string() && (out = v.get<std::string>(), true); }
  static bool Read(const json& v, bool& out) { return v.is_boolean() && (out = v.get<bool>(), true); }
  static bool Read(const json& v, std::uint64_t& out) {
    return v.is_number_unsigned() && (out = v.get<std::uint64_t>(), true);
  }
  static bool Read(const json& v, std::uint32_t& out) {
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() > UINT32_MAX) return false;
    out = v.get<std::uint32_t>();
    return true;
  }
  static bool Read(const json& v, std::int64_t& out) {
    return v.is_number_integer() && (out = v.get<std::int64_t>(), true);
  }
  static bool Read(const json& v, int& out) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 1'000'000) return false;
    out = v.get<int>();
    return true;
  }
  static bool Read(const json& v, std::set<std::string>& out) {
    if (!v.is_array()) return false;
    for (const auto& item : v) {
      if (!item.is_string()) return false;
      out.insert(item.get<std::string>());
    }
    return true;
  }

  const json& object_;
  std::string path_;
  std::string_view file_;
  int line_;
  Diagnostics& out_;
  std::set<std::string> known_;
};

// Finds the line where the n-th occurrence of `"key"` begins, for diagnostics.
int LineOfNth(std::string_view text, std::string_view key, std::size_t n) {
  std::string needle = "\"" + std::string(key) + "\"";
  std::size_t at = 0;
  for (std::size_t i = 0; i <= n; ++i) {
    at = text.find(needle, i == 0 ? 0 : at + 1);
    if (at == std::string_view::npos) return 1;
  }
  return LineAt(text, at);
}

std::optional<AppState> ParseState(const std::string& text) {
  if (text == "normal") return AppState::kNormal;
  if (text == "arrears") return AppState::kArrears;
  if (text == "service-disabled") return AppState::kServiceDisabled;
  return std::nullopt;
}

AppConfig ReadApp(const json& object, std::size_t index, std::string_view text, std::string_view file,
                  Diagnostics& out) {
  AppConfig app;
  std::string state = "normal";
  ConfigReader r(object, "apps[" + std::to_string(index) + "]", file, LineOfNth(text, "sdkAppId", index), out);
  r.Get("sdkAppId", app.sdk_app_id);
  r.Get("secretKey", app.secret_key);
  r.Get("admin", app.admin);
  r.Get("state", state);
  r.Get("requirePrivateMapKey", app.require_private_map_key);
  r.Get("livePackage", app.live_package);
  r.Get("seatPackageLimit", app.seat_package_limit);
  r.Get("chatGroupIds", app.chat_group_ids);
  r.Get("blockedUsers", app.blocked_users);
  r.Get("restDisabled", app.rest_disabled);
  r.Get("packageExpired", app.package_expired);
  r.Get("restAllowedIps", app.rest_allowed_ips);
  r.Get("restDisabledCommands", app.rest_disabled_commands);
  r.RejectUnknown();
  if (app.sdk_app_id == 0) r.Complain("sdkAppId", "is required and must be a positive integer");
  if (auto parsed = ParseState(state))
    app.state = *parsed;
  else
    r.Complain("state", "must be normal, arrears or service-disabled");
  return app;
}

void ReadLimits(const json& object, std::string_view text, std::string_view file, Limits& limits, Diagnostics& out) {
  ConfigReader r(object, "limits", file, LineOfNth(text, "limits", 0), out);
  r.Get("heartbeatTimeoutMs", limits.heartbeat_timeout_ms);
  r.Get("mediaTimeoutMs", limits.media_timeout_ms);
  r.Get("maxSessions", limits.max_sessions);
  r.Get("roomOpsPerSecond", limits.room_ops_per_second);
  r.Get("restPerAppPerSecond", limits.rest_per_app_per_second);
  r.Get("restPerCommandPerSecond", limits.rest_per_command_per_second);
  r.Get("loginFailuresBeforeLockout", limits.login_failures_before_lockout);
  r.Get("loginFailureWindowMs", limits.login_failure_window_ms);
  r.Get("loginLockoutMs", limits.login_lockout_ms);
  r.RejectUnknown();
}

}  // namespace

const AppConfig* ServiceConfig::FindApp(std::uint64_t sdk_app_id) const {
  for (const auto& app : apps)
    if (app.sdk_app_id == sdk_app_id) return &app;
  return nullptr;
}

ServiceConfig DefaultServiceConfig() {
  ServiceConfig config;
  AppConfig app;
  app.sdk_app_id = kDefaultSdkAppId;
  app.secret_key = std::string(kDefaultSecretKey);
  config.apps.push_back(app);
  return config;
}

std::variant<ServiceConfig, Diagnostics> ParseServiceConfig(std::string_view text, std::string_view file) {
  Diagnostics out;
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.push_back({std::string(file), 1, "", "not a JSON object"});
    return out;
  }
  ServiceConfig config;
  auto apps = doc.find("apps");
  if (apps == doc.end() || !apps->is_array() || apps->empty()) {
    out.push_back({std::string(file), 1, "apps", "must be a non-empty array of apps"});
  } else {
    for (std::size_t i = 0; i < apps->size(); ++i) {
      if (!(*apps)[i].is_object()) {
        out.push_back({std::string(file), 1, "apps[" + std::to_string(i) + "]", "must be an object"});
        continue;
      }
      config.apps.push_back(ReadApp((*apps)[i], i, text, file, out));
    }
  }
  if (auto limits = doc.find("limits"); limits != doc.end()) {
    if (limits->is_object())
      ReadLimits(*limits, text, file, config.limits, out);
    else
      out.push_back({std::string(file), LineOfNth(text, "limits", 0), "limits", "must be an object"});
  }
  for (const auto& [key, value] : doc.items())
    if (key != "apps" && key != "limits") out.push_back({std::string(file), 1, key, "is not a known field"});
  if (!out.empty()) return out;
  return config;
}

}  // namespace trtc::service
