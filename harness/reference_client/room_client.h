// The TUIRoomEngine half of the reference client (login and the room.* operations) and
// the REST caller. RoomEngine failures surface with the RoomEngine codes themselves; REST
// failures with the envelope's ErrorCode.
#pragma once

#include <memory>
#include <string>

#include "harness/reference_client/core.h"

namespace trtc::refclient {

class RoomClient {
 public:
  explicit RoomClient(Core& core) : core_(core) {}
  ~RoomClient();
  bool Execute(const client::Command& command);

 private:
  void Login(const client::Command& c);
  void Logout(const client::Command& c);
  void Operation(const client::Command& c);
  void Send(const client::Command& c);
  std::optional<int> OpenLocalDevice(const std::string& device) const;
  void Rest(const client::Command& c);
  void Post(const client::Command& c, std::string target, std::string body);
  void RepeatThenFail(const client::Command& c, std::string target, std::string body, int repeats, std::int64_t code);
  void Heartbeat();

  Core& core_;
  std::shared_ptr<Channel> channel_;
  bool logged_in_ = false;
  Timers::Id heartbeat_ = 0;
  // An HTTP answer may arrive after the client stopped: its handler checks this first.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace trtc::refclient
