// Everything the servers share: the apps, the server clock, accounts, Web SDK rooms,
// RoomEngine state and the REST API. Framing-free: codecs and transports sit outside.
#pragma once

#include <atomic>
#include <cstdint>

#include "harness/clock/server_clock.h"
#include "harness/service/accounts.h"
#include "harness/service/app_config.h"
#include "harness/service/rest_api.h"
#include "harness/service/room_engine.h"
#include "harness/service/rtc_rooms.h"

namespace trtc::service {

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
  std::uint64_t NextSessionId() { return next_session_id_.fetch_add(1, std::memory_order_relaxed); }

 private:
  const ServiceConfig config_;
  clock::ServerClock& clock_;
  Accounts accounts_;
  RtcRooms rtc_rooms_;
  RoomEngine room_engine_;
  RestApi rest_;
  std::atomic<std::uint64_t> next_session_id_{1};
};

}  // namespace trtc::service
