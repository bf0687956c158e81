// One signaling session's logic: channel setup (hello), joins and the rest, answered through
// an Outbox. It knows nothing of sockets or framing; the WebSocket server, the tests and
// the session fuzzer drive it the same way. Not thread-safe: one strand calls it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "harness/service/outbox.h"
#include "harness/service/rtc_rooms.h"
#include "harness/service/service.h"
#include "harness/service/session_logic.h"
#include "harness/wire/protocol.h"

namespace trtc::service {

class Session : public SessionLogic {
 public:
  Session(Service& service, std::shared_ptr<Outbox> outbox);
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Handle(const wire::ClientFrame& frame) override;
  void HandleProtocolError(wire::ProtocolError error) override;
  // The heartbeat timeout: close 4000.
  void OnIdle() override;
  std::int64_t idle_timeout_ms() const override;
  // The connection is gone: leave rooms, log out.
  void OnClosed() override;

  std::uint64_t id() const { return id_; }
  const std::string& user_id() const override { return user_id_; }
  wire::Endpoint endpoint() const override { return wire::Endpoint::kSignaling; }

 private:
  Outcome Dispatch(const wire::Request& request);
  Outcome Hello(const wire::Hello& hello);
  Outcome Join(const wire::Join& join);
  Outcome Leave();
  Outcome Publish(const wire::Publish& publish);
  Outcome Unpublish(wire::StreamKind stream);
  Outcome Subscribe(const wire::Subscribe& subscribe);
  // Drops this user's media transports (publications and subscriptions) on leave or close.
  void ForgetMedia();
  Outcome CheckPrivateMapKey(const AppConfig& app, const wire::RoomId& room_id,
                             const std::optional<std::string>& key) const;
  Outcome InRoom(const char* what) const;
  RtcMemberRef Me() const { return {room_key_, user_id_, id_}; }

  Service& service_;
  std::shared_ptr<Outbox> outbox_;
  const std::uint64_t id_;
  int consecutive_protocol_errors_ = 0;
  bool logged_in_ = false;
  std::uint64_t sdk_app_id_ = 0;
  std::string user_id_;
  std::int64_t user_sig_expires_at_ = 0;  // unix seconds
  std::string room_key_;                  // empty: in no Web SDK room
  std::optional<wire::RoomId> room_id_;
  bool cdn_active_ = false;
  bool mix_active_ = false;
};

}  // namespace trtc::service
