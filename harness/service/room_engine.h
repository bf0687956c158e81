// TUIRoomEngine state: logged-in users, rooms, roles, seats, locks, mutes and signaling
// requests. Every documented -1xxx/-2xxx code of the room, user and seat tables that a
// server can decide comes out of this state. The REST API shares it (a room created over
// REST can be entered by a RoomEngine client). One lock per app: RoomEngine operations are
// rare next to frames, and an app's rooms must change together (a user is in one room).
// Pushes are decided under the lock and sent after it is released (AppLock), in the order
// they were decided: an outbox is never called with the lock held.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "harness/clock/server_clock.h"
#include "harness/ratelimit/ratelimit.h"
#include "harness/service/app_config.h"
#include "harness/service/outbox.h"
#include "harness/wire/protocol.h"

namespace trtc::service {

// Who is asking: the logged-in user of one session.
struct RoomUser {
  std::uint64_t sdk_app_id = 0;
  std::string user_id;
  std::uint64_t session_id = 0;
};

// Room settings as the REST API and room.create give them.
struct RoomSettings {
  std::string room_id;
  std::string name;
  wire::RoomType room_type = wire::RoomType::kConference;
  std::string owner;
  bool seat_enabled = false;
  wire::SeatMode seat_mode = wire::SeatMode::kFree;
  std::int64_t max_seat_count = 0;
  std::int64_t max_member_count = 0;
};

class RoomEngine {
 public:
  RoomEngine(const ServiceConfig& config, const clock::ServerClock& clock);

  void Login(const RoomUser& user, std::shared_ptr<Outbox> outbox);
  void Logout(const RoomUser& user);  // leaves the room the session is in

  // Dispatches one RoomEngine request of a logged-in user.
  Outcome Handle(const RoomUser& user, const wire::Request& request);

  // REST side (no session): the calls of create_room, destroy_room, get_room_info.
  Outcome CreateRoom(std::uint64_t sdk_app_id, const RoomSettings& settings);
  Outcome DestroyRoom(std::uint64_t sdk_app_id, const std::string& room_id);
  Outcome GetRoomInfo(std::uint64_t sdk_app_id, const std::string& room_id);
  bool RoomExists(std::uint64_t sdk_app_id, const std::string& room_id);

 private:
  struct Seat {
    std::string user_id;  // empty: free
    bool locked = false;
    bool audio_locked = false;
    bool video_locked = false;
  };
  struct PendingRequest {
    std::string from;
    std::string kind;  // "take-seat", "open-microphone", "open-camera"
    std::int64_t seat_index = -1;
  };
  struct Room {
    RoomSettings settings;
    std::map<std::string, wire::RoomRole> members;
    std::vector<Seat> seats;
    bool disabled[3] = {false, false, false};  // by wire::Media
    std::set<std::string> muted;
    std::string screen_sharer;
    std::map<std::string, PendingRequest> requests;
  };
  struct User {
    std::uint64_t session_id = 0;
    std::weak_ptr<Outbox> outbox;
    std::string room_id;  // empty: in no room
  };
  struct OutgoingPush {
    std::weak_ptr<Outbox> to;
    wire::Push push;
  };
  struct App {
    std::mutex mutex;
    std::map<std::string, Room> rooms;
    std::map<std::string, User> users;
    ratelimit::KeyedLimiter op_limiter;
    std::uint64_t next_request = 1;
    // Pushes decided and not yet sent, oldest first, and how many ever were queued and sent.
    std::deque<OutgoingPush> outgoing;
    std::uint64_t queued = 0;
    std::uint64_t sent = 0;
    std::optional<std::thread::id> sender;  // the thread sending `outgoing` now, if any
    std::condition_variable sent_more;
    explicit App(std::uint32_t per_second) : op_limiter(per_second, per_second) {}
  };
  class AppLock;
  struct Call;  // one operation in progress: app, room, caller

  App& AppFor(std::uint64_t sdk_app_id);
  Outcome Create(Call& call, const wire::RoomCreate& r);
  Outcome Enter(Call& call, const wire::RoomEnter& r);
  Outcome Exit(Call& call);
  Outcome Destroy(Call& call);
  Outcome ChangeRole(Call& call, const wire::RoomChangeRole& r);
  Outcome TakeSeat(Call& call, const wire::RoomTakeSeat& r);
  Outcome LeaveSeat(Call& call);
  Outcome LockSeat(Call& call, const wire::RoomLockSeat& r);
  Outcome OpenDevice(Call& call, const wire::RoomOpenDevice& r);
  Outcome DisableAll(Call& call, const wire::RoomDisableAll& r);
  Outcome MuteUser(Call& call, const wire::RoomMuteUser& r);
  Outcome SendMessage(Call& call, const wire::RoomSendMessage& r);
  Outcome KickUser(Call& call, const wire::RoomKickUser& r);
  Outcome GetUser(Call& call, const wire::RoomGetUser& r);
  Outcome CancelRequest(Call& call, const wire::RoomCancelRequest& r);
  Outcome RespondRequest(Call& call, const wire::RoomRespondRequest& r);

  Outcome Seat(Call& call, const std::string& user_id, std::int64_t seat_index);
  Outcome Apply(Call& call, std::string kind, std::int64_t seat_index);
  void PushToRoom(App& app, const Room& room, const std::string& except, const wire::Push& push);
  void PushToUser(App& app, const std::string& user_id, const wire::Push& push);
  void RemoveFromRoom(App& app, Room& room, const std::string& user_id);
  static nlohmann::json RoomInfo(const Room& room);

  const ServiceConfig& config_;
  const clock::ServerClock& clock_;
  std::mutex apps_mutex_;  // guards the map of apps only
  std::map<std::uint64_t, std::unique_ptr<App>> apps_;
};

// Room id and name rules (-2105, -2107), shared with the REST API.
bool ValidRoomEngineRoomId(std::string_view room_id);
bool ValidRoomName(std::string_view name);

}  // namespace trtc::service
