// The harness's open signaling protocol, "trtc-conformance/1": typed messages, independent
// of how they are framed. docs/protocol.md is the specification; json_codec.h is the JSON
// framing. Service logic sees only these types, so another wire format (the vendor's own)
// is a matter of another codec.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <memory>
#include <nlohmann/json.hpp>

namespace trtc::webrtc::sdp {
struct SessionDescription;
}

namespace trtc::wire {

inline constexpr std::string_view kProtocolName = "trtc-conformance/1";
inline constexpr std::size_t kMaxFrameBytes = 64 * 1024;     // larger frames: kFrameTooLarge
inline constexpr std::size_t kHardFrameLimit = 1024 * 1024;  // larger: the connection closes 1009
inline constexpr int kMaxConsecutiveProtocolErrors = 16;     // then the connection closes 1008

// Protocol errors: the frame could not be understood. They never come from the service.
enum class ProtocolErrorCode {
  kMalformedJson = 90001,
  kFrameTooLarge = 90002,
  kBinaryFrame = 90003,
  kUnknownType = 90004,
  kMissingField = 90005,
  kWrongType = 90006,
  kUnknownField = 90007,
  kInvalidValue = 90008,
  kHelloRequired = 90009,
  kAlreadyHello = 90010,
  kUnsupportedProtocol = 90011,
};
std::string_view ProtocolErrorName(ProtocolErrorCode code);

// WebSocket close codes the server uses (besides the RFC 6455 ones it gets from Beast:
// 1007 invalid UTF-8, 1009 a frame past kHardFrameLimit).
enum class CloseCode : std::uint16_t {
  kNormal = 1000,
  kPolicy = 1008,         // too many consecutive protocol errors
  kTryAgainLater = 1013,  // session limit reached, or connections refused by a fault
  kHeartbeatTimeout = 4000,
  kKicked = 4001,            // after a `banned` push: another session joined with the same userId, or kicked
  kMediaTimeout = 4002,      // media channel: nothing received for the media timeout
  kRemoteStreamGone = 4003,  // media channel: the subscribed stream is no longer published
};

// A numeric room id arrives as any integer (the service, not the codec, decides whether it
// is in range: -10012); a string room id as text.
using RoomId = std::variant<std::int64_t, std::string>;
std::string RoomIdText(const RoomId& room_id);

enum class Role { kAnchor, kAudience };
enum class StreamKind { kMain, kAux };
enum class RoomType { kConference, kLive };
enum class SeatMode { kFree, kApply };
enum class RoomRole { kOwner, kAdmin, kMember };
enum class Device { kMicrophone, kCamera, kScreen };
enum class Media { kAudio, kVideo, kMessage };
enum class MediaDirection { kPublish, kSubscribe };

std::string_view Name(Role v);
std::string_view Name(StreamKind v);
std::string_view Name(RoomType v);
std::string_view Name(SeatMode v);
std::string_view Name(RoomRole v);
std::string_view Name(Device v);
std::string_view Name(Media v);
std::string_view Name(MediaDirection v);

// --- requests of the Web SDK v4 style client ---------------------------------------
struct Hello {
  std::string protocol;
  std::uint64_t sdk_app_id = 0;
  std::string user_id;
  std::string user_sig;
};
struct Heartbeat {};
struct Join {
  RoomId room_id;
  Role role = Role::kAnchor;
  std::optional<std::string> private_map_key;
};
struct Leave {};
struct Publish {
  StreamKind stream = StreamKind::kMain;
  bool audio = true;
  bool video = true;
  // A WebRTC client's SDP offer (the vendor profile), parsed and checked by the codec; the
  // answer comes from the media endpoint.
  std::shared_ptr<const webrtc::sdp::SessionDescription> offer;
};
struct Unpublish {
  StreamKind stream = StreamKind::kMain;
};
struct Subscribe {
  std::string user_id;
  StreamKind stream = StreamKind::kMain;
  std::shared_ptr<const webrtc::sdp::SessionDescription> offer;  // as Publish::offer
};
struct Unsubscribe {
  std::string user_id;
  StreamKind stream = StreamKind::kMain;
};
struct SwitchRole {
  Role role = Role::kAnchor;
  std::optional<std::string> private_map_key;
};
struct StartCdn {
  std::string stream_id;
};
struct StopCdn {};
struct StartMix {
  std::string output_stream_id;
};
struct StopMix {};

// --- RoomEngine operations ---------------------------------------------------------
struct RoomCreate {
  std::string room_id;
  std::string name;
  RoomType room_type = RoomType::kConference;
  bool seat_enabled = false;
  SeatMode seat_mode = SeatMode::kFree;
  std::int64_t max_seat_count = 0;
};
struct RoomEnter {
  std::string room_id;
};
struct RoomExit {};
struct RoomDestroy {};
struct RoomChangeRole {
  std::string user_id;
  RoomRole role = RoomRole::kMember;
};
struct RoomTakeSeat {
  std::int64_t seat_index = -1;  // -1: any free seat
};
struct RoomLeaveSeat {};
struct RoomLockSeat {
  std::int64_t seat_index = 0;
  std::optional<bool> lock_seat;
  std::optional<bool> lock_audio;
  std::optional<bool> lock_video;
};
struct RoomOpenDevice {
  Device device = Device::kMicrophone;
  bool apply = false;  // ask the owner instead of opening directly
};
struct RoomDisableAll {
  Media media = Media::kAudio;
  bool disable = true;
};
struct RoomMuteUser {
  std::string user_id;
  bool mute = true;
};
struct RoomSendMessage {
  std::string text;
};
struct RoomKickUser {
  std::string user_id;
};
struct RoomGetUser {
  std::string user_id;
};
struct RoomCancelRequest {
  std::string request_id;
};
struct RoomRespondRequest {
  std::string request_id;
  bool agree = true;
};

// --- media channels (the media endpoint) ------------------------------------------
struct MediaOpen {
  std::uint64_t session_id = 0;  // the signaling session's id (hello's sessionId)
  MediaDirection direction = MediaDirection::kPublish;
  std::string user_id;  // subscribe: the publisher
  StreamKind stream = StreamKind::kMain;
};
struct MediaKeepalive {};

using Request =
    std::variant<Hello, Heartbeat, Join, Leave, Publish, Unpublish, Subscribe, Unsubscribe, SwitchRole, StartCdn,
                 StopCdn, StartMix, StopMix, RoomCreate, RoomEnter, RoomExit, RoomDestroy, RoomChangeRole, RoomTakeSeat,
                 RoomLeaveSeat, RoomLockSeat, RoomOpenDevice, RoomDisableAll, RoomMuteUser, RoomSendMessage,
                 RoomKickUser, RoomGetUser, RoomCancelRequest, RoomRespondRequest, MediaOpen, MediaKeepalive>;

// The request type's wire name ("join", "room.take-seat").
std::string_view TypeName(const Request& request);

struct ClientFrame {
  std::uint32_t seq = 0;
  Request request;
};

// --- server messages ---------------------------------------------------------------
struct Response {
  std::uint32_t seq = 0;
  std::string request_type;
  int code = 0;
  std::string message;
  nlohmann::json data = nlohmann::json::object();
};

// Server pushes. Event names are listed in docs/protocol.md.
struct Push {
  std::string event;
  nlohmann::json data = nlohmann::json::object();
};

struct ProtocolError {
  std::optional<std::uint32_t> seq;  // when the frame got far enough to have one
  ProtocolErrorCode code = ProtocolErrorCode::kMalformedJson;
  std::string field;  // JSON path of the offending field ("data.roomId"), empty if none
  std::string message;
};

using ServerMessage = std::variant<Response, Push, ProtocolError>;

// The WebSocket endpoint a frame arrives on: media.* requests belong on the media endpoint,
// every other request on signaling.
enum class Endpoint { kSignaling, kMedia };

// Protocol error 90004 when a request of type `type` does not belong on `endpoint`.
std::optional<ProtocolError> WrongEndpoint(std::string_view type, Endpoint endpoint);

}  // namespace trtc::wire
