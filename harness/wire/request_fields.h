// One description per request type: its wire name and its fields, walked by the reader
// (strict parsing) and by the writer (encoding), so the two can never disagree.
#pragma once

#include "harness/common/json_fields.h"
#include "harness/wire/protocol.h"

namespace trtc::wire {

using Presence = trtc::Presence;
constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

template <class T>
struct Describe;

#define TRTC_REQUEST(Type, wire_name)                    \
  template <>                                            \
  struct Describe<Type> {                                \
    static constexpr std::string_view kName = wire_name; \
    template <class A>                                   \
    static void Fields(A& a, Type& r);                   \
  };                                                     \
  template <class A>                                     \
  void Describe<Type>::Fields([[maybe_unused]] A& a, [[maybe_unused]] Type& r)

TRTC_REQUEST(Hello, "hello") {
  a("protocol", r.protocol, kRequired);
  a("sdkAppId", r.sdk_app_id, kRequired);
  a("userId", r.user_id, kRequired);
  a("userSig", r.user_sig, kRequired);
}
TRTC_REQUEST(Heartbeat, "heartbeat") {}
TRTC_REQUEST(Join, "join") {
  a("roomId", r.room_id, kRequired);
  a("role", r.role, kOptional);
  a("privateMapKey", r.private_map_key, kOptional);
}
TRTC_REQUEST(Leave, "leave") {}
TRTC_REQUEST(Publish, "publish") {
  a("stream", r.stream, kOptional);
  a("audio", r.audio, kOptional);
  a("video", r.video, kOptional);
}
TRTC_REQUEST(Unpublish, "unpublish") { a("stream", r.stream, kOptional); }
TRTC_REQUEST(Subscribe, "subscribe") {
  a("userId", r.user_id, kRequired);
  a("stream", r.stream, kOptional);
}
TRTC_REQUEST(Unsubscribe, "unsubscribe") {
  a("userId", r.user_id, kRequired);
  a("stream", r.stream, kOptional);
}
TRTC_REQUEST(SwitchRole, "switch-role") {
  a("role", r.role, kRequired);
  a("privateMapKey", r.private_map_key, kOptional);
}
TRTC_REQUEST(StartCdn, "start-cdn") { a("streamId", r.stream_id, kRequired); }
TRTC_REQUEST(StopCdn, "stop-cdn") {}
TRTC_REQUEST(StartMix, "start-mix") { a("outputStreamId", r.output_stream_id, kRequired); }
TRTC_REQUEST(StopMix, "stop-mix") {}
TRTC_REQUEST(RoomCreate, "room.create") {
  a("roomId", r.room_id, kRequired);
  a("name", r.name, kOptional);
  a("roomType", r.room_type, kOptional);
  a("seatEnabled", r.seat_enabled, kOptional);
  a("seatMode", r.seat_mode, kOptional);
  a("maxSeatCount", r.max_seat_count, kOptional);
}
TRTC_REQUEST(RoomEnter, "room.enter") { a("roomId", r.room_id, kRequired); }
TRTC_REQUEST(RoomExit, "room.exit") {}
TRTC_REQUEST(RoomDestroy, "room.destroy") {}
TRTC_REQUEST(RoomChangeRole, "room.change-role") {
  a("userId", r.user_id, kRequired);
  a("role", r.role, kRequired);
}
TRTC_REQUEST(RoomTakeSeat, "room.take-seat") { a("seatIndex", r.seat_index, kOptional); }
TRTC_REQUEST(RoomLeaveSeat, "room.leave-seat") {}
TRTC_REQUEST(RoomLockSeat, "room.lock-seat") {
  a("seatIndex", r.seat_index, kRequired);
  a("lockSeat", r.lock_seat, kOptional);
  a("lockAudio", r.lock_audio, kOptional);
  a("lockVideo", r.lock_video, kOptional);
}
TRTC_REQUEST(RoomOpenDevice, "room.open-device") {
  a("device", r.device, kRequired);
  a("apply", r.apply, kOptional);
}
TRTC_REQUEST(RoomDisableAll, "room.disable-all") {
  a("media", r.media, kRequired);
  a("disable", r.disable, kRequired);
}
TRTC_REQUEST(RoomMuteUser, "room.mute-user") {
  a("userId", r.user_id, kRequired);
  a("mute", r.mute, kRequired);
}
TRTC_REQUEST(RoomSendMessage, "room.send-message") { a("text", r.text, kRequired); }
TRTC_REQUEST(RoomKickUser, "room.kick-user") { a("userId", r.user_id, kRequired); }
TRTC_REQUEST(RoomGetUser, "room.get-user") { a("userId", r.user_id, kRequired); }
TRTC_REQUEST(RoomCancelRequest, "room.cancel-request") { a("requestId", r.request_id, kRequired); }
TRTC_REQUEST(RoomRespondRequest, "room.respond-request") {
  a("requestId", r.request_id, kRequired);
  a("agree", r.agree, kRequired);
}

TRTC_REQUEST(MediaOpen, "media.open") {
  a("sessionId", r.session_id, kRequired);
  a("direction", r.direction, kRequired);
  a("userId", r.user_id, kOptional);
  a("stream", r.stream, kOptional);
}
TRTC_REQUEST(MediaKeepalive, "media.keepalive") {}

#undef TRTC_REQUEST

}  // namespace trtc::wire
