// Rooms of Web SDK v4 style clients: who is in which room with which role, and which
// streams they publish. Sharded by room so joins in different rooms never share a lock.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "harness/service/outbox.h"
#include "harness/wire/protocol.h"

namespace trtc::service {

// Codes of operations the service refuses for reasons of call order, not documented
// errors (docs/protocol.md, "operation errors").
enum OperationCode : int {
  kNotInRoom = 90100,
  kAlreadyInRoom = 90101,
  kRoleForbids = 90102,
  kStreamNotFound = 90103,
  kAlreadyPublished = 90104,
  kNotPublished = 90105,
  kChannelAlreadyOpen = 90106,
  kChannelNotOpen = 90107,
  kMediaRefused = 90108,  // the media endpoint cannot take the SDP offer (or there is none)
  // A publish offer whose video has no H.264 the endpoint takes: the vendor server's code,
  // which the Web SDK v4 surfaces as NOT_SUPPORTED_H264 (docs/vendor-protocol.md).
  kNoH264 = 1028,
};

struct RtcMemberRef {
  std::string room_key;  // "<sdkAppId>/n/<number>" or "<sdkAppId>/s/<string>"
  std::string user_id;
  std::uint64_t session_id = 0;
};

class RtcRooms {
 public:
  // Joins; an earlier session of the same userId in the room is removed and told
  // (push `banned`, reason "kick"). The response data lists the members already there.
  Outcome Join(const RtcMemberRef& who, std::shared_ptr<Outbox> outbox, wire::Role role);
  void Leave(const RtcMemberRef& who);
  Outcome Publish(const RtcMemberRef& who, const wire::Publish& publish);
  // `reason` (e.g. "media-timeout") is added to the stream-removed push when not empty.
  Outcome Unpublish(const RtcMemberRef& who, wire::StreamKind stream, std::string_view reason = {});
  // Whether `user_id` publishes `stream` in the room now.
  bool Publishes(const std::string& room_key, const std::string& user_id, wire::StreamKind stream);
  Outcome Subscribe(const RtcMemberRef& who, const std::string& publisher, wire::StreamKind stream);
  Outcome SwitchRole(const RtcMemberRef& who, wire::Role role);
  bool IsMember(const RtcMemberRef& who);
  std::size_t RoomCount();

 private:
  struct Published {
    bool audio = false;
    bool video = false;
  };
  struct Member {
    std::uint64_t session_id = 0;
    std::weak_ptr<Outbox> outbox;
    wire::Role role = wire::Role::kAnchor;
    std::optional<Published> streams[2];  // indexed by StreamKind
  };
  struct Room {
    std::map<std::string, Member> members;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Room> rooms;
  };

  Shard& ShardFor(const std::string& room_key);
  static Member* Find(Room& room, const RtcMemberRef& who);
  static void Broadcast(const Room& room, const std::string& except_user, const wire::Push& push);
  static void RemoveMember(Room& room, const std::string& user_id);

  std::array<Shard, 64> shards_;
};

}  // namespace trtc::service
