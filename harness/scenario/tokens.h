// Tokens a scenario asks for ({"$userSig": {…}}, {"$privateMapKey": {…}}), made at run
// time on the server clock with the app's key, good or damaged in a documented way.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "harness/service/app_config.h"

namespace trtc::scenario {

// Replaces every token request in `value` by the token itself.
void ResolveTokens(nlohmann::json& value, const service::ServiceConfig& config, std::int64_t now_s);

}  // namespace trtc::scenario
