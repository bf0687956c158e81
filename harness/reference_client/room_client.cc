#include "harness/reference_client/room_client.h"

#include <climits>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "harness/common/json_value.h"
#include "harness/wire/json_codec.h"

namespace trtc::refclient {
namespace {

using client::Command;
constexpr auto kRoom = catalog::Family::kRoomEngine;
constexpr auto kRest = catalog::Family::kRest;

}  // namespace

RoomClient::~RoomClient() {
  core_.timers.Cancel(heartbeat_);
  if (channel_) channel_->Close();
}

bool RoomClient::Execute(const Command& c) {
  if (c.operation == "login") return Login(c), true;
  if (c.operation == "logout") return Logout(c), true;
  if (c.operation == "rest") return Rest(c), true;
  if (c.operation.rfind("room.", 0) == 0) return Operation(c), true;
  return false;
}

void RoomClient::Login(const Command& c) {
  if (channel_) channel_->Close();
  logged_in_ = false;
  core_.FailOutstanding("roomengine", kRoom, -1, "interrupted by a new login", c.id);
  channel_ = std::make_shared<Channel>(
      core_, core_.config.signaling_url,
      Channel::Handlers{[this](const wire::Push& push) { core_.Event(push.event, push.data); },
                        [this](int) { logged_in_ = false; }});
  channel_->Open([this, c](bool ok) {
    if (!ok) return core_.Fail(c, kRoom, -1);
    wire::Hello hello{std::string(wire::kProtocolName), ValueOr<std::uint64_t>(c.args, "sdkAppId", 0),
                      StringOr(c.args, "userId"), StringOr(c.args, "userSig")};
    channel_->Request(
        hello,
        [this, c](Reply reply) {
          if (reply.ok()) {
            logged_in_ = true;
            Heartbeat();
            return core_.Succeed(c, reply.data);
          }
          // An unknown or mismatched SDKAppID is -1000; other account failures are -1 with the
          // account code as extra code (RoomEngine documents no account codes of its own).
          const bool app = reply.code == -8 || reply.code == 70020 || reply.code == 70014;
          if (app) return core_.Fail(c, kRoom, -1000);
          core_.Fail(c, kRoom, -1, reply.server_code());
        },
        core_.timing.request_timeout_ms);
  });
}

void RoomClient::Heartbeat() {
  heartbeat_ = core_.timers.After(core_.timing.heartbeat_ms, [this] {
    heartbeat_ = 0;
    if (!channel_ || !channel_->open()) return;
    channel_->Request(wire::Heartbeat{}, nullptr);
    Heartbeat();
  });
}

void RoomClient::Logout(const Command& c) {
  core_.timers.Cancel(heartbeat_);
  if (channel_) channel_->Close();
  channel_.reset();
  logged_in_ = false;
  core_.FailOutstanding("roomengine", kRoom, -1, "interrupted by logout", c.id);
  core_.Succeed(c);
}

// What opening a local device reports, before anything is asked of the server.
std::optional<int> RoomClient::OpenLocalDevice(const std::string& device) const {
  const auto& platform = core_.platform;
  if (device != "screen" && platform.permissions_denied) return -1003;
  if (device == "screen") {
    if (platform.screen == DeviceState::kOk) return std::nullopt;
    return -1108;
  }
  const bool camera = device == "camera";
  switch (camera ? platform.camera : platform.microphone) {
    case DeviceState::kOk:
      return std::nullopt;
    case DeviceState::kNotAllowed:
      return camera ? -1101 : -1105;
    case DeviceState::kNotReadable:
      return camera ? -1102 : -1106;
    case DeviceState::kMissing:
      return camera ? -1103 : -1107;
    default:
      return camera ? -1100 : -1104;
  }
}

void RoomClient::Operation(const Command& c) {
  if (!logged_in_ || !channel_) return core_.Fail(c, kRoom, -1002);
  if (c.operation == "room.open-device" && !ValueOr<bool>(c.args, "apply", false)) {
    if (auto code = OpenLocalDevice(StringOr(c.args, "device", "microphone"))) return core_.Fail(c, kRoom, *code);
  }
  Send(c);
}

void RoomClient::Send(const Command& c) {
  // The arguments are the request's data: the wire codec checks them as the server would.
  auto frame = wire::ParseClientFrame(nlohmann::json{{"type", c.operation}, {"seq", 1}, {"data", c.args}}.dump());
  if (!std::holds_alternative<wire::ClientFrame>(frame)) return core_.Fail(c, kRoom, -1001);
  channel_->Request(
      std::get<wire::ClientFrame>(frame).request,
      [this, c](Reply reply) {
        if (reply.kind == Reply::Kind::kProtocolError) return core_.Fail(c, kRoom, -1001);
        if (reply.kind != Reply::Kind::kResponse) return core_.Fail(c, kRoom, -1);
        if (reply.code != 0) return core_.Fail(c, kRoom, reply.code);
        core_.Succeed(c, reply.data);
      },
      core_.timing.request_timeout_ms);
}

void RoomClient::Rest(const Command& c) {
  std::string target = core_.config.rest_url + "/v4/room_engine_http_srv/" + StringOr(c.args, "command");
  char separator = '?';
  const json query = c.args.contains("query") ? c.args["query"] : json::object();
  for (const auto& [key, value] : query.items()) {
    auto text = value.is_string() ? value.get<std::string>() : value.dump();
    target += separator + key + "=" + boost::urls::encode(text, boost::urls::unreserved_chars);
    separator = '&';
  }
  const json body = c.args.contains("body") ? c.args["body"] : json::object();
  Post(c, std::move(target), body.is_string() ? body.get<std::string>() : body.dump());
}

void RoomClient::Post(const Command& c, std::string target, std::string body) {
  HttpPost(core_.loop, target, body, [this, alive = std::weak_ptr<bool>(alive_), c, target, body](HttpReply reply) {
    if (alive.expired()) return;
    auto envelope = json::parse(reply.body, nullptr, false);
    if (!envelope.is_object() || !envelope.contains("ErrorCode") || !envelope["ErrorCode"].is_number_integer())
      return core_.Fail(c, kRest, -1);
    const auto code = envelope["ErrorCode"].get<std::int64_t>();
    const bool status_ok = StringOr(envelope, "ActionStatus") == "OK";
    if (code == 0 && status_ok) return core_.Succeed(c, envelope);
    RepeatThenFail(c, target, body, core_.misbehaviour.repeats_after_refusal, code);
  });
}

// The refused call sent again `repeats` times at once (broken variants only), then the
// refusal surfaced.
void RoomClient::RepeatThenFail(const Command& c, std::string target, std::string body, int repeats,
                                std::int64_t code) {
  if (repeats > 0) {
    HttpPost(core_.loop, target, body,
             [this, alive = std::weak_ptr<bool>(alive_), c, target, body, repeats, code](HttpReply) {
               if (!alive.expired()) RepeatThenFail(c, target, body, repeats - 1, code);
             });
    return;
  }
  // An envelope that contradicts itself (FAIL with code 0), or a code no int holds, says
  // nothing documented: -1, as an unreadable one.
  if (code == 0 || code < INT_MIN || code > INT_MAX) return core_.Fail(c, kRest, -1, {}, "inconsistent envelope");
  core_.Fail(c, kRest, static_cast<int>(code));
}

}  // namespace trtc::refclient
