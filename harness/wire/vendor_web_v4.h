// The wire format of the vendor's own Web SDK v4 (npm trtc-js-sdk 4.x), served on the
// signaling server's path kPath so the unmodified SDK runs on the same service logic as
// every other client. docs/vendor-protocol.md is the specification; the facts it rests on
// were observed from trtc-js-sdk 4.15.22 (../shared/vendor-web-v4-wire.md).
//
// The SDK signs in through its URL query (no hello frame), sends string commands
// ({"cmd":"join","data":{…},"userId","tinyId","seq"}) and reads numeric ones
// ({"cmd":20,"code","message","seq","tinyId","data"}). A Connection translates both ways
// for one WebSocket connection; the service only ever sees wire::Request and answers with
// wire::ServerMessage. Parsing is strict and never throws.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "harness/wire/protocol.h"

namespace trtc::wire::vendor {

inline constexpr std::string_view kPath = "/vendor/web-v4";

// The SDK's numeric commands (server → client) that this server sends.
enum Cmd : int {
  kProtocolErrorCmd = 0,  // not an SDK command: the SDK logs it as unknown and goes on
  kClientBanned = 9,
  kChannelSetupResult = 19,
  kJoinRoomResult = 20,
  kRemoteStreams = 23,  // UPDATE_REMOTE_MUTE_STAT: every publisher in the room with its flags
  kChannelReconnectResult = 514,
  kPublishResult = 4098,
  kUnpublishResult = 4100,
  kSubscribeResult = 4102,
  kUnsubscribeResult = 4104,
  kSwitchRoleResult = 4110,
  kPeerJoin = 4134,
  kPeerLeave = 4135,
  kUserListResult = 4137,
};

// The bits of a publisher's `flag` in cmd 20's publishers and cmd 23's userList.
enum StreamFlag : int { kFlagBigVideo = 1, kFlagSmallVideo = 2, kFlagAuxVideo = 4, kFlagAudio = 8 };

// The SDK's name for a user (srcTinyId, and a connection's own tinyId): a non-zero number,
// the same for a userId in every frame and on every connection, since the SDK keys its
// remote connections by it. A 31-bit FNV-1a hash of the userId.
[[nodiscard]] std::uint64_t TinyIdOf(std::string_view user_id);

// The SDK's role numbers (join's trtcRole, change_role's role).
inline constexpr std::int64_t kAnchorRole = 20;
inline constexpr std::int64_t kAudienceRole = 21;

// What the WebSocket URL's query says: who signs in (the hello it stands for) and, on a
// reconnection (rc=1), the room the session was in.
struct ConnectQuery {
  Hello hello;
  std::optional<Join> rejoin;
};
[[nodiscard]] std::variant<ConnectQuery, ProtocolError> ParseConnectQuery(std::string_view query);

// A frame the connection deals with itself: one that needs no answer (quality_report, or a
// command with no server side here: the SDK's own timeout answers it), or the user list,
// answered from the members the service has reported to this connection.
struct Local {
  std::uint32_t seq = 0;
  std::string cmd;
  std::optional<std::string> reply;
};
using Parsed = std::variant<ClientFrame, Local, ProtocolError>;

class Connection {
 public:
  // `user_id`: who signed in (its TinyIdOf names the session; empty before the query is
  // read); `reconnect`: the URL said rc=1, so the answer to the rejoin (seq 0) is cmd 514
  // instead of 20.
  Connection(std::string_view user_id, bool reconnect)
      : tiny_id_(user_id.empty() ? 0 : TinyIdOf(user_id)), reconnect_(reconnect) {}

  [[nodiscard]] Parsed Parse(std::string_view text);
  // The SDK's frame for a server message; nullopt when the SDK has none (leave's answer,
  // stream pushes before the media plane exists).
  [[nodiscard]] std::optional<std::string> Encode(const ServerMessage& message);

 private:
  [[nodiscard]] std::optional<std::string> EncodeResponse(const Response& response);
  [[nodiscard]] std::optional<std::string> EncodePush(const Push& push);
  [[nodiscard]] std::string UserList(std::uint32_t seq) const;
  [[nodiscard]] nlohmann::json Publishers() const;
  void NotePublisher(const nlohmann::json& stream_push, bool added);

  std::uint64_t tiny_id_;
  bool reconnect_;
  std::set<std::string> members_;          // the others in the room, as the service reported them
  std::map<std::string, int> publishers_;  // userId -> StreamFlag bits of what they publish
};

}  // namespace trtc::wire::vendor
