// The Web SDK v4 half of the reference client: client.join/publish/subscribe… over the
// wire protocol, reporting failures with the sdk codes and extra codes the documents give.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "harness/reference_client/core.h"
#include "harness/reference_client/links.h"

namespace trtc::refclient {

class WebClient {
 public:
  explicit WebClient(Core& core) : core_(core) {}
  ~WebClient();
  // False when the operation is not a Web SDK one.
  bool Execute(const client::Command& command);

 private:
  enum class PublishState { kNone, kPublishing, kPublished };
  struct Subscription {
    std::shared_ptr<MediaLink> link;
    bool playing = false;
  };

  void CreateClient(const client::Command& c);
  void Join(const client::Command& c);
  void Leave(const client::Command& c);
  void InitLocalStream(const client::Command& c);
  void Publish(const client::Command& c);
  void Unpublish(const client::Command& c);
  void Subscribe(const client::Command& c);
  void Unsubscribe(const client::Command& c);
  void Play(const client::Command& c, bool gesture);
  void SwitchRole(const client::Command& c);
  void RoomRequest(const client::Command& c, wire::Request request, std::string_view failure_key);
  void DeviceLost(const client::Command& c);

  // Join steps: connect, hello, join; each failure reported as the documents link it.
  void Connect(const client::Command& c);
  void Hello(const client::Command& c);
  void SendJoin(const client::Command& c);
  void JoinFailed(const client::Command& c, std::string_view key, std::optional<int> extra, std::string reason);
  std::shared_ptr<Channel> NewChannel();
  wire::Hello HelloRequest() const;
  wire::Join JoinRequest() const;

  void PublishSignaled(const client::Command& c);
  void PublishIce(const client::Command& c);
  void PublishMedia(const client::Command& c);
  void PublishFailed(const client::Command& c, std::string_view key, std::string reason, std::optional<int> extra = {});
  void OpenSubscription(const client::Command& c, const std::string& user_id);

  void OnPush(const wire::Push& push);
  void OnSignalLost(int close_code);
  void ReconnectAttempt(std::function<void(bool)> done);
  void OnMediaLost(bool uplink, const std::string& user_id, int close_code);
  void StartHeartbeat();
  void ResetRoomState();
  // Leaves the room state behind and fails the commands it was still answering (INVALID_OPERATION
  // with the reason), except the one ending the room.
  void EndRoom(std::string reason, std::uint64_t ending_command_id = 0);
  bool RequireJoined(const client::Command& c);

  Core& core_;
  // identity (create-client)
  bool created_ = false;
  std::uint64_t sdk_app_id_ = 0;
  std::string user_id_, user_sig_;
  bool string_room_id_ = false;
  // room
  std::shared_ptr<Channel> channel_;
  std::uint64_t session_id_ = 0;
  bool joining_ = false, joined_ = false;
  wire::RoomId room_id_;
  wire::Role role_ = wire::Role::kAnchor;
  std::optional<std::string> private_map_key_;
  Timers::Id join_timer_ = 0, heartbeat_ = 0;
  std::shared_ptr<Reconnector> signal_reconnect_;
  std::shared_ptr<Channel> attempt_channel_;
  // media
  bool local_stream_ = false;
  PublishState publish_ = PublishState::kNone;
  std::shared_ptr<MediaLink> uplink_;
  std::shared_ptr<Reconnector> uplink_reconnect_;
  std::function<void()> cancel_stun_;
  Timers::Id ice_timer_ = 0;
  // Per client, not static: clients on other threads (the mutation check's) must not share it.
  std::uint32_t stun_transaction_ = 0;
  std::map<std::string, Subscription> subscriptions_;
  std::map<std::string, std::shared_ptr<Reconnector>> downlink_reconnects_;
};

}  // namespace trtc::refclient
