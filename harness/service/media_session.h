// One media channel: the transport a published or subscribed stream travels on, reduced
// to what the documented media errors need: it belongs to a signaling session and a
// stream, and lives on keepalives. A publisher that goes silent for the media timeout
// loses its stream (others get stream-removed, reason "media-timeout"); a subscriber whose
// stream is gone is told and closed (4003), which is "remote stream gone" for the client.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "harness/service/service.h"
#include "harness/service/session_logic.h"

namespace trtc::service {

class MediaSession : public SessionLogic {
 public:
  MediaSession(Service& service, std::shared_ptr<Outbox> outbox);

  void Handle(const wire::ClientFrame& frame) override;
  void HandleProtocolError(wire::ProtocolError error) override;
  // The media timeout: a publisher's stream is unpublished; close 4002.
  void OnIdle() override;
  std::int64_t idle_timeout_ms() const override;
  void OnClosed() override {}
  const std::string& user_id() const override { return user_id_; }
  wire::Endpoint endpoint() const override { return wire::Endpoint::kMedia; }

 private:
  Outcome Open(const wire::MediaOpen& open);
  Outcome Keepalive();
  bool StreamLive() const;

  Service& service_;
  std::shared_ptr<Outbox> outbox_;
  int consecutive_protocol_errors_ = 0;
  std::optional<wire::MediaOpen> channel_;
  std::string user_id_;   // who owns the channel
  std::string room_key_;  // where the stream is
};

}  // namespace trtc::service
