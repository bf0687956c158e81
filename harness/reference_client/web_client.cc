#include "harness/reference_client/web_client.h"
#include "harness/common/json_value.h"

#include <array>

#include "harness/client/documented_error.h"
#include "harness/stun/stun.h"

namespace trtc::refclient {
namespace {

using client::Command;
constexpr auto kWeb = catalog::Family::kWebV4;

int Sdk(std::string_view key) { return client::SdkCode(key).value_or(0xFFFF); }

// A binding request without attributes: all an ICE connectivity check needs here.
std::string BindingRequest(std::uint32_t n) {
  std::string datagram(20, '\0');
  datagram[1] = static_cast<char>(stun::kBindingRequest);
  for (int i = 0; i < 4; ++i)
    datagram[static_cast<std::size_t>(4 + i)] = static_cast<char>((stun::kMagicCookie >> (24 - 8 * i)) & 0xff);
  for (int i = 0; i < 4; ++i) datagram[static_cast<std::size_t>(16 + i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  return datagram;
}

}  // namespace

WebClient::~WebClient() { ResetRoomState(); }

bool WebClient::Execute(const Command& c) {
  const auto& op = c.operation;
  if (op == "create-client") return CreateClient(c), true;
  if (op == "join") return Join(c), true;
  if (op == "leave") return Leave(c), true;
  if (op == "init-local-stream") return InitLocalStream(c), true;
  if (op == "publish") return Publish(c), true;
  if (op == "unpublish") return Unpublish(c), true;
  if (op == "subscribe") return Subscribe(c), true;
  if (op == "unsubscribe") return Unsubscribe(c), true;
  if (op == "play") return Play(c, false), true;
  if (op == "resume") return Play(c, true), true;
  if (op == "switch-role") return SwitchRole(c), true;
  if (op == "start-cdn")
    return RoomRequest(c, wire::StartCdn{StringOr(c.args, "streamId")}, "START_PUBLISH_CDN_FAILED"), true;
  if (op == "stop-cdn") return RoomRequest(c, wire::StopCdn{}, "STOP_PUBLISH_CDN_FAILED"), true;
  if (op == "start-mix")
    return RoomRequest(c, wire::StartMix{StringOr(c.args, "outputStreamId")}, "START_MIX_TRANSCODE_FAILED"), true;
  if (op == "stop-mix") return RoomRequest(c, wire::StopMix{}, "STOP_MIX_TRANSCODE_FAILED"), true;
  if (op == "device-lost") return DeviceLost(c), true;
  return false;
}

void WebClient::CreateClient(const Command& c) {
  if (joining_ || joined_) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  sdk_app_id_ = ValueOr<std::uint64_t>(c.args, "sdkAppId", 0);
  user_id_ = StringOr(c.args, "userId");
  user_sig_ = StringOr(c.args, "userSig");
  string_room_id_ = ValueOr<bool>(c.args, "useStringRoomId", false);
  if (user_id_.empty()) return core_.Fail(c, kWeb, Sdk("INVALID_PARAMETER"));
  created_ = true;
  core_.Succeed(c);
}

bool WebClient::RequireJoined(const Command& c) {
  if (joined_) return true;
  core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  return false;
}

// --- join ------------------------------------------------------------------------------

void WebClient::Join(const Command& c) {
  if (!created_ || joining_ || joined_) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  if (!core_.platform.browser_supported) return core_.Fail(c, kWeb, Sdk("NOT_SUPPORTED"));
  auto room = c.args.find("roomId");
  if (room == c.args.end() || (string_room_id_ ? !room->is_string() : !room->is_number_integer()))
    return core_.Fail(c, kWeb, Sdk("INVALID_PARAMETER"));
  room_id_ = room->is_string() ? wire::RoomId(room->get<std::string>()) : wire::RoomId(room->get<std::int64_t>());
  role_ = StringOr(c.args, "role", "anchor") == "audience" ? wire::Role::kAudience : wire::Role::kAnchor;
  private_map_key_.reset();
  if (c.args.contains("privateMapKey")) private_map_key_ = c.args["privateMapKey"].get<std::string>();
  joining_ = true;
  join_timer_ = core_.timers.After(core_.timing.join_timeout_ms,
                                   [this, c] { JoinFailed(c, "JOIN_ROOM_FAILED", std::nullopt, "join room timeout"); });
  Connect(c);
}

std::shared_ptr<Channel> WebClient::NewChannel() {
  auto self_ref = std::make_shared<std::weak_ptr<Channel>>();
  auto channel = std::make_shared<Channel>(core_, core_.config.signaling_url,
                                           Channel::Handlers{[this](const wire::Push& push) { OnPush(push); },
                                                             [this, self_ref](int close_code) {
                                                               if (self_ref->lock() == channel_)
                                                                 OnSignalLost(close_code);
                                                             }});
  *self_ref = channel;
  return channel;
}

wire::Hello WebClient::HelloRequest() const {
  return {std::string(wire::kProtocolName), sdk_app_id_, user_id_, user_sig_};
}

wire::Join WebClient::JoinRequest() const { return {room_id_, role_, private_map_key_}; }

void WebClient::Connect(const Command& c) {
  channel_ = NewChannel();
  channel_->Open([this, c](bool ok) {
    if (!joining_) return;
    if (!ok)
      return JoinFailed(c, "SIGNAL_CAHNNEL_SETUP_FAILED", std::nullopt,
                        "failed to connect to remote server via websocket");
    Hello(c);
  });
}

void WebClient::Hello(const Command& c) {
  channel_->Request(HelloRequest(), [this, c](Reply reply) {
    if (!joining_) return;
    if (reply.kind == Reply::Kind::kClosed)
      return JoinFailed(c, "SIGNAL_CAHNNEL_SETUP_FAILED", std::nullopt,
                        "failed to connect to remote server via websocket");
    if (reply.kind != Reply::Kind::kResponse) return JoinFailed(c, "SIGNAL_CHANNEL_ERROR", std::nullopt, "");
    if (reply.code != 0)
      return JoinFailed(c, "SIGNAL_CAHNNEL_SETUP_FAILED", reply.code,
                        reply.code == -100018 ? "-100018 get tinyid error" : "");
    session_id_ = ValueOr<std::uint64_t>(reply.data, "sessionId", 0);
    SendJoin(c);
  });
}

void WebClient::SendJoin(const Command& c) {
  channel_->Request(JoinRequest(), [this, c](Reply reply) {
    if (!joining_) return;
    if (reply.kind != Reply::Kind::kResponse) return JoinFailed(c, "SIGNAL_CHANNEL_ERROR", std::nullopt, "");
    if (reply.code != 0) return JoinFailed(c, "JOIN_ROOM_FAILED", reply.code, reply.code == 10006 ? "10006 error" : "");
    joining_ = false;
    joined_ = true;
    core_.timers.Cancel(join_timer_);
    StartHeartbeat();
    core_.Event("connection-state-changed", {{"state", "CONNECTED"}});
    core_.Succeed(c, reply.data);
  });
}

void WebClient::JoinFailed(const Command& c, std::string_view key, std::optional<int> extra, std::string reason) {
  joining_ = false;
  core_.timers.Cancel(join_timer_);
  if (channel_) channel_->Close();
  channel_.reset();
  core_.Fail(c, kWeb, Sdk(key), extra, std::move(reason));
}

void WebClient::StartHeartbeat() {
  core_.timers.Cancel(heartbeat_);
  heartbeat_ = core_.timers.After(core_.timing.heartbeat_ms, [this] {
    heartbeat_ = 0;
    if (channel_ && channel_->open()) channel_->Request(wire::Heartbeat{}, nullptr);
    StartHeartbeat();
  });
}

void WebClient::Leave(const Command& c) {
  if (!joined_) return core_.Succeed(c);
  channel_->Request(
      wire::Leave{},
      [this, c](Reply reply) {
        EndRoom("interrupted: the client left the room", c.id);
        core_.Event("connection-state-changed", {{"state", "DISCONNECTED"}});
        if (reply.kind == Reply::Kind::kResponse && reply.code != 0)
          return core_.Fail(c, kWeb, Sdk("UNKOWN"), reply.code);
        core_.Succeed(c);
      },
      core_.timing.join_timeout_ms);
}

void WebClient::EndRoom(std::string reason, std::uint64_t ending_command_id) {
  ResetRoomState();
  core_.FailOutstanding("web-v4", kWeb, Sdk("INVALID_OPERATION"), std::move(reason), ending_command_id);
}

void WebClient::ResetRoomState() {
  joined_ = joining_ = false;
  core_.timers.Cancel(join_timer_);
  core_.timers.Cancel(heartbeat_);
  core_.timers.Cancel(ice_timer_);
  if (cancel_stun_) std::exchange(cancel_stun_, nullptr)();
  for (auto* reconnect : {&signal_reconnect_, &uplink_reconnect_}) {
    if (*reconnect) (*reconnect)->Cancel();
    reconnect->reset();
  }
  for (auto& [user, reconnect] : downlink_reconnects_) reconnect->Cancel();
  downlink_reconnects_.clear();
  for (auto* channel : {&channel_, &attempt_channel_}) {
    if (*channel) (*channel)->Close();
    channel->reset();
  }
  if (uplink_) uplink_->Close();
  uplink_.reset();
  publish_ = PublishState::kNone;
  for (auto& [user, sub] : subscriptions_) {
    if (sub.link) sub.link->Close();
  }
  subscriptions_.clear();
}

// --- signaling loss and reconnection -----------------------------------------------------

void WebClient::OnPush(const wire::Push& push) {
  if (push.event != "banned") return core_.Event(push.event, push.data);
  core_.Error(kWeb, Sdk("CLIENT_BANNED"), std::nullopt, "", "");
  core_.Event("client-banned",
              {{"reason", StringOr(push.data, "reason")}, {"message", StringOr(push.data, "message")}});
  EndRoom("interrupted: the client was banned");
}

void WebClient::OnSignalLost(int close_code) {
  if (!joined_ || signal_reconnect_) return;
  if (close_code == static_cast<int>(wire::CloseCode::kKicked)) return EndRoom("interrupted: the client was kicked");
  core_.timers.Cancel(heartbeat_);
  core_.Event("connection-state-changed", {{"state", "RECONNECTING"}});
  signal_reconnect_ = std::make_shared<Reconnector>(
      core_, core_.timing.signal_reconnect_windows_ms, core_.timing.signal_reconnect_attempts,
      [this](std::function<void(bool)> done) { ReconnectAttempt(std::move(done)); },
      [this] {
        signal_reconnect_.reset();
        channel_ = std::exchange(attempt_channel_, nullptr);
        StartHeartbeat();
        core_.Event("connection-state-changed", {{"state", "CONNECTED"}});
      },
      [this] {
        core_.Error(kWeb, Sdk("SIGNAL_CHANNEL_RECONNECTION_FAILED"), std::nullopt, "SignalChannel reconnect failed",
                    "");
        core_.Event("connection-state-changed", {{"state", "DISCONNECTED"}});
        EndRoom("interrupted: signaling reconnection failed");
      });
  signal_reconnect_->Start();
}

void WebClient::ReconnectAttempt(std::function<void(bool)> done) {
  if (attempt_channel_) attempt_channel_->Close();
  auto channel = NewChannel();
  attempt_channel_ = channel;
  std::weak_ptr<Channel> weak = channel;
  channel->Open([this, weak, done](bool ok) {
    auto ch = weak.lock();
    if (!ok || !ch) return done(false);
    ch->Request(HelloRequest(), [this, weak, done](Reply hello) {
      auto ch2 = weak.lock();
      if (!hello.ok() || !ch2) return done(false);
      session_id_ = ValueOr<std::uint64_t>(hello.data, "sessionId", 0);
      ch2->Request(JoinRequest(), [done](Reply join) { done(join.ok()); });
    });
  });
}

// --- local stream and devices ------------------------------------------------------------

void WebClient::InitLocalStream(const Command& c) {
  const bool audio = ValueOr<bool>(c.args, "audio", true), video = ValueOr<bool>(c.args, "video", true);
  auto& platform = core_.platform;
  if (platform.permissions_denied) return core_.Fail(c, kWeb, Sdk("INITIALIZE_FAILED"), {}, "NotAllowedError");
  for (auto [wanted, state] : {std::pair{audio, platform.microphone}, std::pair{video, platform.camera}}) {
    if (!wanted || state == DeviceState::kOk) continue;
    if (state == DeviceState::kMissing) return core_.Fail(c, kWeb, Sdk("DEVICE_NOT_FOUND"));
    return core_.Fail(c, kWeb, Sdk("INITIALIZE_FAILED"), {}, std::string(DomExceptionName(state)));
  }
  local_stream_ = true;
  core_.Succeed(c);
}

void WebClient::DeviceLost(const Command& c) {
  if (!local_stream_) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  const auto device = StringOr(c.args, "device", "camera");
  core_.Event("device-lost", {{"device", device}});
  if (ValueOr<bool>(c.args, "recovers", false)) {
    core_.Event("device-recovered", {{"device", device}});
    return core_.Succeed(c);
  }
  // Auto-recovery re-captures the device; it is gone, so recovery fails.
  core_.platform.Device(device) = DeviceState::kMissing;
  core_.Error(kWeb, Sdk("DEVICE_AUTO_RECOVER_FAILED"), std::nullopt, "", "");
  core_.Succeed(c);
}

// --- publish ---------------------------------------------------------------------------

void WebClient::Publish(const Command& c) {
  if (!RequireJoined(c)) return;
  if (!local_stream_ || role_ == wire::Role::kAudience) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  if (publish_ == PublishState::kPublishing)
    return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"), {},
                      "previous publishing is ongoing, please avoid re-publishing");
  if (publish_ == PublishState::kPublished)
    return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"), {},
                      "duplicate publishing, please unpublish and then re-publish");
  if (!core_.platform.h264) return core_.Fail(c, kWeb, Sdk("NOT_SUPPORTED_H264"));
  if (core_.platform.create_offer_fails) return core_.Fail(c, kWeb, Sdk("CREATE_OFFER_FAILED"));
  publish_ = PublishState::kPublishing;
  channel_->Request(
      wire::Publish{},
      [this, c](Reply reply) {
        if (publish_ != PublishState::kPublishing) return;
        if (reply.kind == Reply::Kind::kTimeout) return PublishFailed(c, "UNKOWN", "publish timeout");
        if (reply.kind != Reply::Kind::kResponse) return PublishFailed(c, "SIGNAL_CHANNEL_ERROR", "");
        if (reply.code != 0) return PublishFailed(c, "UNKOWN", "", reply.code);
        PublishIce(c);
      },
      core_.timing.publish_timeout_ms);
}

void WebClient::PublishIce(const Command& c) {
  ice_timer_ = core_.timers.After(core_.timing.ice_timeout_ms, [this, c] {
    ice_timer_ = 0;
    PublishFailed(c, "ICE_TRANSPORT_ERROR", "RtcError: no valid ice candidate found");
  });
  cancel_stun_ = UdpExchange(core_.loop, core_.config.stun_host, core_.config.stun_port,
                             BindingRequest(++stun_transaction_), [this, c](std::optional<std::string> answer) {
                               cancel_stun_ = nullptr;
                               if (publish_ != PublishState::kPublishing || !answer) return;
                               core_.timers.Cancel(ice_timer_);
                               auto parsed = stun::Parse(*answer);
                               auto* message = std::get_if<stun::Message>(&parsed);
                               if (message && message->type == stun::kBindingSuccess) return PublishMedia(c);
                               PublishFailed(c, "ICE_TRANSPORT_ERROR", "");
                             });
}

void WebClient::PublishMedia(const Command& c) {
  uplink_ = std::make_shared<MediaLink>(
      core_, wire::MediaOpen{session_id_, wire::MediaDirection::kPublish, "", wire::StreamKind::kMain},
      MediaLink::Handlers{[this] {
                            core_.Error(kWeb, Sdk("SERVER_TIMEOUT"), std::nullopt, "", "");
                            publish_ = PublishState::kNone;
                          },
                          [this](int close_code) { OnMediaLost(true, "", close_code); }});
  uplink_->Open([this, c](Reply reply) {
    if (publish_ != PublishState::kPublishing) return;
    if (reply.kind == Reply::Kind::kClosed)
      return PublishFailed(c, "ICE_TRANSPORT_ERROR", "ICE/DTLS Transport connection failed");
    if (reply.kind == Reply::Kind::kTimeout)
      return PublishFailed(c, "ICE_TRANSPORT_ERROR", "DTLS Transport connection timeout (10s)");
    if (!reply.ok()) return PublishFailed(c, "ICE_TRANSPORT_ERROR", "", reply.code);
    publish_ = PublishState::kPublished;
    core_.Event("stream-published", {{"stream", "main"}});
    core_.Succeed(c);
  });
}

void WebClient::PublishFailed(const Command& c, std::string_view key, std::string reason, std::optional<int> extra) {
  const bool signaled = publish_ == PublishState::kPublishing;
  publish_ = PublishState::kNone;
  core_.timers.Cancel(ice_timer_);
  if (cancel_stun_) std::exchange(cancel_stun_, nullptr)();
  if (uplink_) uplink_->Close();
  uplink_.reset();
  if (signaled && channel_ && key != "UNKOWN") channel_->Request(wire::Unpublish{}, nullptr);
  core_.Fail(c, kWeb, Sdk(key), extra, std::move(reason));
}

void WebClient::Unpublish(const Command& c) {
  if (publish_ != PublishState::kPublished) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  publish_ = PublishState::kNone;
  if (uplink_) uplink_->Close();
  uplink_.reset();
  channel_->Request(
      wire::Unpublish{},
      [this, c](Reply reply) {
        if (!reply.ok()) return core_.Fail(c, kWeb, Sdk("UNKOWN"), reply.server_code());
        core_.Succeed(c);
      },
      core_.timing.request_timeout_ms);
}

// --- subscribe and play ------------------------------------------------------------------

void WebClient::Subscribe(const Command& c) {
  if (!RequireJoined(c)) return;
  const auto user = StringOr(c.args, "userId");
  if (subscriptions_.contains(user)) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  channel_->Request(
      wire::Subscribe{user, wire::StreamKind::kMain},
      [this, c, user](Reply reply) {
        if (reply.kind == Reply::Kind::kTimeout) return core_.Fail(c, kWeb, Sdk("SUBSCRIPTION_TIMEOUT"));
        if (reply.kind != Reply::Kind::kResponse) return core_.Fail(c, kWeb, Sdk("SIGNAL_CHANNEL_ERROR"));
        if (reply.code == 90103) return core_.Fail(c, kWeb, Sdk("REMOTE_STREAM_NOT_EXIST"));
        if (reply.code != 0) return core_.Fail(c, kWeb, Sdk("UNKOWN"), reply.code);
        OpenSubscription(c, user);
      },
      core_.timing.subscribe_timeout_ms);
}

void WebClient::OpenSubscription(const Command& c, const std::string& user) {
  auto link = std::make_shared<MediaLink>(
      core_, wire::MediaOpen{session_id_, wire::MediaDirection::kSubscribe, user, wire::StreamKind::kMain},
      MediaLink::Handlers{[this, user] {
                            subscriptions_.erase(user);
                            core_.Error(kWeb, Sdk("SERVER_TIMEOUT"), std::nullopt, "", "");
                          },
                          [this, user](int close_code) { OnMediaLost(false, user, close_code); }});
  subscriptions_[user].link = link;
  link->Open([this, c, user](Reply reply) {
    if (reply.ok()) {
      core_.Event("stream-subscribed", {{"userId", user}});
      return core_.Succeed(c);
    }
    subscriptions_.erase(user);
    if (reply.kind == Reply::Kind::kClosed)
      return core_.Fail(c, kWeb, Sdk("ICE_TRANSPORT_ERROR"), {}, "ICE/DTLS Transport connection failed");
    if (reply.kind == Reply::Kind::kTimeout)
      return core_.Fail(c, kWeb, Sdk("ICE_TRANSPORT_ERROR"), {}, "DTLS Transport connection timeout (10s)");
    if (reply.code == 90103) return core_.Fail(c, kWeb, Sdk("REMOTE_STREAM_NOT_EXIST"));
    core_.Fail(c, kWeb, Sdk("ICE_TRANSPORT_ERROR"), reply.code);
  });
}

void WebClient::Unsubscribe(const Command& c) {
  if (!RequireJoined(c)) return;
  const auto user = StringOr(c.args, "userId");
  auto it = subscriptions_.find(user);
  if (it == subscriptions_.end()) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  if (it->second.link) it->second.link->Close();
  subscriptions_.erase(it);
  channel_->Request(
      wire::Unsubscribe{user, wire::StreamKind::kMain}, [this, c](Reply) { core_.Succeed(c); },
      core_.timing.request_timeout_ms);
}

void WebClient::Play(const Command& c, bool gesture) {
  const std::string user = StringOr(c.args, "userId");
  // The user's own stream plays locally once initialized; others once subscribed.
  const bool local = !user.empty() && user == user_id_;
  auto it = subscriptions_.find(user);
  if (local ? !local_stream_ : it == subscriptions_.end()) return core_.Fail(c, kWeb, Sdk("INVALID_OPERATION"));
  if (!gesture && core_.platform.autoplay_blocked) return core_.Fail(c, kWeb, Sdk("PLAY_NOT_ALLOWED"));
  if (!local) it->second.playing = true;
  core_.Event("playing", {{"userId", user}});
  core_.Succeed(c);
}

void WebClient::OnMediaLost(bool uplink, const std::string& user, int close_code) {
  if (!uplink && close_code == static_cast<int>(wire::CloseCode::kRemoteStreamGone)) {
    subscriptions_.erase(user);
    return core_.Error(kWeb, Sdk("REMOTE_STREAM_NOT_EXIST"), std::nullopt, "", "");
  }
  const std::string event = uplink ? "uplink-state-changed" : "downlink-state-changed";
  core_.Event(event, {{"state", "RECONNECTING"}, {"userId", user}});
  auto spec = uplink ? wire::MediaOpen{session_id_, wire::MediaDirection::kPublish, "", wire::StreamKind::kMain}
                     : wire::MediaOpen{session_id_, wire::MediaDirection::kSubscribe, user, wire::StreamKind::kMain};
  auto candidate = std::make_shared<std::shared_ptr<MediaLink>>();
  auto attempt = [this, spec, candidate, uplink, user](std::function<void(bool)> done) {
    if (*candidate) (*candidate)->Close();
    *candidate = std::make_shared<MediaLink>(
        core_, spec,
        MediaLink::Handlers{[this] { core_.Error(kWeb, Sdk("SERVER_TIMEOUT"), std::nullopt, "", ""); },
                            [this, uplink, user](int code) { OnMediaLost(uplink, user, code); }});
    (*candidate)->Open([done](Reply reply) { done(reply.ok()); });
  };
  auto succeeded = [this, candidate, uplink, user, event] {
    if (uplink) {
      uplink_ = *candidate;
      uplink_reconnect_.reset();
    } else {
      subscriptions_[user].link = *candidate;
      downlink_reconnects_.erase(user);
    }
    core_.Event(event, {{"state", "CONNECTED"}, {"userId", user}});
  };
  auto gave_up = [this, candidate, uplink, user] {
    if (*candidate) (*candidate)->Close();
    if (uplink) {
      publish_ = PublishState::kNone;
      uplink_.reset();
    } else {
      subscriptions_.erase(user);
    }
    core_.Error(kWeb, Sdk(uplink ? "UPLINK_RECONNECTION_FAILED" : "DOWNLINK_RECONNECTION_FAILED"), std::nullopt, "",
                "");
  };
  auto windows = core_.timing.media_reconnect_windows_ms;
  auto reconnect =
      std::make_shared<Reconnector>(core_, windows, static_cast<int>(windows.size()), attempt, succeeded, gave_up);
  (uplink ? uplink_reconnect_ : downlink_reconnects_[user]) = reconnect;
  reconnect->Start();
}

// --- role, CDN and mix -------------------------------------------------------------------

void WebClient::SwitchRole(const Command& c) {
  if (!RequireJoined(c)) return;
  auto role = StringOr(c.args, "role", "anchor") == "audience" ? wire::Role::kAudience : wire::Role::kAnchor;
  std::optional<std::string> key;
  if (c.args.contains("privateMapKey")) key = c.args["privateMapKey"].get<std::string>();
  channel_->Request(
      wire::SwitchRole{role, key},
      [this, c, role](Reply reply) {
        if (!reply.ok()) return core_.Fail(c, kWeb, Sdk("SWITCH_ROLE_FAILED"), reply.server_code());
        role_ = role;
        core_.Succeed(c, reply.data);
      },
      core_.timing.request_timeout_ms);
}

void WebClient::RoomRequest(const Command& c, wire::Request request, std::string_view failure_key) {
  if (!RequireJoined(c)) return;
  channel_->Request(
      request,
      [this, c, key = std::string(failure_key)](Reply reply) {
        if (!reply.ok()) return core_.Fail(c, kWeb, Sdk(key), reply.server_code());
        core_.Succeed(c, reply.data);
      },
      core_.timing.request_timeout_ms);
}

}  // namespace trtc::refclient
