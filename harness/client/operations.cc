#include "harness/client/operations.h"

#include <algorithm>

#include "harness/wire/json_codec.h"

namespace trtc::client {
namespace {

using nlohmann::json;
using T = ArgType;

const std::vector<std::string_view> kDeviceStates = {"ok",          "missing",         "not-found", "not-readable",
                                                     "not-allowed", "overconstrained", "abort"};

const std::vector<OperationSpec>& Table() {
  static const std::vector<OperationSpec> table = [] {
    std::vector<OperationSpec> ops = {
        // Web SDK v4 client
        {"create-client",
         "web-v4",
         "TRTC.createClient: who the client is",
         {{"sdkAppId", T::kInteger, true},
          {"userId", T::kString, true},
          {"userSig", T::kString, true},
          {"useStringRoomId", T::kBoolean}}},
        {"join",
         "web-v4",
         "client.join: signaling setup (hello) then join, within the join timeout",
         {{"roomId", T::kRoomId}, {"role", T::kString, false, {"anchor", "audience"}}, {"privateMapKey", T::kString}}},
        {"leave", "web-v4", "client.leave", {}},
        {"init-local-stream",
         "web-v4",
         "LocalStream.initialize: capture camera and microphone",
         {{"audio", T::kBoolean}, {"video", T::kBoolean}}},
        {"publish", "web-v4", "client.publish of the local stream: signaling, ICE (STUN), media channel", {}},
        {"unpublish", "web-v4", "client.unpublish", {}},
        {"subscribe", "web-v4", "client.subscribe of a remote stream", {{"userId", T::kString, true}}},
        {"unsubscribe", "web-v4", "client.unsubscribe", {{"userId", T::kString, true}}},
        {"play", "web-v4", "RemoteStream.play (autoplay policy applies)", {{"userId", T::kString, true}}},
        {"resume", "web-v4", "RemoteStream.resume after a user gesture", {{"userId", T::kString, true}}},
        {"switch-role",
         "web-v4",
         "client.switchRole",
         {{"role", T::kString, true, {"anchor", "audience"}}, {"privateMapKey", T::kString}}},
        {"start-cdn", "web-v4", "client.startPublishCDNStream", {{"streamId", T::kString, true}}},
        {"stop-cdn", "web-v4", "client.stopPublishCDNStream", {}},
        {"start-mix", "web-v4", "client.startMixTranscode", {{"outputStreamId", T::kString, true}}},
        {"stop-mix", "web-v4", "client.stopMixTranscode", {}},
        // RoomEngine
        {"login",
         "roomengine",
         "TUIRoomEngine.login",
         {{"sdkAppId", T::kInteger, true}, {"userId", T::kString, true}, {"userSig", T::kString, true}}},
        {"logout", "roomengine", "TUIRoomEngine.logout", {}},
        // REST
        {"rest",
         "rest",
         "one REST API call: POST /v4/room_engine_http_srv/<command>?<query>",
         {{"command", T::kString, true}, {"query", T::kObject}, {"body", T::kStringOrObject}}},
        // Platform (what the client's platform layer reports)
        {"platform",
         "platform",
         "set what the platform layer reports from now on",
         {{"camera", T::kString, false, kDeviceStates},
          {"microphone", T::kString, false, kDeviceStates},
          {"screen", T::kString, false, kDeviceStates},
          {"permissions", T::kString, false, {"granted", "denied"}},
          {"autoplay", T::kString, false, {"allowed", "blocked"}},
          {"h264", T::kBoolean},
          {"browser", T::kString, false, {"supported", "unsupported"}},
          {"createOffer", T::kString, false, {"ok", "fail"}},
          {"network", T::kString, false, {"online", "offline"}}}},
        {"device-lost",
         "platform",
         "a capturing device goes away mid-call",
         {{"device", T::kString, true, {"camera", "microphone"}}, {"recovers", T::kBoolean, true}}},
        // Harness
        {"advance-clock",
         "harness",
         "move the client's clock; due timers fire before the result",
         {{"ms", T::kInteger, true}}},
        {"sync", "harness", "answers once every observation before it has been reported", {}},
    };
    for (std::string_view room_op :
         {"room.create", "room.enter", "room.exit", "room.destroy", "room.change-role", "room.take-seat",
          "room.leave-seat", "room.lock-seat", "room.open-device", "room.disable-all", "room.mute-user",
          "room.send-message", "room.kick-user", "room.get-user", "room.cancel-request", "room.respond-request"}) {
      ops.push_back(
          {room_op, "roomengine", "the RoomEngine operation of the same name (docs/protocol.md 6)", {}, true});
    }
    return ops;
  }();
  return table;
}

bool HasType(const json& v, ArgType type) {
  switch (type) {
    case T::kString:
      return v.is_string();
    case T::kInteger:
      return v.is_number_integer();
    case T::kBoolean:
      return v.is_boolean();
    case T::kObject:
      return v.is_object();
    case T::kRoomId:
      return v.is_number_integer() || v.is_string();
    case T::kStringOrObject:
      return v.is_string() || v.is_object();
    case T::kStringList:
      return v.is_array() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); });
  }
  return false;
}

std::string_view TypeText(ArgType type) {
  switch (type) {
    case T::kString:
      return "a string";
    case T::kInteger:
      return "an integer";
    case T::kBoolean:
      return "a boolean";
    case T::kObject:
      return "an object";
    case T::kRoomId:
      return "an integer or a string";
    case T::kStringOrObject:
      return "a string or an object";
    case T::kStringList:
      return "an array of strings";
  }
  return "";
}

std::optional<ArgProblem> CheckWireArgs(const OperationSpec& operation, const json& args) {
  json frame = {{"type", operation.name}, {"seq", 1}, {"data", args}};
  auto parsed = wire::ParseClientFrame(frame.dump());
  if (auto* error = std::get_if<wire::ProtocolError>(&parsed)) {
    std::string field = error->field.rfind("data.", 0) == 0 ? "args." + error->field.substr(5) : "args";
    return ArgProblem{field, error->message};
  }
  return std::nullopt;
}

}  // namespace

std::span<const OperationSpec> AllOperations() { return Table(); }

const OperationSpec* FindOperation(std::string_view name) {
  const auto& table = Table();
  auto it = std::find_if(table.begin(), table.end(), [&](const OperationSpec& op) { return op.name == name; });
  return it == table.end() ? nullptr : &*it;
}

std::optional<ArgProblem> CheckArgs(const OperationSpec& operation, const json& args) {
  if (!args.is_object()) return ArgProblem{"args", "must be an object"};
  if (operation.wire_args) return CheckWireArgs(operation, args);
  for (const auto& item : args.items()) {
    const std::string& key = item.key();
    const auto& value = item.value();
    auto spec =
        std::find_if(operation.args.begin(), operation.args.end(), [&](const ArgSpec& a) { return a.name == key; });
    if (spec == operation.args.end())
      return ArgProblem{"args." + key, "is not an argument of " + std::string(operation.name)};
    if (!HasType(value, spec->type)) return ArgProblem{"args." + key, "must be " + std::string(TypeText(spec->type))};
    if (!spec->one_of.empty() &&
        std::find(spec->one_of.begin(), spec->one_of.end(), value.get<std::string>()) == spec->one_of.end()) {
      std::string all;
      for (auto v : spec->one_of) all += (all.empty() ? "" : ", ") + std::string(v);
      return ArgProblem{"args." + key, "must be one of " + all};
    }
  }
  for (const auto& spec : operation.args) {
    if (spec.required && !args.contains(spec.name))
      return ArgProblem{"args." + std::string(spec.name), "is required by " + std::string(operation.name)};
  }
  return std::nullopt;
}

}  // namespace trtc::client
