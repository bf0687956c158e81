// Everything the servers share: the apps, the server clock, accounts, Web SDK rooms,
// RoomEngine state and the REST API. Framing-free: codecs and transports sit outside.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "harness/clock/server_clock.h"
#include "harness/service/accounts.h"
#include "harness/service/app_config.h"
#include "harness/service/media_plane.h"
#include "harness/service/rest_api.h"
#include "harness/service/room_engine.h"
#include "harness/service/rtc_rooms.h"

namespace trtc::service {

// Live signaling sessions by id, so a media channel can find the session it belongs to.
// Locked on hello, join, leave and channel open, never per frame.
class SessionDirectory {
 public:
  struct Entry {
    std::uint64_t sdk_app_id = 0;
    std::string user_id;
    std::string room_key;  // empty: in no room
  };
  void Set(std::uint64_t session_id, Entry entry);
  void Remove(std::uint64_t session_id);
  std::optional<Entry> Find(std::uint64_t session_id) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Entry> entries_;
};

class Service {
 public:
  Service(ServiceConfig config, clock::ServerClock& clock);
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  const ServiceConfig& config() const { return config_; }
  clock::ServerClock& clock() { return clock_; }
  Accounts& accounts() { return accounts_; }
  RtcRooms& rtc_rooms() { return rtc_rooms_; }
  RoomEngine& room_engine() { return room_engine_; }
  RestApi& rest() { return rest_; }
  SessionDirectory& directory() { return directory_; }
  std::uint64_t NextSessionId() { return next_session_id_.fetch_add(1, std::memory_order_relaxed); }
  // The WebRTC endpoint, when the servers run one (null in pure service tests). Set once,
  // before any session starts.
  MediaPlane* media_plane() const { return media_plane_; }
  void set_media_plane(MediaPlane* plane) { media_plane_ = plane; }

 private:
  const ServiceConfig config_;
  clock::ServerClock& clock_;
  Accounts accounts_;
  RtcRooms rtc_rooms_;
  RoomEngine room_engine_;
  RestApi rest_;
  SessionDirectory directory_;
  std::atomic<std::uint64_t> next_session_id_{1};
  MediaPlane* media_plane_ = nullptr;
};

}  // namespace trtc::service
