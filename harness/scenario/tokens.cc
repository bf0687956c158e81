#include "harness/scenario/tokens.h"
#include "harness/common/json_value.h"

#include "harness/usersig/codec.h"
#include "harness/usersig/usersig.h"

namespace trtc::scenario {
namespace {

using nlohmann::json;

std::string Damaged(const std::string& damage, const std::string& good, usersig::Token token) {
  if (damage == "empty") return "";
  if (damage == "not-base64") return good.substr(0, good.size() - 1);
  if (damage == "truncated-zlib") {
    auto bytes = usersig::Base64Decode(usersig::TokenUnescape(good)).value_or("");
    return usersig::TokenEscape(usersig::Base64Encode(bytes.substr(0, bytes.size() / 2)));
  }
  if (damage == "not-json") return usersig::EncodeDocument("{not json");
  if (damage == "missing-field")
    return usersig::EncodeDocument(R"({"TLS.ver":"2.0","TLS.identifier":")" + token.identifier + "\"}");
  if (damage == "wrong-version") {
    token.version = "1.0";
    return usersig::EncodeDocument(usersig::TokenDocument(token));
  }
  if (damage == "bad-userbuf") {
    token.userbuf = std::string("\x01\x02", 2);
    return usersig::EncodeDocument(usersig::TokenDocument(token));
  }
  return good;
}

std::string MakeToken(const json& spec, bool private_map_key, const service::ServiceConfig& config,
                      std::int64_t now_s) {
  const auto* app = config.apps.empty() ? nullptr : &config.apps.front();
  const auto sdk_app_id = ValueOr<std::uint64_t>(spec, "sdkAppId", app ? app->sdk_app_id : std::uint64_t{0});
  const auto* signer = config.FindApp(sdk_app_id);
  std::string key = StringOr(spec, "key", signer ? signer->secret_key : (app ? app->secret_key : ""));
  const std::string user = StringOr(spec, "user");
  const std::int64_t expire = ValueOr<std::int64_t>(spec, "expire", 86400);
  const std::int64_t issued = now_s - ValueOr<std::int64_t>(spec, "issuedAgo", 0);
  std::string good;
  if (private_map_key) {
    const auto& room = spec.contains("roomId") ? spec["roomId"] : json(0);
    std::variant<std::uint32_t, std::string> room_id =
        room.is_string() ? std::variant<std::uint32_t, std::string>(room.get<std::string>())
                         : std::variant<std::uint32_t, std::string>(room.get<std::uint32_t>());
    good = usersig::GeneratePrivateMapKey(key, sdk_app_id, user, expire, room_id,
                                          ValueOr<std::uint32_t>(spec, "privileges", 255u), issued);
  } else {
    good = usersig::GenerateUserSig(key, sdk_app_id, user, expire, issued);
  }
  usersig::Token token{"2.0", user, sdk_app_id, issued, expire, std::nullopt, "c2lnbmF0dXJl", std::nullopt};
  return Damaged(StringOr(spec, "damage"), good, token);
}

}  // namespace

std::optional<std::string> FreshUserSig(const service::ServiceConfig& config, std::uint64_t sdk_app_id,
                                        const std::string& user_id, std::int64_t now_s) {
  const auto* app = config.FindApp(sdk_app_id);
  if (!app || user_id.empty()) return std::nullopt;
  return usersig::GenerateUserSig(app->secret_key, sdk_app_id, user_id, 86400, now_s);
}

void ResolveTokens(json& value, const service::ServiceConfig& config, std::int64_t now_s) {
  if (value.is_object()) {
    if (value.contains("$userSig")) {
      value = MakeToken(value["$userSig"], false, config, now_s);
      return;
    }
    if (value.contains("$privateMapKey")) {
      value = MakeToken(value["$privateMapKey"], true, config, now_s);
      return;
    }
  }
  if (!value.is_structured()) return;
  for (auto& [key, child] : value.items()) ResolveTokens(child, config, now_s);
}

}  // namespace trtc::scenario
