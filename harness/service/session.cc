#include "harness/service/session.h"

#include "harness/webrtc/sdp.h"

#include "harness/service/room_engine_codes.h"
#include "harness/usersig/usersig.h"

namespace trtc::service {
namespace {

using nlohmann::json;

// Join-room codes (catalog table web-v4/join-room) and account codes the session decides.
enum JoinCode : int {
  kArrears = 10006,
  kBadRoomId = -10012,
  kUserSigRejectedAtJoin = -10013,
  kNoPrivateMapKey = -10018,
  kBadPrivateMapKey = -10019,
  kServiceDisabled = -100027,
};
enum AccountCode : int {
  kBadSdkAppId = -8,
  kBlockedAccount = 70051,
  kBadAccountFormat = 70105,
};

constexpr std::string_view kStringRoomIdPunctuation = " !#$%&()+-:;<=.>?@[]^_{}|~,";

bool ValidUserId(std::string_view user_id) {
  if (user_id.empty() || user_id.size() > 32) return false;
  for (char c : user_id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

// -10012: numeric ids are 1..4294967294; string ids 1..64 bytes of letters, digits and
// the documented punctuation.
std::optional<std::string> RoomIdProblem(const wire::RoomId& room_id) {
  if (const auto* number = std::get_if<std::int64_t>(&room_id)) {
    if (*number < 1 || *number > 4294967294) return "numeric roomId must be between 1 and 4294967294";
    return std::nullopt;
  }
  const auto& text = std::get<std::string>(room_id);
  if (text.empty() || text.size() > 64) return "string roomId must be 1 to 64 bytes";
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && kStringRoomIdPunctuation.find(c) == std::string_view::npos)
      return "string roomId contains a character outside the allowed set";
  return std::nullopt;
}

bool SameRoom(const std::variant<std::uint32_t, std::string>& granted, const wire::RoomId& wanted) {
  if (const auto* number = std::get_if<std::uint32_t>(&granted)) {
    const auto* w = std::get_if<std::int64_t>(&wanted);
    return w && *w == static_cast<std::int64_t>(*number);
  }
  const auto* w = std::get_if<std::string>(&wanted);
  return w && *w == std::get<std::string>(granted);
}

bool Blank(const std::string& text) { return text.find_first_not_of(' ') == std::string::npos; }

}  // namespace

Session::Session(Service& service, std::shared_ptr<Outbox> outbox)
    : service_(service), outbox_(std::move(outbox)), id_(service.NextSessionId()) {}

Session::~Session() = default;

void Session::Handle(const wire::ClientFrame& frame) {
  if (auto wrong = wire::WrongEndpoint(wire::TypeName(frame.request), endpoint())) {
    wrong->seq = frame.seq;
    return HandleProtocolError(std::move(*wrong));
  }
  consecutive_protocol_errors_ = 0;
  const bool room_engine = wire::TypeName(frame.request).starts_with("room.");
  const bool hello = std::holds_alternative<wire::Hello>(frame.request);
  if (!logged_in_ && !hello && !room_engine)
    return HandleProtocolError({frame.seq, wire::ProtocolErrorCode::kHelloRequired, "type",
                                "send hello (channel setup) before " + std::string(wire::TypeName(frame.request))});
  if (logged_in_ && hello)
    return HandleProtocolError(
        {frame.seq, wire::ProtocolErrorCode::kAlreadyHello, "type", "this connection already completed hello"});
  if (hello) {
    const auto& h = std::get<wire::Hello>(frame.request);
    if (h.protocol != wire::kProtocolName)
      return HandleProtocolError({frame.seq, wire::ProtocolErrorCode::kUnsupportedProtocol, "data.protocol",
                                  "this server speaks " + std::string(wire::kProtocolName)});
  }
  Outcome outcome = Dispatch(frame.request);
  outbox_->Send(wire::Response{frame.seq, std::string(wire::TypeName(frame.request)), outcome.code,
                               std::move(outcome.message), std::move(outcome.data)});
}

void ReportProtocolError(Outbox& outbox, int& consecutive, wire::ProtocolError error) {
  outbox.Send(std::move(error));
  if (++consecutive >= wire::kMaxConsecutiveProtocolErrors)
    outbox.Close(wire::CloseCode::kPolicy, "too many consecutive protocol errors");
}

void Session::HandleProtocolError(wire::ProtocolError error) {
  ReportProtocolError(*outbox_, consecutive_protocol_errors_, std::move(error));
}

void Session::OnIdle() { outbox_->Close(wire::CloseCode::kHeartbeatTimeout, "heartbeat timeout"); }

std::int64_t Session::idle_timeout_ms() const { return service_.config().limits.heartbeat_timeout_ms; }

void Session::OnClosed() {
  ForgetMedia();
  if (!room_key_.empty()) service_.rtc_rooms().Leave(Me());
  room_key_.clear();
  if (logged_in_) service_.room_engine().Logout({sdk_app_id_, user_id_, id_});
  service_.directory().Remove(id_);
  logged_in_ = false;
}

Outcome Session::Dispatch(const wire::Request& request) {
  if (const auto* hello = std::get_if<wire::Hello>(&request)) return Hello(*hello);
  if (wire::TypeName(request).starts_with("room.")) {
    if (!logged_in_) return Outcome::Fail(re::kNotLoggedIn, "log in (hello) before room operations");
    return service_.room_engine().Handle({sdk_app_id_, user_id_, id_}, request);
  }
  if (const auto* join = std::get_if<wire::Join>(&request)) return Join(*join);
  if (std::holds_alternative<wire::Heartbeat>(request)) return Outcome::Ok();
  if (std::holds_alternative<wire::Leave>(request)) return Leave();
  if (Outcome in_room = InRoom(wire::TypeName(request).data()); in_room.code != 0) return in_room;
  auto& rooms = service_.rtc_rooms();
  return std::visit(
      [&](const auto& r) -> Outcome {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, wire::Publish>)
          return Publish(r);
        else if constexpr (std::is_same_v<T, wire::Unpublish>)
          return Unpublish(r.stream);
        else if constexpr (std::is_same_v<T, wire::Subscribe>)
          return Subscribe(r);
        else if constexpr (std::is_same_v<T, wire::Unsubscribe>) {
          if (auto* plane = service_.media_plane()) plane->Unsubscribe({room_key_, r.user_id, r.stream}, user_id_);
          return Outcome::Ok();
        } else if constexpr (std::is_same_v<T, wire::SwitchRole>) {
          const AppConfig* app = service_.config().FindApp(sdk_app_id_);
          if (r.role == wire::Role::kAnchor && app && room_id_) {
            if (Outcome checked = CheckPrivateMapKey(*app, *room_id_, r.private_map_key); checked.code != 0)
              return checked;
          }
          return rooms.SwitchRole(Me(), r.role);
        } else if constexpr (std::is_same_v<T, wire::StartCdn>) {
          cdn_active_ = true;
          return Outcome::Ok(json{{"streamId", r.stream_id}});
        } else if constexpr (std::is_same_v<T, wire::StopCdn>) {
          if (!cdn_active_) return Outcome::Fail(kNotPublished, "no CDN publishing to stop");
          cdn_active_ = false;
          return Outcome::Ok();
        } else if constexpr (std::is_same_v<T, wire::StartMix>) {
          mix_active_ = true;
          return Outcome::Ok(json{{"outputStreamId", r.output_stream_id}});
        } else if constexpr (std::is_same_v<T, wire::StopMix>) {
          if (!mix_active_) return Outcome::Fail(kNotPublished, "no mix transcoding to stop");
          mix_active_ = false;
          return Outcome::Ok();
        } else {
          return Outcome::Fail(kNotInRoom, "unexpected request");
        }
      },
      request);
}

Outcome Session::Hello(const wire::Hello& hello) {
  if (hello.sdk_app_id == 0) return Outcome::Fail(kBadSdkAppId, "sdkAppId 0 is not an application");
  if (!ValidUserId(hello.user_id))
    return Outcome::Fail(kBadAccountFormat, "userId must be 1 to 32 bytes of A-Z, a-z, 0-9, '_' and '-'");
  const AppConfig* app = service_.config().FindApp(hello.sdk_app_id);
  if (app && app->blocked_users.contains(hello.user_id))
    return Outcome::Fail(kBlockedAccount, hello.user_id + " is blocked");
  Outcome outcome = service_.accounts().Login(hello.sdk_app_id, hello.user_id, hello.user_sig);
  if (outcome.code != 0) return outcome;
  logged_in_ = true;
  sdk_app_id_ = hello.sdk_app_id;
  user_id_ = hello.user_id;
  user_sig_expires_at_ = outcome.data.value("expiresAt", std::int64_t{0});
  service_.room_engine().Login({sdk_app_id_, user_id_, id_}, outbox_);
  service_.directory().Set(id_, {sdk_app_id_, user_id_, ""});
  return Outcome::Ok(json{{"sessionId", id_}, {"serverTime", service_.clock().Now().count()}});
}

Outcome Session::Join(const wire::Join& join) {
  if (!room_key_.empty() && service_.rtc_rooms().IsMember(Me()))
    return Outcome::Fail(kAlreadyInRoom, "already in a room; leave first");
  const AppConfig* app = service_.config().FindApp(sdk_app_id_);
  if (!app) return Outcome::Fail(kBadSdkAppId, "the application is gone");
  if (app->state == AppState::kArrears) return Outcome::Fail(kArrears, "the application's account is in arrears");
  if (app->state == AppState::kServiceDisabled)
    return Outcome::Fail(kServiceDisabled, "the TRTC service is not enabled for this application");
  if (auto problem = RoomIdProblem(join.room_id)) return Outcome::Fail(kBadRoomId, *problem);
  // The signature was verified at hello; only its expiry can have changed since.
  if (service_.clock().NowSeconds() > user_sig_expires_at_)
    return Outcome::Fail(kUserSigRejectedAtJoin, "the userSig of hello has expired since");
  if (Outcome key = CheckPrivateMapKey(*app, join.room_id, join.private_map_key); key.code != 0) return key;
  const bool numeric = std::holds_alternative<std::int64_t>(join.room_id);
  room_key_ = std::to_string(sdk_app_id_) + (numeric ? "/n/" : "/s/") + wire::RoomIdText(join.room_id);
  room_id_ = join.room_id;
  service_.directory().Set(id_, {sdk_app_id_, user_id_, room_key_});
  return service_.rtc_rooms().Join(Me(), outbox_, join.role);
}

Outcome Session::CheckPrivateMapKey(const AppConfig& app, const wire::RoomId& room_id,
                                    const std::optional<std::string>& key) const {
  if (!app.require_private_map_key) return Outcome::Ok();
  if (!key || Blank(*key)) return Outcome::Fail(kNoPrivateMapKey, "this application requires a privateMapKey");
  usersig::Expectation expected;
  expected.identifier = user_id_;
  expected.sdkappid = sdk_app_id_;
  expected.now = service_.clock().NowSeconds();
  expected.key_for = [&app](std::uint64_t) -> std::optional<std::string> { return app.secret_key; };
  auto verified = usersig::Verify(*key, expected);
  if (!verified.ok()) return Outcome::Fail(kBadPrivateMapKey, "privateMapKey does not verify: " + verified.reason);
  if (!verified.token.private_map) return Outcome::Fail(kBadPrivateMapKey, "the token has no privilege buffer");
  const auto& granted = *verified.token.private_map;
  if (!SameRoom(granted.room, room_id)) return Outcome::Fail(kBadPrivateMapKey, "privateMapKey is for another room");
  if (static_cast<std::int64_t>(granted.expire_at) < expected.now)
    return Outcome::Fail(kBadPrivateMapKey, "privateMapKey's grant has expired");
  if (!(granted.privileges & usersig::kEnterRoom))
    return Outcome::Fail(kBadPrivateMapKey, "privateMapKey does not grant entering the room");
  return Outcome::Ok();
}

Outcome Session::Leave() {
  if (room_key_.empty()) return Outcome::Fail(kNotInRoom, "leave before join");
  ForgetMedia();
  service_.rtc_rooms().Leave(Me());
  room_key_.clear();
  room_id_.reset();
  service_.directory().Set(id_, {sdk_app_id_, user_id_, ""});
  cdn_active_ = mix_active_ = false;
  return Outcome::Ok();
}

Outcome Session::Publish(const wire::Publish& publish) {
  MediaPlane* plane = service_.media_plane();
  if (publish.offer && !plane) return Outcome::Fail(kMediaRefused, "this server runs no WebRTC media endpoint");
  if (publish.offer && webrtc::sdp::LacksH264(*publish.offer))
    return Outcome::Fail(kNoH264, "the offer's video has no H.264 with packetization-mode 1");
  Outcome outcome = service_.rtc_rooms().Publish(Me(), publish);
  if (outcome.code != 0 || !publish.offer) return outcome;
  MediaAnswer answer = plane->Publish({room_key_, user_id_, publish.stream}, *publish.offer);
  if (const auto* refusal = std::get_if<MediaRefusal>(&answer)) {
    (void)service_.rtc_rooms().Unpublish(Me(), publish.stream);
    return Outcome::Fail(refusal->code, refusal->message);
  }
  outcome.data["type"] = "answer";
  outcome.data["sdp"] = std::get<std::string>(answer);
  return outcome;
}

Outcome Session::Unpublish(wire::StreamKind stream) {
  Outcome outcome = service_.rtc_rooms().Unpublish(Me(), stream);
  if (outcome.code == 0 && service_.media_plane()) service_.media_plane()->Unpublish({room_key_, user_id_, stream});
  return outcome;
}

Outcome Session::Subscribe(const wire::Subscribe& subscribe) {
  MediaPlane* plane = service_.media_plane();
  if (subscribe.offer && !plane) return Outcome::Fail(kMediaRefused, "this server runs no WebRTC media endpoint");
  Outcome outcome = service_.rtc_rooms().Subscribe(Me(), subscribe.user_id, subscribe.stream);
  if (outcome.code != 0 || !subscribe.offer) return outcome;
  MediaAnswer answer = plane->Subscribe({room_key_, subscribe.user_id, subscribe.stream}, user_id_, *subscribe.offer);
  if (const auto* refusal = std::get_if<MediaRefusal>(&answer)) return Outcome::Fail(refusal->code, refusal->message);
  outcome.data["type"] = "answer";
  outcome.data["sdp"] = std::get<std::string>(answer);
  return outcome;
}

void Session::ForgetMedia() {
  MediaPlane* plane = service_.media_plane();
  if (!plane || room_key_.empty()) return;
  for (auto stream : {wire::StreamKind::kMain, wire::StreamKind::kAux}) plane->Unpublish({room_key_, user_id_, stream});
  plane->Unsubscribe({room_key_, "", wire::StreamKind::kMain}, user_id_);
}

Outcome Session::InRoom(const char* what) const {
  if (room_key_.empty()) return Outcome::Fail(kNotInRoom, std::string(what) + " before join");
  return Outcome::Ok();
}

}  // namespace trtc::service
