// The applications a server set serves, and the server-side parameters (limits, timeouts).
// Loaded from JSON (`serve --config`, scenario setup) with file:line:field diagnostics.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/common/diagnostic.h"

namespace trtc::service {

enum class AppState {
  kNormal,
  kArrears,          // join-room 10006: the account is in arrears
  kServiceDisabled,  // join-room -100027: the TRTC service is not enabled
};

struct AppConfig {
  std::uint64_t sdk_app_id = 0;
  std::string secret_key;
  std::string admin = "administrator";  // the REST API's admin identifier
  AppState state = AppState::kNormal;
  bool require_private_map_key = false;          // advanced permission control: -10018/-10019
  bool live_package = false;                     // live rooms need a package: -1004, REST 100007
  std::int64_t seat_package_limit = 16;          // seats the package allows: -2340
  std::set<std::string> chat_group_ids;          // room ids taken by Chat groups: REST 100011
  std::set<std::string> blocked_users;           // 70051 at channel setup
  bool rest_disabled = false;                    // 60016
  bool package_expired = false;                  // 60020
  std::set<std::string> rest_allowed_ips;        // empty: any; else 60021 for others
  std::set<std::string> rest_disabled_commands;  // 60017
};

struct Limits {
  std::int64_t media_timeout_ms = 10'000;           // server time without a media keepalive before close 4002
  std::int64_t heartbeat_timeout_ms = 15'000;       // server time without a frame before close 4000
  std::size_t max_sessions = 20'000;                // then new connections close 1013
  std::uint32_t room_ops_per_second = 20;           // per user, RoomEngine operations: -2
  std::uint32_t rest_per_app_per_second = 200;      // 60011
  std::uint32_t rest_per_command_per_second = 100;  // 60007
  int login_failures_before_lockout = 5;            // 70050
  std::int64_t login_failure_window_ms = 60'000;
  std::int64_t login_lockout_ms = 60'000;
};

struct ServiceConfig {
  std::vector<AppConfig> apps;
  Limits limits;

  const AppConfig* FindApp(std::uint64_t sdk_app_id) const;
};

// The documented default: one app anyone can sign tokens for (docs/protocol.md).
inline constexpr std::uint64_t kDefaultSdkAppId = 1400000001;
inline constexpr std::string_view kDefaultSecretKey = "trtc-conformance-default-secret-key-0123456789abcdef";
ServiceConfig DefaultServiceConfig();

// Parses a config document; `file` names it in diagnostics.
[[nodiscard]] std::variant<ServiceConfig, Diagnostics> ParseServiceConfig(std::string_view text, std::string_view file);

}  // namespace trtc::service
