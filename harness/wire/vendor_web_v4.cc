#include "harness/wire/vendor_web_v4.h"

#include <array>
#include <charconv>

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "harness/webrtc/sdp.h"
#include "harness/wire/field_reader.h"
#include "harness/wire/json_codec.h"

namespace trtc::wire::vendor {
namespace {

using nlohmann::json;

// Commands of trtc-js-sdk 4.15.22 that have no server side here: accepted without an
// answer (the SDK's own timeout answers those that wait for one).
constexpr std::array<std::string_view, 14> kUnansweredCommands = {"mute_uplink",
                                                                  "publish_change",
                                                                  "publish_state_change",
                                                                  "subscribe_change",
                                                                  "start_publishing",
                                                                  "stop_publishing",
                                                                  "start_push_user_cdn",
                                                                  "stop_push_user_cdn",
                                                                  "start_mcu_mix",
                                                                  "stop_mcu_mix",
                                                                  "update_constraint_config",
                                                                  "connect_other_room",
                                                                  "update_other_room_forward_mode",
                                                                  "disconnect_other_room"};

ProtocolError Error(ProtocolErrorCode code, std::string field, std::string message) {
  return ProtocolError{std::nullopt, code, std::move(field), std::move(message)};
}

// JavaScript senders write null for "not set": such fields count as absent.
json WithoutNulls(const json& object) {
  json out = json::object();
  for (const auto& [key, value] : object.items())
    if (!value.is_null()) out[key] = value;
  return out;
}

std::optional<std::int64_t> DecimalInteger(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::variant<Role, ProtocolError> RoleOf(std::int64_t number, const std::string& field) {
  if (number == kAnchorRole) return Role::kAnchor;
  if (number == kAudienceRole) return Role::kAudience;
  return Error(ProtocolErrorCode::kInvalidValue, field, field + " must be 20 (anchor) or 21 (audience)");
}

std::variant<RoomId, ProtocolError> RoomIdOf(const std::string& text, bool use_string, const std::string& field) {
  if (use_string) return RoomId{text};
  if (auto number = DecimalInteger(text)) return RoomId{*number};
  return Error(ProtocolErrorCode::kInvalidValue, field,
               field + " must be a decimal integer when useStringRoomId is false");
}

std::variant<Request, ProtocolError> ReadJoin(const json& data) {
  std::string room_text;
  bool use_string = false;
  std::optional<std::string> private_map_key;
  std::int64_t role = kAnchorRole;
  FieldReader reader(data, "/data");
  reader("roomId", room_text, kRequired);
  reader("useStringRoomId", use_string, kOptional);
  reader("privateMapKey", private_map_key, kOptional);
  reader("trtcRole", role, kOptional);
  for (std::string_view descriptive : {"trtcScene", "sdpSemantics", "version", "ua", "autoSubscribe", "terminalType",
                                       "netType", "bussinessInfo", "receiveMix", "pushUserCdnInfo"})
    reader.Allow(descriptive);
  reader.RejectUnknownFields();
  if (reader.error()) return *reader.error();
  auto room = RoomIdOf(room_text, use_string, "data.roomId");
  if (auto* error = std::get_if<ProtocolError>(&room)) return *error;
  auto parsed_role = RoleOf(role, "data.trtcRole");
  if (auto* error = std::get_if<ProtocolError>(&parsed_role)) return *error;
  return Join{std::get<RoomId>(room), std::get<Role>(parsed_role), std::move(private_map_key)};
}

// The SDP offer of a publish or subscribe: parsed and checked here, at the boundary.
std::variant<std::shared_ptr<const webrtc::sdp::SessionDescription>, ProtocolError> ReadOffer(const std::string& text) {
  auto parsed = webrtc::sdp::ParseOffer(text);
  if (const auto* error = std::get_if<webrtc::sdp::ParseError>(&parsed))
    return Error(ProtocolErrorCode::kInvalidValue, "data.sdp",
                 "data.sdp line " + std::to_string(error->line) + " (" + error->field + "): " + error->reason);
  return std::make_shared<const webrtc::sdp::SessionDescription>(std::move(std::get<0>(parsed)));
}

std::variant<Request, ProtocolError> ReadPublish(const json& data) {
  std::string type;
  std::string sdp;
  bool screen = false;
  FieldReader reader(data, "/data");
  reader("type", type, kRequired);
  reader("sdp", sdp, kRequired);
  reader("screen", screen, kOptional);
  for (std::string_view other : {"state", "constraintConfig"}) reader.Allow(other);
  reader.RejectUnknownFields();
  if (reader.error()) return *reader.error();
  if (type != "offer") return Error(ProtocolErrorCode::kInvalidValue, "data.type", "data.type must be \"offer\"");
  auto state = data.find("state");
  if (state == data.end() || !state->is_object())
    return Error(ProtocolErrorCode::kMissingField, "data.state", "data.state (the tracks published) is required");
  bool audio = false, big = false, small = false, aux = false;
  const json track_state = WithoutNulls(*state);
  FieldReader tracks(track_state, "/data/state");
  tracks("audio", audio, kOptional);
  tracks("bigVideo", big, kOptional);
  tracks("smallVideo", small, kOptional);
  tracks("auxVideo", aux, kOptional);
  tracks.RejectUnknownFields();
  if (tracks.error()) return *tracks.error();
  auto offer = ReadOffer(sdp);
  if (auto* error = std::get_if<ProtocolError>(&offer)) return *error;
  return Publish{screen ? StreamKind::kAux : StreamKind::kMain, audio, big || aux,
                 std::get<std::shared_ptr<const webrtc::sdp::SessionDescription>>(std::move(offer))};
}

// The SDK subscribes to a user's main stream (audio, main and aux video sections in one
// offer); the flags say which of them it wants.
std::variant<Request, ProtocolError> ReadSubscribe(const json& data) {
  std::string type;
  std::string sdp;
  std::string user_id;
  FieldReader reader(data, "/data");
  reader("type", type, kRequired);
  reader("sdp", sdp, kRequired);
  reader("srcUserId", user_id, kRequired);
  for (std::string_view other : {"srcTinyId", "audio", "bigVideo", "auxVideo", "smallVideo"}) reader.Allow(other);
  reader.RejectUnknownFields();
  if (reader.error()) return *reader.error();
  if (type != "offer") return Error(ProtocolErrorCode::kInvalidValue, "data.type", "data.type must be \"offer\"");
  auto offer = ReadOffer(sdp);
  if (auto* error = std::get_if<ProtocolError>(&offer)) return *error;
  return Subscribe{user_id, StreamKind::kMain,
                   std::get<std::shared_ptr<const webrtc::sdp::SessionDescription>>(std::move(offer))};
}

std::variant<Request, ProtocolError> ReadUnsubscribe(const json& data) {
  std::string user_id;
  FieldReader reader(data, "/data");
  reader("srcUserId", user_id, kRequired);
  reader.Allow("srcTinyId");
  reader.RejectUnknownFields();
  if (reader.error()) return *reader.error();
  return Unsubscribe{user_id, StreamKind::kMain};
}

std::variant<Request, ProtocolError> ReadChangeRole(const json& data) {
  std::int64_t role = 0;
  std::optional<std::string> private_map_key;
  FieldReader reader(data, "/data");
  reader("role", role, kRequired);
  reader("privateMapKey", private_map_key, kOptional);
  reader.RejectUnknownFields();
  if (reader.error()) return *reader.error();
  auto parsed_role = RoleOf(role, "data.role");
  if (auto* error = std::get_if<ProtocolError>(&parsed_role)) return *error;
  return SwitchRole{std::get<Role>(parsed_role), std::move(private_map_key)};
}

std::string Frame(int cmd, int code, const std::string& message, std::uint32_t seq, std::uint64_t tiny_id, json data) {
  json out{{"cmd", cmd}, {"code", code},      {"message", message},
           {"seq", seq}, {"tinyId", tiny_id}, {"data", std::move(data)}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::int64_t RoleNumber(const json& role) { return role == "audience" ? kAudienceRole : kAnchorRole; }

}  // namespace

std::variant<ConnectQuery, ProtocolError> ParseConnectQuery(std::string_view query) {
  // Boost.URL 1.81's parse_query reads the query through `const char*`, up to a NUL (the fuzz
  // target found it reading past a query that ends where its view ends): it gets a copy that
  // has one.
  const std::string text(query);
  if (!boost::urls::parse_query(text))
    return Error(ProtocolErrorCode::kInvalidValue, "query", "the URL query is not well formed");
  std::map<std::string, std::string> values;
  for (const auto& param : boost::urls::params_view(text)) {  // well formed: does not throw
    const std::string& key = param.key;
    // A reconnection URL repeats roomId (the SDK appends it again): the same value twice is fine.
    auto [it, added] = values.emplace(key, param.value);
    if (!added && it->second != param.value)
      return Error(ProtocolErrorCode::kInvalidValue, "query." + key, "query." + key + " is given twice, differently");
  }
  auto value = [&](const char* key) -> const std::string* {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
  };
  for (const char* key : {"sdkAppId", "userId", "userSig"})
    if (!value(key))
      return Error(ProtocolErrorCode::kMissingField, std::string("query.") + key,
                   std::string("query.") + key + " is required");
  ConnectQuery out;
  out.hello.protocol = std::string(kProtocolName);
  auto app = DecimalInteger(*value("sdkAppId"));
  if (!app || *app < 0)
    return Error(ProtocolErrorCode::kInvalidValue, "query.sdkAppId", "query.sdkAppId must be a decimal integer");
  out.hello.sdk_app_id = static_cast<std::uint64_t>(*app);
  out.hello.user_id = *value("userId");
  out.hello.user_sig = *value("userSig");
  if (const auto* rc = value("rc"); rc && *rc == "1") {
    const auto* room = value("roomId");
    if (!room)
      return Error(ProtocolErrorCode::kMissingField, "query.roomId", "a reconnection (rc=1) needs query.roomId");
    const auto* use_string = value("useStringRoomId");
    auto room_id = RoomIdOf(*room, use_string && *use_string == "true", "query.roomId");
    if (auto* error = std::get_if<ProtocolError>(&room_id)) return *error;
    out.rejoin = Join{std::get<RoomId>(room_id), Role::kAnchor, std::nullopt};
  }
  return out;
}

Parsed Connection::Parse(std::string_view text) {
  if (text.size() > kMaxFrameBytes)
    return Error(
        ProtocolErrorCode::kFrameTooLarge, "",
        "frame of " + std::to_string(text.size()) + " bytes exceeds the limit of " + std::to_string(kMaxFrameBytes));
  if (!NestingWithinLimit(text)) return Error(ProtocolErrorCode::kMalformedJson, "", "JSON nested too deep");
  json frame = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded()) return Error(ProtocolErrorCode::kMalformedJson, "", "frame is not valid JSON");
  if (!frame.is_object()) return Error(ProtocolErrorCode::kMalformedJson, "", "frame is not a JSON object");
  frame = WithoutNulls(frame);
  std::string cmd;
  std::uint64_t seq64 = 0;
  FieldReader envelope(frame, "");
  envelope("cmd", cmd, kRequired);
  envelope("seq", seq64, kRequired);
  for (std::string_view other : {"data", "userId", "tinyId"}) envelope.Allow(other);
  envelope.RejectUnknownFields();
  if (envelope.error()) return *envelope.error();
  // The SDK counts from 1; 0 is the server's own (the sign-in the URL stands for).
  if (seq64 == 0 || seq64 > std::numeric_limits<std::uint32_t>::max())
    return Error(ProtocolErrorCode::kInvalidValue, "seq", "seq must be between 1 and 4294967295");
  const auto seq = static_cast<std::uint32_t>(seq64);
  auto with_seq = [seq](ProtocolError error) -> Parsed {
    error.seq = seq;
    return error;
  };
  json data = json::object();
  if (auto it = frame.find("data"); it != frame.end()) {
    if (!it->is_object()) return with_seq(Error(ProtocolErrorCode::kWrongType, "data", "data must be an object"));
    data = WithoutNulls(*it);
  }
  std::variant<Request, ProtocolError> request = ProtocolError{};
  if (cmd == "join")
    request = ReadJoin(data);
  else if (cmd == "leave")
    request = Leave{};
  else if (cmd == "quality_report")
    request = Heartbeat{};  // the SDK's heartbeat, every 2 s once joined (its data are statistics)
  else if (cmd == "publish")
    request = ReadPublish(data);
  else if (cmd == "unpublish")
    request = Unpublish{};
  else if (cmd == "subscribe")
    request = ReadSubscribe(data);
  else if (cmd == "unsubscribe")
    request = ReadUnsubscribe(data);
  else if (cmd == "change_role")
    request = ReadChangeRole(data);
  else if (cmd == "get_user_list")
    return Local{seq, cmd, UserList(seq)};
  else if (std::find(kUnansweredCommands.begin(), kUnansweredCommands.end(), cmd) != kUnansweredCommands.end())
    return Local{seq, cmd, std::nullopt};
  else
    return with_seq(Error(ProtocolErrorCode::kUnknownType, "cmd", "unknown command '" + cmd + "'"));
  if (auto* error = std::get_if<ProtocolError>(&request)) return with_seq(std::move(*error));
  return ClientFrame{seq, std::move(std::get<Request>(request))};
}

std::optional<std::string> Connection::Encode(const ServerMessage& message) {
  if (const auto* response = std::get_if<Response>(&message)) return EncodeResponse(*response);
  if (const auto* push = std::get_if<Push>(&message)) return EncodePush(*push);
  const auto& error = std::get<ProtocolError>(message);
  return Frame(kProtocolErrorCmd, static_cast<int>(error.code), error.message, error.seq.value_or(0), tiny_id_,
               json{{"reason", ProtocolErrorName(error.code)}, {"field", error.field}});
}

std::optional<std::string> Connection::EncodeResponse(const Response& r) {
  const bool ok = r.code == 0;
  if (r.request_type == "hello") {
    json data = json::object();
    if (ok)
      data = {{"clientIp", "127.0.0.1"},
              {"signalInnerIp", "127.0.0.1"},
              {"svrTime", r.data.value("serverTime", std::int64_t{0})}};
    return Frame(kChannelSetupResult, r.code, r.message, r.seq, tiny_id_, std::move(data));
  }
  if (r.request_type == "join") {
    if (ok)
      for (const auto& member : r.data.value("members", json::array())) {
        const std::string user = member.value("userId", std::string());
        members_.insert(user);
        for (const auto& stream : member.value("streams", json::array()))
          NotePublisher(json{{"userId", user},
                             {"stream", stream.value("stream", "")},
                             {"audio", stream.value("audio", false)},
                             {"video", stream.value("video", false)}},
                        true);
      }
    // seq 0 is the rejoin this connection made for a reconnection (rc=1).
    if (reconnect_ && r.seq == 0) return Frame(kChannelReconnectResult, r.code, r.message, 0, tiny_id_, json::object());
    // The SDK reads data.publishers even from a refusal.
    return Frame(kJoinRoomResult, r.code, r.message, r.seq, tiny_id_, json{{"publishers", Publishers()}});
  }
  if (r.request_type == "leave") {
    members_.clear();
    publishers_.clear();
  }
  // What the SDK reads of a publish or subscribe answer: the SDP answer (docs/vendor-protocol.md).
  if ((r.request_type == "publish" || r.request_type == "subscribe") && ok)
    return Frame(r.request_type == "publish" ? kPublishResult : kSubscribeResult, r.code, r.message, r.seq, tiny_id_,
                 json{{"type", r.data.value("type", "")}, {"sdp", r.data.value("sdp", "")}});
  static const std::map<std::string_view, int> kResultCmd = {{"publish", kPublishResult},
                                                             {"unpublish", kUnpublishResult},
                                                             {"subscribe", kSubscribeResult},
                                                             {"unsubscribe", kUnsubscribeResult},
                                                             {"switch-role", kSwitchRoleResult}};
  auto cmd = kResultCmd.find(r.request_type);
  if (cmd == kResultCmd.end()) return std::nullopt;
  return Frame(cmd->second, r.code, r.message, r.seq, tiny_id_, r.data);
}

std::optional<std::string> Connection::EncodePush(const Push& push) {
  const std::string user = push.data.value("userId", std::string());
  if (push.event == "banned")
    return Frame(kClientBanned, 0, "", 0, tiny_id_,
                 json{{"reason", push.data.value("reason", std::string())},
                      {"message", push.data.value("message", std::string())}});
  if (push.event == "peer-join") {
    members_.insert(user);
    return Frame(
        kPeerJoin, 0, "", 0, tiny_id_,
        json{{"userId", user}, {"srcTinyId", TinyIdOf(user)}, {"role", RoleNumber(push.data.value("role", json()))}});
  }
  if (push.event == "peer-leave") {
    members_.erase(user);
    publishers_.erase(user);
    return Frame(kPeerLeave, 0, "", 0, tiny_id_, json{{"userId", user}, {"srcTinyId", TinyIdOf(user)}, {"reason", 0}});
  }
  if (push.event == "stream-added" || push.event == "stream-removed") {
    // The SDK ignores stream pushes (cmd 16, 18): it reads the whole list of publishers in
    // cmd 23, closing the downlink of anyone the list leaves out.
    NotePublisher(push.data, push.event == "stream-added");
    return Frame(kRemoteStreams, 0, "", 0, tiny_id_, json{{"userList", Publishers()}});
  }
  return std::nullopt;
}

void Connection::NotePublisher(const json& stream_push, bool added) {
  const std::string user = stream_push.value("userId", std::string());
  int bits = stream_push.value("stream", std::string()) == "aux"
                 ? kFlagAuxVideo
                 : (stream_push.value("audio", false) ? kFlagAudio : 0) |
                       (stream_push.value("video", false) ? kFlagBigVideo : 0);
  int& flag = publishers_[user];
  flag = added ? (flag | bits) : (flag & ~bits);
  if (flag == 0) publishers_.erase(user);
}

json Connection::Publishers() const {
  json list = json::array();
  for (const auto& [user, flag] : publishers_)
    list.push_back({{"userId", user}, {"srcTinyId", TinyIdOf(user)}, {"flag", flag}});
  return list;
}

std::string Connection::UserList(std::uint32_t seq) const {
  json users = json::array();
  for (const auto& user : members_)
    users.push_back({{"userId", user}, {"srcTinyId", TinyIdOf(user)}, {"role", kAnchorRole}});
  return Frame(kUserListResult, 0, "", seq, tiny_id_, json{{"userList", std::move(users)}});
}

std::uint64_t TinyIdOf(std::string_view user_id) {
  std::uint32_t hash = 2166136261u;
  for (char c : user_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  hash &= 0x7FFFFFFFu;
  return hash == 0 ? 1 : hash;
}

}  // namespace trtc::wire::vendor
