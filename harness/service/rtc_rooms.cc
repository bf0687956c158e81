#include "harness/service/rtc_rooms.h"

#include <functional>

namespace trtc::service {
namespace {

using nlohmann::json;

std::size_t Index(wire::StreamKind stream) { return stream == wire::StreamKind::kMain ? 0 : 1; }

wire::Push StreamPush(const char* event, const std::string& user_id, wire::StreamKind stream, bool audio, bool video) {
  return {event, json{{"userId", user_id}, {"stream", wire::Name(stream)}, {"audio", audio}, {"video", video}}};
}

}  // namespace

RtcRooms::Shard& RtcRooms::ShardFor(const std::string& room_key) {
  return shards_[std::hash<std::string>{}(room_key) % shards_.size()];
}

RtcRooms::Member* RtcRooms::Find(Room& room, const RtcMemberRef& who) {
  auto it = room.members.find(who.user_id);
  if (it == room.members.end() || it->second.session_id != who.session_id) return nullptr;
  return &it->second;
}

void RtcRooms::Broadcast(const Room& room, const std::string& except_user, const wire::Push& push) {
  for (const auto& [user_id, member] : room.members) {
    if (user_id == except_user) continue;
    if (auto outbox = member.outbox.lock()) outbox->Send(push);
  }
}

// Tells the others that the user and its streams are gone.
void RtcRooms::RemoveMember(Room& room, const std::string& user_id) {
  auto it = room.members.find(user_id);
  if (it == room.members.end()) return;
  Member member = std::move(it->second);
  room.members.erase(it);
  for (auto stream : {wire::StreamKind::kMain, wire::StreamKind::kAux}) {
    if (const auto& published = member.streams[Index(stream)])
      Broadcast(room, "", StreamPush("stream-removed", user_id, stream, published->audio, published->video));
  }
  Broadcast(room, "", {"peer-leave", json{{"userId", user_id}}});
}

Outcome RtcRooms::Join(const RtcMemberRef& who, std::shared_ptr<Outbox> outbox, wire::Role role) {
  Shard& shard = ShardFor(who.room_key);
  std::lock_guard lock(shard.mutex);
  Room& room = shard.rooms[who.room_key];
  if (auto it = room.members.find(who.user_id); it != room.members.end()) {
    // The same userId again: the earlier session is kicked, as the service does.
    if (auto earlier = it->second.outbox.lock())
      earlier->Send(wire::Push{
          "banned", json{{"reason", "kick"}, {"message", "another client joined the room with the same userId"}}});
    RemoveMember(room, who.user_id);
  }
  json members = json::array();
  for (const auto& [user_id, member] : room.members) {
    json streams = json::array();
    for (auto stream : {wire::StreamKind::kMain, wire::StreamKind::kAux})
      if (const auto& p = member.streams[Index(stream)])
        streams.push_back({{"stream", wire::Name(stream)}, {"audio", p->audio}, {"video", p->video}});
    members.push_back({{"userId", user_id}, {"role", wire::Name(member.role)}, {"streams", streams}});
  }
  Broadcast(room, "", {"peer-join", json{{"userId", who.user_id}, {"role", wire::Name(role)}}});
  room.members[who.user_id] = Member{who.session_id, outbox, role, {}};
  return Outcome::Ok(json{{"members", std::move(members)}});
}

void RtcRooms::Leave(const RtcMemberRef& who) {
  Shard& shard = ShardFor(who.room_key);
  std::lock_guard lock(shard.mutex);
  auto room = shard.rooms.find(who.room_key);
  if (room == shard.rooms.end() || !Find(room->second, who)) return;
  RemoveMember(room->second, who.user_id);
  if (room->second.members.empty()) shard.rooms.erase(room);
}

Outcome RtcRooms::Publish(const RtcMemberRef& who, const wire::Publish& publish) {
  Shard& shard = ShardFor(who.room_key);
  std::lock_guard lock(shard.mutex);
  auto room = shard.rooms.find(who.room_key);
  Member* member = room == shard.rooms.end() ? nullptr : Find(room->second, who);
  if (!member) return Outcome::Fail(kNotInRoom, "publish before join");
  if (member->role != wire::Role::kAnchor) return Outcome::Fail(kRoleForbids, "an audience member cannot publish");
  auto& slot = member->streams[Index(publish.stream)];
  if (slot) return Outcome::Fail(kAlreadyPublished, "the stream is already published; unpublish first");
  slot = Published{publish.audio, publish.video};
  Broadcast(room->second, who.user_id,
            StreamPush("stream-added", who.user_id, publish.stream, publish.audio, publish.video));
  return Outcome::Ok(json{{"streamId", who.user_id + "_" + std::string(wire::Name(publish.stream))}});
}

Outcome RtcRooms::Unpublish(const RtcMemberRef& who, wire::StreamKind stream, std::string_view reason) {
  Shard& shard = ShardFor(who.room_key);
  std::lock_guard lock(shard.mutex);
  auto room = shard.rooms.find(who.room_key);
  Member* member = room == shard.rooms.end() ? nullptr : Find(room->second, who);
  if (!member) return Outcome::Fail(kNotInRoom, "unpublish before join");
  auto& slot = member->streams[Index(stream)];
  if (!slot) return Outcome::Fail(kNotPublished, "the stream is not published");
  wire::Push push = StreamPush("stream-removed", who.user_id, stream, slot->audio, slot->video);
  if (!reason.empty()) push.data["reason"] = reason;
  Broadcast(room->second, who.user_id, push);
  slot.reset();
  return Outcome::Ok();
}

bool RtcRooms::Publishes(const std::string& room_key, const std::string& user_id, wire::StreamKind stream) {
  Shard& shard = ShardFor(room_key);
  std::lock_guard lock(shard.mutex);
  auto room = shard.rooms.find(room_key);
  if (room == shard.rooms.end()) return false;
  auto member = room->second.members.find(user_id);
  return member != room->second.members.end() && member->second.streams[Index(stream)].has_value();
}

Outcome RtcRooms::Subscribe(const RtcMemberRef& who, const std::string& publisher, wire::StreamKind stream) {
  Shard& shard = ShardFor(who.room_key);
  std::lock_guard lock(shard.mutex);
  auto room = shard.rooms.find(who.room_key);
  if (room == shard.rooms.end() || !Find(room->second, who)) return Outcome::Fail(kNotInRoom, "subscribe before join");
  auto target = room->second.members.find(publisher);
  if (target == room->second.members.end() || !target->second.streams[Index(stream)])
    return Outcome::Fail(kStreamNotFound,
                         publisher + " does not publish a " + std::string(wire::Name(stream)) + " stream");
  const auto& published = *target->second.streams[Index(stream)];
  return Outcome::Ok(json{{"userId", publisher}, {"audio", published.audio}, {"video", published.video}});
}

Outcome RtcRooms::SwitchRole(const RtcMemberRef& who, wire::Role role) {
  Shard& shard = ShardFor(who.room_key);
  std::lock_guard lock(shard.mutex);
  auto room = shard.rooms.find(who.room_key);
  Member* member = room == shard.rooms.end() ? nullptr : Find(room->second, who);
  if (!member) return Outcome::Fail(kNotInRoom, "switch-role before join");
  member->role = role;
  if (role == wire::Role::kAudience) {
    for (auto stream : {wire::StreamKind::kMain, wire::StreamKind::kAux}) {
      auto& slot = member->streams[Index(stream)];
      if (!slot) continue;
      Broadcast(room->second, who.user_id, StreamPush("stream-removed", who.user_id, stream, slot->audio, slot->video));
      slot.reset();
    }
  }
  return Outcome::Ok(json{{"role", wire::Name(role)}});
}

bool RtcRooms::IsMember(const RtcMemberRef& who) {
  Shard& shard = ShardFor(who.room_key);
  std::lock_guard lock(shard.mutex);
  auto room = shard.rooms.find(who.room_key);
  return room != shard.rooms.end() && Find(room->second, who) != nullptr;
}

std::size_t RtcRooms::RoomCount() {
  std::size_t count = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    count += shard.rooms.size();
  }
  return count;
}

}  // namespace trtc::service
