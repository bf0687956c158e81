#include "harness/service/rest_api.h"

#include <boost/url/parse.hpp>
#include <charconv>
#include <optional>

#include "harness/service/room_engine_codes.h"

namespace trtc::service {
namespace {

using nlohmann::json;

// REST codes the server decides (catalog tables rest-common and rest-private).
enum RestCode : int {
  kHttpParse = 60002,
  kJsonParse = 60003,
  kBadSignature = 60004,
  kExpiredSignature = 60005,
  kInvalidSdkAppId = 60006,
  kCommandRateLimited = 60007,
  kResourceError = 60009,
  kAdminRequired = 60010,
  kAppRateLimited = 60011,
  kSdkAppIdRequired = 60012,
  kAccountNotString = 60015,
  kAppDisabled = 60016,
  kCommandDisabled = 60017,
  kPackageExpired = 60020,
  kIpNotAllowed = 60021,
  kInvalidParameter = 100002,
  kRoomIdExists = 100003,
  kNoPackage = 100007,
  kRoomIdOwned = 100010,
  kRoomIdIsChatGroup = 100011,
  kCreateRateLimited = 100012,
};

template <class T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

json RoomInfoJson(const json& info) {
  return {{"RoomId", info["roomId"]},
          {"RoomName", info["name"]},
          {"RoomType", info["roomType"] == "live" ? "Live" : "Conference"},
          {"Owner_Account", info["owner"]},
          {"IsSeatEnabled", info["seatEnabled"]},
          {"MaxSeatCount", info["maxSeatCount"]},
          {"TakeSeatMode", info["seatMode"] == "apply" ? "ApplyToTake" : "FreeToTake"},
          {"MemberCount", info["members"].size()}};
}

// Reads an optional field into `out`; false when the field is there with another type
// (json::value() would throw).
bool ReadOptional(const json& object, const char* key, std::string& out) {
  auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}
bool ReadOptional(const json& object, const char* key, bool& out) {
  auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_boolean()) return false;
  out = it->get<bool>();
  return true;
}
bool ReadOptional(const json& object, const char* key, std::int64_t& out) {
  auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_number_integer()) return false;
  out = it->get<std::int64_t>();
  return true;
}

std::optional<std::string> RoomIdOf(const json& body) {
  auto it = body.find("RoomId");
  if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return it->get<std::string>();
}

bool IsRestCommand(std::string_view command) {
  return command == "create_room" || command == "destroy_room" || command == "get_room_info";
}

// The query parameters the REST API reads, decoded.
struct QueryParams {
  std::optional<std::string> sdkappid, identifier, usersig, random, contenttype;
};

QueryParams ReadQueryParams(const boost::urls::url_view& url) {
  QueryParams out;
  for (auto param : url.params()) {
    if (!param.has_value) continue;
    if (param.key == "sdkappid")
      out.sdkappid = param.value;
    else if (param.key == "identifier")
      out.identifier = param.value;
    else if (param.key == "usersig")
      out.usersig = param.value;
    else if (param.key == "random")
      out.random = param.value;
    else if (param.key == "contenttype")
      out.contenttype = param.value;
  }
  return out;
}

// What is missing or wrong among identifier, usersig, random and contenttype (60002).
std::optional<std::string> QueryProblem(const QueryParams& params) {
  if (params.identifier.value_or("").empty() || params.usersig.value_or("").empty())
    return "the query needs identifier and usersig";
  if (!params.random || !ParseNumber<std::uint32_t>(*params.random)) return "random must be a 32-bit unsigned integer";
  if (params.contenttype != "json") return "contenttype must be json";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> OriginFormOf(std::string_view target) {
  if (target.starts_with('/')) return std::string(target);
  auto url = boost::urls::parse_absolute_uri(target);
  if (!url || !url->has_authority()) return std::nullopt;
  if (url->scheme_id() != boost::urls::scheme::http && url->scheme_id() != boost::urls::scheme::https)
    return std::nullopt;
  std::string origin_form = url->encoded_path().empty() ? "/" : std::string(url->encoded_path());
  if (url->has_query()) origin_form += "?" + std::string(url->encoded_query());
  return origin_form;
}

struct RestApi::Query {
  std::string command;
  std::uint64_t sdk_app_id = 0;
  std::string identifier;
  std::string usersig;
  const AppConfig* app = nullptr;
};

json RestApi::Envelope(int code, std::string_view info) {
  return {{"ActionStatus", code == 0 ? "OK" : "FAIL"}, {"ErrorCode", code}, {"ErrorInfo", info}};
}

RestApi::RestApi(const ServiceConfig& config, const clock::ServerClock& clock, const Accounts& accounts,
                 RoomEngine& rooms)
    : config_(config),
      clock_(clock),
      accounts_(accounts),
      rooms_(rooms),
      per_app_(config.limits.rest_per_app_per_second, config.limits.rest_per_app_per_second),
      per_command_(config.limits.rest_per_command_per_second, config.limits.rest_per_command_per_second),
      create_per_room_(1, 1) {}

RestResponse RestApi::Handle(const RestRequest& request) {
  Query query;
  RestResponse response = Authorize(request, query);
  if (response.body.is_object()) return response;
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return {query.command, Envelope(kJsonParse, "the request body is not a JSON object")};
  return {query.command, Dispatch(query, body)};
}

// Everything before the body, in the order of docs/protocol.md section 7: the request
// line and query (60002), the path (60009), the SDKAppID (60012, 60006), then the caller.
// Returns an envelope on failure, a response without body otherwise.
RestResponse RestApi::Authorize(const RestRequest& request, Query& query) {
  auto fail = [&](int code, std::string info) { return RestResponse{query.command, Envelope(code, info)}; };
  const auto origin_form = OriginFormOf(request.target);  // `url` views it
  if (!origin_form) return fail(kHttpParse, "the request target is not a URL in origin or absolute form");
  auto url = boost::urls::parse_origin_form(*origin_form);
  if (!url) return fail(kHttpParse, "the request target is not a valid URL");
  if (request.method != "POST") return fail(kHttpParse, "method " + request.method + " is not POST");
  QueryParams params = ReadQueryParams(*url);
  if (auto problem = QueryProblem(params)) return fail(kHttpParse, *problem);
  query.identifier = *params.identifier;
  query.usersig = *params.usersig;
  std::string path = url->path();
  if (!path.starts_with(kRestPathPrefix)) return fail(kResourceError, "unknown resource " + path);
  query.command = path.substr(kRestPathPrefix.size());
  if (!IsRestCommand(query.command)) return fail(kResourceError, "unknown command '" + query.command + "'");
  if (!params.sdkappid) return fail(kSdkAppIdRequired, "the query has no sdkappid");
  auto id = ParseNumber<std::uint64_t>(*params.sdkappid);
  if (!id) return fail(kInvalidSdkAppId, "sdkappid '" + *params.sdkappid + "' is not a number");
  query.sdk_app_id = *id;
  return AuthorizeCaller(request, query);
}

// The app, the caller's signature and rights, the rate limits.
RestResponse RestApi::AuthorizeCaller(const RestRequest& request, Query& query) {
  auto fail = [&](int code, std::string info) { return RestResponse{query.command, Envelope(code, info)}; };
  query.app = config_.FindApp(query.sdk_app_id);
  if (!query.app) return fail(kInvalidSdkAppId, "no application has SDKAppID " + std::to_string(query.sdk_app_id));
  if (query.app->rest_disabled) return fail(kAppDisabled, "the application's REST API is disabled");
  if (query.app->package_expired) return fail(kPackageExpired, "the application's package has expired");
  if (!query.app->rest_allowed_ips.empty() && !query.app->rest_allowed_ips.contains(request.peer_ip))
    return fail(kIpNotAllowed, "calls from " + request.peer_ip + " are not allowed");
  Outcome verified = accounts_.Verify(query.sdk_app_id, query.identifier, query.usersig);
  if (verified.code == 70001) return fail(kExpiredSignature, "usersig has expired: " + verified.message);
  if (verified.code != 0) return fail(kBadSignature, "usersig does not verify: " + verified.message);
  if (query.identifier != query.app->admin) return fail(kAdminRequired, query.identifier + " is not the app admin");
  if (!TakeToken(std::to_string(query.sdk_app_id), true))
    return fail(kAppRateLimited, "more than " + std::to_string(config_.limits.rest_per_app_per_second) +
                                     " calls a second for this SDKAppID");
  if (!TakeToken(std::to_string(query.sdk_app_id) + "/" + query.command, false))
    return fail(kCommandRateLimited, "more than " + std::to_string(config_.limits.rest_per_command_per_second) +
                                         " calls a second of " + query.command);
  if (query.app->rest_disabled_commands.contains(query.command))
    return fail(kCommandDisabled, query.command + " is disabled for this application");
  return {query.command, json()};
}

bool RestApi::TakeToken(const std::string& key, bool per_app) {
  std::lock_guard lock(limiter_mutex_);
  auto now = ratelimit::Millis(clock_.Now().count());
  return per_app ? per_app_.TryTake(key, now) : per_command_.TryTake(key, now);
}

json RestApi::Dispatch(const Query& query, const json& body) {
  if (query.command == "create_room") return CreateRoom(query, body);
  if (query.command == "destroy_room") return DestroyRoom(query, body);
  return GetRoomInfo(query, body);
}

json RestApi::CreateRoom(const Query& query, const json& body) {
  auto info = body.find("RoomInfo");
  if (info == body.end() || !info->is_object()) return Envelope(kInvalidParameter, "RoomInfo is required");
  auto room_id = RoomIdOf(*info);
  if (!room_id || !ValidRoomEngineRoomId(*room_id))
    return Envelope(kInvalidParameter, "RoomInfo.RoomId must be 1 to 48 printable ASCII characters");
  auto owner = info->find("Owner_Account");
  if (owner == info->end()) return Envelope(kInvalidParameter, "RoomInfo.Owner_Account is required");
  if (!owner->is_string()) return Envelope(kAccountNotString, "RoomInfo.Owner_Account must be a string");
  RoomSettings settings;
  settings.room_id = *room_id;
  settings.owner = owner->get<std::string>();
  std::string type = "Conference", seat_mode = "FreeToTake";
  if (!ReadOptional(*info, "RoomName", settings.name) || !ReadOptional(*info, "RoomType", type) ||
      !ReadOptional(*info, "IsSeatEnabled", settings.seat_enabled) ||
      !ReadOptional(*info, "MaxSeatCount", settings.max_seat_count) ||
      !ReadOptional(*info, "MaxMemberCount", settings.max_member_count) ||
      !ReadOptional(*info, "TakeSeatMode", seat_mode))
    return Envelope(kInvalidParameter, "a RoomInfo field has the wrong type");
  if (!ValidRoomName(settings.name)) return Envelope(kInvalidParameter, "RoomInfo.RoomName exceeds 30 bytes");
  if (type != "Conference" && type != "Live")
    return Envelope(kInvalidParameter, "RoomInfo.RoomType must be Conference or Live");
  if (seat_mode != "FreeToTake" && seat_mode != "ApplyToTake")
    return Envelope(kInvalidParameter, "RoomInfo.TakeSeatMode must be FreeToTake or ApplyToTake");
  settings.room_type = type == "Live" ? wire::RoomType::kLive : wire::RoomType::kConference;
  settings.seat_mode = seat_mode == "ApplyToTake" ? wire::SeatMode::kApply : wire::SeatMode::kFree;
  if (settings.seat_enabled && (settings.max_seat_count < 1 || settings.max_seat_count > query.app->seat_package_limit))
    return Envelope(kInvalidParameter, "RoomInfo.MaxSeatCount must be between 1 and the package's seat limit");
  if (settings.room_type == wire::RoomType::kLive && !query.app->live_package)
    return Envelope(kNoPackage, "live rooms need a package");
  {
    std::lock_guard lock(limiter_mutex_);
    if (!create_per_room_.TryTake(std::to_string(query.sdk_app_id) + "/" + *room_id,
                                  ratelimit::Millis(clock_.Now().count())))
      return Envelope(kCreateRateLimited, "room " + *room_id + " was created less than a second ago");
  }
  if (query.app->chat_group_ids.contains(*room_id))
    return Envelope(kRoomIdIsChatGroup, "room id " + *room_id + " is taken by a Chat group");
  Outcome existing = rooms_.GetRoomInfo(query.sdk_app_id, *room_id);
  if (existing.code == 0) {
    if (existing.data["owner"] == settings.owner)
      return Envelope(kRoomIdOwned, "room " + *room_id + " exists and is owned by " + settings.owner);
    return Envelope(kRoomIdExists, "room " + *room_id + " already exists");
  }
  Outcome created = rooms_.CreateRoom(query.sdk_app_id, settings);
  if (created.code != 0) return Envelope(kRoomIdExists, "room " + *room_id + " already exists");
  json out = Envelope(0, "");
  out["RoomId"] = *room_id;
  return out;
}

json RestApi::DestroyRoom(const Query& query, const json& body) {
  auto room_id = RoomIdOf(body);
  if (!room_id) return Envelope(kInvalidParameter, "RoomId is required");
  Outcome outcome = rooms_.DestroyRoom(query.sdk_app_id, *room_id);
  if (outcome.code != 0) return Envelope(kInvalidParameter, "room " + *room_id + " does not exist");
  return Envelope(0, "");
}

json RestApi::GetRoomInfo(const Query& query, const json& body) {
  auto room_id = RoomIdOf(body);
  if (!room_id) return Envelope(kInvalidParameter, "RoomId is required");
  Outcome outcome = rooms_.GetRoomInfo(query.sdk_app_id, *room_id);
  if (outcome.code != 0) return Envelope(kInvalidParameter, "room " + *room_id + " does not exist");
  json out = Envelope(0, "");
  out["RoomInfo"] = RoomInfoJson(outcome.data);
  return out;
}

}  // namespace trtc::service
