#include "harness/service/room_engine.h"

#include "harness/service/room_engine_codes.h"

namespace trtc::service {

using nlohmann::json;

struct RoomEngine::Call {
  App& app;
  const AppConfig* config;
  RoomUser user;
  User* self = nullptr;
  Room* room = nullptr;

  wire::RoomRole Role() const {
    auto it = room->members.find(user.user_id);
    return it == room->members.end() ? wire::RoomRole::kMember : it->second;
  }
  bool Privileged() const { return Role() != wire::RoomRole::kMember; }
  std::int64_t SeatOf(const std::string& user_id) const {
    for (std::size_t i = 0; i < room->seats.size(); ++i)
      if (room->seats[i].user_id == user_id) return static_cast<std::int64_t>(i);
    return -1;
  }
};

// Holds an app's lock; on release, sends the pushes queued under it. One thread at a time
// sends an app's pushes, oldest first, so every recipient gets them in the order they were
// decided whichever thread decided them. A thread that finds another sending waits until
// its own pushes are sent (its caller answers its client after them, as when they were sent
// under the lock), unless the sender is itself: an outbox's Send that called back into the
// engine, whose pushes the loop below sends once that Send returns.
class RoomEngine::AppLock {
 public:
  explicit AppLock(App& app) : app_(app), lock_(app.mutex), queued_before_(app.queued) {}
  AppLock(const AppLock&) = delete;
  AppLock& operator=(const AppLock&) = delete;
  ~AppLock() {
    if (app_.queued == queued_before_) return;  // this call decided no push
    if (!app_.sender) {
      SendQueued();
      return;
    }
    const std::uint64_t mine = app_.queued;
    if (*app_.sender != std::this_thread::get_id()) app_.sent_more.wait(lock_, [&] { return app_.sent >= mine; });
  }

 private:
  void SendQueued() {
    app_.sender = std::this_thread::get_id();
    while (!app_.outgoing.empty()) {
      auto batch = std::exchange(app_.outgoing, {});
      lock_.unlock();
      for (auto& [to, push] : batch)
        if (auto outbox = to.lock()) outbox->Send(std::move(push));
      lock_.lock();
      app_.sent += batch.size();
      app_.sent_more.notify_all();
    }
    app_.sender.reset();
  }

  App& app_;
  std::unique_lock<std::mutex> lock_;
  const std::uint64_t queued_before_;
};

namespace {

Outcome Fail(int code, std::string message) { return Outcome::Fail(code, std::move(message)); }

std::size_t MediaIndex(wire::Media media) { return static_cast<std::size_t>(media); }

}  // namespace

bool ValidRoomEngineRoomId(std::string_view room_id) {
  if (room_id.empty() || room_id.size() > 48) return false;
  for (char c : room_id)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

bool ValidRoomName(std::string_view name) { return name.size() <= 30; }

RoomEngine::RoomEngine(const ServiceConfig& config, const clock::ServerClock& clock) : config_(config), clock_(clock) {}

RoomEngine::App& RoomEngine::AppFor(std::uint64_t sdk_app_id) {
  std::lock_guard lock(apps_mutex_);
  auto& app = apps_[sdk_app_id];
  if (!app) app = std::make_unique<App>(config_.limits.room_ops_per_second);
  return *app;
}

void RoomEngine::Login(const RoomUser& user, std::shared_ptr<Outbox> outbox) {
  App& app = AppFor(user.sdk_app_id);
  AppLock lock(app);
  auto& entry = app.users[user.user_id];
  std::string room_id = entry.room_id;  // a re-login keeps the user's room
  entry = User{user.session_id, outbox, room_id};
}

void RoomEngine::Logout(const RoomUser& user) {
  App& app = AppFor(user.sdk_app_id);
  AppLock lock(app);
  auto it = app.users.find(user.user_id);
  if (it == app.users.end() || it->second.session_id != user.session_id) return;
  // A disconnected user leaves its room, except an owner: the room outlives the connection.
  if (!it->second.room_id.empty()) {
    auto room = app.rooms.find(it->second.room_id);
    if (room != app.rooms.end() && room->second.settings.owner != user.user_id)
      RemoveFromRoom(app, room->second, user.user_id);
  }
  it->second.outbox.reset();
  it->second.session_id = 0;
}

Outcome RoomEngine::Handle(const RoomUser& user, const wire::Request& request) {
  App& app = AppFor(user.sdk_app_id);
  AppLock lock(app);
  if (!app.op_limiter.TryTake(user.user_id, ratelimit::Millis(clock_.Now().count())))
    return Fail(re::kRateLimited,
                "more than " + std::to_string(config_.limits.room_ops_per_second) + " room operations a second");
  Call call{app, config_.FindApp(user.sdk_app_id), user};
  auto self = app.users.find(user.user_id);
  if (self == app.users.end() || self->second.session_id != user.session_id)
    return Fail(re::kNotLoggedIn, "log in (hello) before room operations");
  call.self = &self->second;
  if (!call.self->room_id.empty()) {
    auto room = app.rooms.find(call.self->room_id);
    if (room == app.rooms.end())
      call.self->room_id.clear();
    else
      call.room = &room->second;
  }
  const bool needs_room = !std::holds_alternative<wire::RoomCreate>(request) &&
                          !std::holds_alternative<wire::RoomEnter>(request) &&
                          !std::holds_alternative<wire::RoomGetUser>(request);
  if (needs_room && !call.room) return Fail(re::kNotInRoom, "enter a room first");
  return std::visit(
      [&](const auto& r) -> Outcome {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, wire::RoomCreate>)
          return Create(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomEnter>)
          return Enter(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomExit>)
          return Exit(call);
        else if constexpr (std::is_same_v<T, wire::RoomDestroy>)
          return Destroy(call);
        else if constexpr (std::is_same_v<T, wire::RoomChangeRole>)
          return ChangeRole(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomTakeSeat>)
          return TakeSeat(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomLeaveSeat>)
          return LeaveSeat(call);
        else if constexpr (std::is_same_v<T, wire::RoomLockSeat>)
          return LockSeat(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomOpenDevice>)
          return OpenDevice(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomDisableAll>)
          return DisableAll(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomMuteUser>)
          return MuteUser(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomSendMessage>)
          return SendMessage(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomKickUser>)
          return KickUser(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomGetUser>)
          return GetUser(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomCancelRequest>)
          return CancelRequest(call, r);
        else if constexpr (std::is_same_v<T, wire::RoomRespondRequest>)
          return RespondRequest(call, r);
        else
          return Fail(re::kInvalidParameter, "not a RoomEngine operation");
      },
      request);
}

Outcome RoomEngine::Create(Call& call, const wire::RoomCreate& r) {
  RoomSettings settings{r.room_id,      r.name,      r.room_type,      call.user.user_id,
                        r.seat_enabled, r.seat_mode, r.max_seat_count, 0};
  if (!ValidRoomEngineRoomId(r.room_id))
    return Fail(re::kInvalidRoomId, "room id must be 1 to 48 printable ASCII characters");
  if (!ValidRoomName(r.name)) return Fail(re::kInvalidRoomName, "room name is longer than 30 bytes");
  if (r.room_type == wire::RoomType::kLive && !(call.config && call.config->live_package))
    return Fail(re::kNeedsPackage, "live rooms need the live package");
  if (r.seat_enabled && (r.max_seat_count < 1 || r.max_seat_count > 1000))
    return Fail(re::kInvalidParameter, "maxSeatCount must be between 1 and 1000 when seats are enabled");
  if (call.config && r.max_seat_count > call.config->seat_package_limit)
    return Fail(re::kSeatsOverPackage,
                "maxSeatCount exceeds the package's " + std::to_string(call.config->seat_package_limit) + " seats");
  if (call.app.rooms.contains(r.room_id)) return Fail(re::kRoomIdInUse, "room id " + r.room_id + " is in use");
  Room room;
  room.settings = settings;
  room.seats.resize(r.seat_enabled ? static_cast<std::size_t>(r.max_seat_count) : 0);
  call.app.rooms.emplace(r.room_id, std::move(room));
  return Outcome::Ok(json{{"roomId", r.room_id}});
}

Outcome RoomEngine::Enter(Call& call, const wire::RoomEnter& r) {
  if (call.room && call.self->room_id != r.room_id)
    return Fail(re::kInAnotherRoom, "already in room " + call.self->room_id + "; exit it first");
  auto it = call.app.rooms.find(r.room_id);
  if (it == call.app.rooms.end()) return Fail(re::kRoomNotExist, "room " + r.room_id + " does not exist");
  Room& room = it->second;
  if (!room.members.contains(call.user.user_id)) {
    auto role = room.settings.owner == call.user.user_id ? wire::RoomRole::kOwner : wire::RoomRole::kMember;
    room.members[call.user.user_id] = role;
    PushToRoom(call.app, room, call.user.user_id, {"user-entered", json{{"userId", call.user.user_id}}});
  }
  call.self->room_id = r.room_id;
  return Outcome::Ok(RoomInfo(room));
}

Outcome RoomEngine::Exit(Call& call) {
  if (call.room->settings.owner == call.user.user_id)
    return Fail(re::kOwnerCannotLeave, "the owner cannot leave; transfer ownership or destroy the room");
  RemoveFromRoom(call.app, *call.room, call.user.user_id);
  return Outcome::Ok();
}

Outcome RoomEngine::Destroy(Call& call) {
  if (call.Role() != wire::RoomRole::kOwner) return Fail(re::kOwnerRequired, "only the owner can destroy the room");
  std::string room_id = call.room->settings.room_id;
  PushToRoom(call.app, *call.room, call.user.user_id, {"room-disbanded", json{{"roomId", room_id}}});
  for (const auto& [user_id, role] : call.room->members) {
    auto user = call.app.users.find(user_id);
    if (user != call.app.users.end() && user->second.room_id == room_id) user->second.room_id.clear();
  }
  call.app.rooms.erase(room_id);
  return Outcome::Ok();
}

Outcome RoomEngine::ChangeRole(Call& call, const wire::RoomChangeRole& r) {
  if (call.Role() != wire::RoomRole::kOwner) return Fail(re::kOwnerRequired, "only the owner can change roles");
  if (!call.app.users.contains(r.user_id)) return Fail(re::kUserNotFound, "user " + r.user_id + " not found");
  if (!call.room->members.contains(r.user_id)) return Fail(re::kUserNotInRoom, r.user_id + " is not in the room");
  if (r.role == wire::RoomRole::kOwner) {
    call.room->members[call.user.user_id] = wire::RoomRole::kMember;
    call.room->settings.owner = r.user_id;
  }
  call.room->members[r.user_id] = r.role;
  PushToRoom(call.app, *call.room, "", {"role-changed", json{{"userId", r.user_id}, {"role", wire::Name(r.role)}}});
  return Outcome::Ok();
}

Outcome RoomEngine::Seat(Call& call, const std::string& user_id, std::int64_t seat_index) {
  auto& seats = call.room->seats;
  if (seat_index == -1) {
    for (std::size_t i = 0; i < seats.size() && seat_index == -1; ++i)
      if (seats[i].user_id.empty() && !seats[i].locked) seat_index = static_cast<std::int64_t>(i);
    if (seat_index == -1) return Fail(re::kSeatsFull, "every seat is taken");
  }
  auto& seat = seats[static_cast<std::size_t>(seat_index)];
  if (seat.locked) return Fail(re::kSeatLocked, "seat " + std::to_string(seat_index) + " is locked");
  if (!seat.user_id.empty()) return Fail(re::kSeatOccupied, "seat " + std::to_string(seat_index) + " is occupied");
  seat.user_id = user_id;
  PushToRoom(call.app, *call.room, "", {"seat-changed", json{{"seatIndex", seat_index}, {"userId", user_id}}});
  return Outcome::Ok(json{{"seatIndex", seat_index}});
}

Outcome RoomEngine::TakeSeat(Call& call, const wire::RoomTakeSeat& r) {
  if (!call.room->settings.seat_enabled) return Fail(re::kUnsupportedInRoomType, "this room has no seats");
  if (r.seat_index < -1 || r.seat_index >= static_cast<std::int64_t>(call.room->seats.size()))
    return Fail(re::kSeatNotExist, "seat " + std::to_string(r.seat_index) + " does not exist");
  if (call.SeatOf(call.user.user_id) != -1) return Fail(re::kAlreadyOnSeat, "already on a seat");
  if (call.room->settings.seat_mode == wire::SeatMode::kApply && !call.Privileged())
    return Apply(call, "take-seat", r.seat_index);
  return Seat(call, call.user.user_id, r.seat_index);
}

Outcome RoomEngine::LeaveSeat(Call& call) {
  std::int64_t index = call.SeatOf(call.user.user_id);
  if (index == -1) return Fail(re::kNotOnSeat, "not on a seat");
  call.room->seats[static_cast<std::size_t>(index)].user_id.clear();
  PushToRoom(call.app, *call.room, "", {"seat-changed", json{{"seatIndex", index}, {"userId", ""}}});
  return Outcome::Ok();
}

Outcome RoomEngine::LockSeat(Call& call, const wire::RoomLockSeat& r) {
  if (!call.Privileged()) return Fail(re::kOwnerOrAdminRequired, "only the owner or an admin can lock seats");
  if (!call.room->settings.seat_enabled) return Fail(re::kUnsupportedInRoomType, "this room has no seats");
  if (r.seat_index < 0 || r.seat_index >= static_cast<std::int64_t>(call.room->seats.size()))
    return Fail(re::kSeatNotExist, "seat " + std::to_string(r.seat_index) + " does not exist");
  auto& seat = call.room->seats[static_cast<std::size_t>(r.seat_index)];
  seat.locked = r.lock_seat.value_or(seat.locked);
  seat.audio_locked = r.lock_audio.value_or(seat.audio_locked);
  seat.video_locked = r.lock_video.value_or(seat.video_locked);
  PushToRoom(call.app, *call.room, "",
             {"seat-locked", json{{"seatIndex", r.seat_index},
                                  {"lockSeat", seat.locked},
                                  {"lockAudio", seat.audio_locked},
                                  {"lockVideo", seat.video_locked}}});
  return Outcome::Ok();
}

Outcome RoomEngine::OpenDevice(Call& call, const wire::RoomOpenDevice& r) {
  Room& room = *call.room;
  if (r.device == wire::Device::kScreen) {
    if (!room.screen_sharer.empty() && room.screen_sharer != call.user.user_id)
      return Fail(re::kScreenShareTaken, room.screen_sharer + " is already sharing the screen");
    room.screen_sharer = call.user.user_id;
    PushToRoom(call.app, room, call.user.user_id, {"screen-sharing", json{{"userId", call.user.user_id}}});
    return Outcome::Ok();
  }
  const bool audio = r.device == wire::Device::kMicrophone;
  std::int64_t seat = call.SeatOf(call.user.user_id);
  if (room.settings.seat_enabled && seat == -1) return Fail(re::kNotOnSeat, "take a seat before opening a device");
  if (seat != -1) {
    const auto& s = room.seats[static_cast<std::size_t>(seat)];
    if (audio && s.audio_locked) return Fail(re::kSeatAudioLocked, "this seat's audio is locked");
    if (!audio && s.video_locked) return Fail(re::kSeatVideoLocked, "this seat's video is locked");
  }
  const bool disabled = room.disabled[MediaIndex(audio ? wire::Media::kAudio : wire::Media::kVideo)];
  if (disabled && !call.Privileged()) {
    if (r.apply) return Apply(call, audio ? "open-microphone" : "open-camera", seat);
    return Fail(audio ? re::kApplyToOpenMic : re::kApplyToOpenCamera,
                std::string(audio ? "microphones" : "cameras") + " are disabled for all; apply to the owner");
  }
  if (r.apply) return Fail(re::kUnsupportedInSpeakingMode, "nothing to apply for: the device is not disabled");
  return Outcome::Ok();
}

Outcome RoomEngine::DisableAll(Call& call, const wire::RoomDisableAll& r) {
  if (!call.Privileged()) return Fail(re::kOwnerOrAdminRequired, "only the owner or an admin can disable for all");
  call.room->disabled[MediaIndex(r.media)] = r.disable;
  PushToRoom(call.app, *call.room, "", {"all-disabled", json{{"media", wire::Name(r.media)}, {"disable", r.disable}}});
  return Outcome::Ok();
}

Outcome RoomEngine::MuteUser(Call& call, const wire::RoomMuteUser& r) {
  if (!call.Privileged()) return Fail(re::kOwnerOrAdminRequired, "only the owner or an admin can mute users");
  if (!call.app.users.contains(r.user_id)) return Fail(re::kUserNotFound, "user " + r.user_id + " not found");
  if (!call.room->members.contains(r.user_id)) return Fail(re::kUserNotInRoom, r.user_id + " is not in the room");
  if (r.mute)
    call.room->muted.insert(r.user_id);
  else
    call.room->muted.erase(r.user_id);
  PushToUser(call.app, r.user_id, {"user-muted", json{{"userId", r.user_id}, {"mute", r.mute}}});
  return Outcome::Ok();
}

Outcome RoomEngine::SendMessage(Call& call, const wire::RoomSendMessage& r) {
  if (call.room->disabled[MediaIndex(wire::Media::kMessage)] && !call.Privileged())
    return Fail(re::kAllMuted, "messages are disabled for all members");
  if (call.room->muted.contains(call.user.user_id)) return Fail(re::kUserMuted, "you are muted in this room");
  PushToRoom(call.app, *call.room, call.user.user_id,
             {"message", json{{"userId", call.user.user_id}, {"text", r.text}}});
  return Outcome::Ok();
}

Outcome RoomEngine::KickUser(Call& call, const wire::RoomKickUser& r) {
  if (!call.Privileged()) return Fail(re::kOwnerOrAdminRequired, "only the owner or an admin can kick users");
  if (!call.app.users.contains(r.user_id)) return Fail(re::kUserNotFound, "user " + r.user_id + " not found");
  if (!call.room->members.contains(r.user_id)) return Fail(re::kUserNotInRoom, r.user_id + " is not in the room");
  if (r.user_id == call.room->settings.owner) return Fail(re::kOwnerRequired, "the owner cannot be kicked");
  std::string room_id = call.room->settings.room_id;
  PushToUser(call.app, r.user_id, {"kicked", json{{"reason", "kicked-out"}, {"roomId", room_id}}});
  RemoveFromRoom(call.app, *call.room, r.user_id);
  return Outcome::Ok();
}

Outcome RoomEngine::GetUser(Call& call, const wire::RoomGetUser& r) {
  auto user = call.app.users.find(r.user_id);
  if (user == call.app.users.end()) return Fail(re::kUserNotFound, "user " + r.user_id + " not found");
  if (call.room && !call.room->members.contains(r.user_id))
    return Fail(re::kUserNotInRoom, r.user_id + " is not in the room");
  json data{{"userId", r.user_id}, {"roomId", user->second.room_id}};
  if (call.room) data["role"] = wire::Name(call.room->members[r.user_id]);
  return Outcome::Ok(data);
}

Outcome RoomEngine::Apply(Call& call, std::string kind, std::int64_t seat_index) {
  std::string id = "req-" + std::to_string(call.app.next_request++);
  call.room->requests[id] = PendingRequest{call.user.user_id, kind, seat_index};
  wire::Push push{"request-received",
                  json{{"requestId", id}, {"userId", call.user.user_id}, {"kind", kind}, {"seatIndex", seat_index}}};
  for (const auto& [user_id, role] : call.room->members)
    if (role != wire::RoomRole::kMember) PushToUser(call.app, user_id, push);
  return Outcome::Ok(json{{"requestId", id}, {"pending", true}});
}

Outcome RoomEngine::CancelRequest(Call& call, const wire::RoomCancelRequest& r) {
  auto it = call.room->requests.find(r.request_id);
  if (it == call.room->requests.end()) return Fail(re::kRequestInvalid, "no pending request " + r.request_id);
  if (it->second.from != call.user.user_id) return Fail(re::kRequestNotYours, "the request is not yours to cancel");
  call.room->requests.erase(it);
  for (const auto& [user_id, role] : call.room->members)
    if (role != wire::RoomRole::kMember)
      PushToUser(call.app, user_id, {"request-cancelled", json{{"requestId", r.request_id}}});
  return Outcome::Ok();
}

Outcome RoomEngine::RespondRequest(Call& call, const wire::RoomRespondRequest& r) {
  if (!call.Privileged()) return Fail(re::kOwnerOrAdminRequired, "only the owner or an admin can answer requests");
  auto it = call.room->requests.find(r.request_id);
  if (it == call.room->requests.end()) return Fail(re::kRequestInvalid, "no pending request " + r.request_id);
  PendingRequest request = it->second;
  call.room->requests.erase(it);
  Outcome outcome = Outcome::Ok();
  if (r.agree && request.kind == "take-seat") outcome = Seat(call, request.from, request.seat_index);
  PushToUser(call.app, request.from,
             {"request-answered",
              json{{"requestId", r.request_id}, {"agree", r.agree}, {"kind", request.kind}, {"code", outcome.code}}});
  return outcome;
}

void RoomEngine::PushToRoom(App& app, const Room& room, const std::string& except, const wire::Push& push) {
  for (const auto& [user_id, role] : room.members)
    if (user_id != except) PushToUser(app, user_id, push);
}

void RoomEngine::PushToUser(App& app, const std::string& user_id, const wire::Push& push) {
  auto user = app.users.find(user_id);
  if (user == app.users.end()) return;
  app.outgoing.push_back({user->second.outbox, push});  // sent when the lock is released
  ++app.queued;
}

void RoomEngine::RemoveFromRoom(App& app, Room& room, const std::string& user_id) {
  for (std::size_t i = 0; i < room.seats.size(); ++i) {
    if (room.seats[i].user_id != user_id) continue;
    room.seats[i].user_id.clear();
    PushToRoom(app, room, user_id, {"seat-changed", json{{"seatIndex", i}, {"userId", ""}}});
  }
  if (room.screen_sharer == user_id) room.screen_sharer.clear();
  room.members.erase(user_id);
  if (auto user = app.users.find(user_id); user != app.users.end()) user->second.room_id.clear();
  PushToRoom(app, room, user_id, {"user-left", json{{"userId", user_id}}});
}

json RoomEngine::RoomInfo(const Room& room) {
  json members = json::array();
  for (const auto& [user_id, role] : room.members) members.push_back({{"userId", user_id}, {"role", wire::Name(role)}});
  json seats = json::array();
  for (const auto& seat : room.seats)
    seats.push_back({{"userId", seat.user_id},
                     {"locked", seat.locked},
                     {"audioLocked", seat.audio_locked},
                     {"videoLocked", seat.video_locked}});
  const auto& s = room.settings;
  return {{"roomId", s.room_id},
          {"name", s.name},
          {"roomType", wire::Name(s.room_type)},
          {"owner", s.owner},
          {"seatEnabled", s.seat_enabled},
          {"seatMode", wire::Name(s.seat_mode)},
          {"maxSeatCount", s.max_seat_count},
          {"members", members},
          {"seats", seats}};
}

Outcome RoomEngine::CreateRoom(std::uint64_t sdk_app_id, const RoomSettings& settings) {
  App& app = AppFor(sdk_app_id);
  AppLock lock(app);
  if (app.rooms.contains(settings.room_id)) return Fail(re::kRoomIdInUse, "room id in use");
  Room room;
  room.settings = settings;
  room.seats.resize(settings.seat_enabled ? static_cast<std::size_t>(settings.max_seat_count) : 0);
  app.rooms.emplace(settings.room_id, std::move(room));
  return Outcome::Ok();
}

Outcome RoomEngine::DestroyRoom(std::uint64_t sdk_app_id, const std::string& room_id) {
  App& app = AppFor(sdk_app_id);
  AppLock lock(app);
  auto it = app.rooms.find(room_id);
  if (it == app.rooms.end()) return Fail(re::kRoomNotExist, "room " + room_id + " does not exist");
  PushToRoom(app, it->second, "", {"room-disbanded", json{{"roomId", room_id}}});
  for (const auto& [user_id, role] : it->second.members)
    if (auto user = app.users.find(user_id); user != app.users.end()) user->second.room_id.clear();
  app.rooms.erase(it);
  return Outcome::Ok();
}

Outcome RoomEngine::GetRoomInfo(std::uint64_t sdk_app_id, const std::string& room_id) {
  App& app = AppFor(sdk_app_id);
  AppLock lock(app);
  auto it = app.rooms.find(room_id);
  if (it == app.rooms.end()) return Fail(re::kRoomNotExist, "room " + room_id + " does not exist");
  return Outcome::Ok(RoomInfo(it->second));
}

bool RoomEngine::RoomExists(std::uint64_t sdk_app_id, const std::string& room_id) {
  App& app = AppFor(sdk_app_id);
  AppLock lock(app);
  return app.rooms.contains(room_id);
}

}  // namespace trtc::service
