#include "harness/service/app_config.h"

#include <nlohmann/json.hpp>

#include "harness/common/json_fields.h"
#include "harness/common/json_lines.h"

namespace trtc::service {
namespace {

using nlohmann::json;

std::optional<AppState> ParseState(const std::string& text) {
  if (text == "normal") return AppState::kNormal;
  if (text == "arrears") return AppState::kArrears;
  if (text == "service-disabled") return AppState::kServiceDisabled;
  return std::nullopt;
}

AppConfig ReadApp(JsonFields& r) {
  AppConfig app;
  std::string state = "normal";
  r.Read("sdkAppId", app.sdk_app_id);
  r.Read("seatPackageLimit", app.seat_package_limit);
  r.ReadEach<std::string>({{"secretKey", &app.secret_key}, {"admin", &app.admin}, {"state", &state}});
  r.ReadEach<bool>({{"requirePrivateMapKey", &app.require_private_map_key},
                    {"livePackage", &app.live_package},
                    {"restDisabled", &app.rest_disabled},
                    {"packageExpired", &app.package_expired}});
  r.ReadEach<std::set<std::string>>({{"chatGroupIds", &app.chat_group_ids},
                                     {"blockedUsers", &app.blocked_users},
                                     {"restAllowedIps", &app.rest_allowed_ips},
                                     {"restDisabledCommands", &app.rest_disabled_commands}});
  r.RejectUnknownFields();
  if (app.sdk_app_id == 0) r.Complain("sdkAppId", "is required and must be a positive integer");
  if (auto parsed = ParseState(state))
    app.state = *parsed;
  else
    r.Complain("state", "must be normal, arrears or service-disabled");
  return app;
}

// A count a person configures: up to a million.
void ReadCount(JsonFields& r, std::string_view key, int& out) {
  constexpr int kMax = 1'000'000;
  int count = 0;
  if (!r.Read(key, count)) return;
  if (count < 0 || count > kMax) return r.Complain(key, OutOfRange(0, kMax).reason);
  out = count;
}

void ReadLimits(JsonFields& r, Limits& limits) {
  r.ReadEach<std::int64_t>({{"heartbeatTimeoutMs", &limits.heartbeat_timeout_ms},
                            {"mediaTimeoutMs", &limits.media_timeout_ms},
                            {"loginFailureWindowMs", &limits.login_failure_window_ms},
                            {"loginLockoutMs", &limits.login_lockout_ms}});
  r.ReadEach<std::uint32_t>({{"roomOpsPerSecond", &limits.room_ops_per_second},
                             {"restPerAppPerSecond", &limits.rest_per_app_per_second},
                             {"restPerCommandPerSecond", &limits.rest_per_command_per_second}});
  r.Read("maxSessions", limits.max_sessions);
  ReadCount(r, "loginFailuresBeforeLockout", limits.login_failures_before_lockout);
  r.RejectUnknownFields();
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
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Diagnostics{{std::string(file), 1, "", "not a JSON object"}};
  ServiceConfig config;
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields root(doc, "", problems);
  root.EachObject("apps", Presence::kRequired, [&](JsonFields& app) { config.apps.push_back(ReadApp(app)); });
  if (const json* apps = root.Find("apps"); apps && apps->is_array() && apps->empty())
    root.Complain("apps", "must name at least one app");
  if (auto limits = root.Object("limits")) ReadLimits(*limits, config.limits);
  root.RejectUnknownFields();
  if (!problems.empty()) return ToDiagnostics(problems, std::string(file), JsonLines(text));
  return config;
}

}  // namespace trtc::service
