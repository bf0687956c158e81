// Tokens a scenario asks for ({"$userSig": {…}}, {"$privateMapKey": {…}}), made at run
// time on the server clock with the app's key, good or damaged in a documented way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/service/app_config.h"

namespace trtc::scenario {

// Replaces every token request in `value` by the token itself.
void ResolveTokens(nlohmann::json& value, const service::ServiceConfig& config, std::int64_t now_s);

// A newly signed userSig for `user_id` of app `sdk_app_id`, valid for a day from `now_s`: what
// an application's server gives its client (the adapter's `token` request). nullopt: no app.
[[nodiscard]] std::optional<std::string> FreshUserSig(const service::ServiceConfig& config, std::uint64_t sdk_app_id,
                                                      const std::string& user_id, std::int64_t now_s);

}  // namespace trtc::scenario
