// The RoomEngine REST API as the vendor documents it: POST
// /v4/room_engine_http_srv/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json
// with a JSON body, answered with HTTP 200 and the envelope {ActionStatus, ErrorCode,
// ErrorInfo, …}. Pure logic over strings: the HTTP server and the fuzzer both call it.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/clock/server_clock.h"
#include "harness/ratelimit/ratelimit.h"
#include "harness/service/accounts.h"
#include "harness/service/app_config.h"
#include "harness/service/room_engine.h"

namespace trtc::service {

inline constexpr std::string_view kRestPathPrefix = "/v4/room_engine_http_srv/";

// The path and query of a request target: in origin form ("/v4/…?…") as is, in absolute
// form ("http://host/v4/…?…", what a client behind a proxy sends, which servers must
// accept: RFC 7230 5.3.2) without scheme and authority; nullopt when it is neither.
[[nodiscard]] std::optional<std::string> OriginFormOf(std::string_view target);

struct RestRequest {
  std::string method;  // "POST"
  std::string target;  // as on the request line: origin or absolute form
  std::string body;
  std::string peer_ip;
};

struct RestResponse {
  std::string command;  // empty when the path named none
  nlohmann::json body;  // the envelope
  int error_code() const { return body.value("ErrorCode", 0); }
};

class RestApi {
 public:
  RestApi(const ServiceConfig& config, const clock::ServerClock& clock, const Accounts& accounts, RoomEngine& rooms);
  RestResponse Handle(const RestRequest& request);

  // The envelope of a failure, for the HTTP layer's own errors and for faults.
  static nlohmann::json Envelope(int code, std::string_view info);

 private:
  struct Query;
  RestResponse Authorize(const RestRequest& request, Query& query);
  RestResponse AuthorizeCaller(const RestRequest& request, Query& query);
  nlohmann::json Dispatch(const Query& query, const nlohmann::json& body);
  nlohmann::json CreateRoom(const Query& query, const nlohmann::json& body);
  nlohmann::json DestroyRoom(const Query& query, const nlohmann::json& body);
  nlohmann::json GetRoomInfo(const Query& query, const nlohmann::json& body);
  bool TakeToken(const std::string& key, bool per_app);

  const ServiceConfig& config_;
  const clock::ServerClock& clock_;
  const Accounts& accounts_;
  RoomEngine& rooms_;
  std::mutex limiter_mutex_;
  ratelimit::KeyedLimiter per_app_;
  ratelimit::KeyedLimiter per_command_;
  ratelimit::KeyedLimiter create_per_room_;
};

}  // namespace trtc::service
