#include "harness/service/media_session.h"

namespace trtc::service {

using nlohmann::json;

MediaSession::MediaSession(Service& service, std::shared_ptr<Outbox> outbox)
    : service_(service), outbox_(std::move(outbox)) {}

void MediaSession::Handle(const wire::ClientFrame& frame) {
  if (auto wrong = wire::WrongEndpoint(wire::TypeName(frame.request), endpoint())) {
    wrong->seq = frame.seq;
    return HandleProtocolError(std::move(*wrong));
  }
  consecutive_protocol_errors_ = 0;
  const auto* open = std::get_if<wire::MediaOpen>(&frame.request);
  Outcome outcome = open ? Open(*open) : Keepalive();  // the only other media.* request
  outbox_->Send(wire::Response{frame.seq, std::string(wire::TypeName(frame.request)), outcome.code,
                               std::move(outcome.message), std::move(outcome.data)});
  if (channel_ && channel_->direction == wire::MediaDirection::kSubscribe && outcome.code == kStreamNotFound)
    outbox_->Close(wire::CloseCode::kRemoteStreamGone, "remote stream gone");
}

void MediaSession::HandleProtocolError(wire::ProtocolError error) {
  ReportProtocolError(*outbox_, consecutive_protocol_errors_, std::move(error));
}

std::int64_t MediaSession::idle_timeout_ms() const { return service_.config().limits.media_timeout_ms; }

Outcome MediaSession::Open(const wire::MediaOpen& open) {
  if (channel_) return Outcome::Fail(kChannelAlreadyOpen, "this channel is already open");
  auto session = service_.directory().Find(open.session_id);
  if (!session) return Outcome::Fail(kNotInRoom, "no live signaling session " + std::to_string(open.session_id));
  if (session->room_key.empty()) return Outcome::Fail(kNotInRoom, "the signaling session is in no room");
  const bool publish = open.direction == wire::MediaDirection::kPublish;
  const std::string& publisher = publish ? session->user_id : open.user_id;
  if (!service_.rtc_rooms().Publishes(session->room_key, publisher, open.stream))
    return Outcome::Fail(publish ? kNotPublished : kStreamNotFound,
                         publisher + " does not publish a " + std::string(wire::Name(open.stream)) + " stream");
  channel_ = open;
  channel_->user_id = publisher;
  user_id_ = session->user_id;
  room_key_ = session->room_key;
  const auto& limits = service_.config().limits;
  return Outcome::Ok(json{{"timeoutMs", limits.media_timeout_ms}, {"keepaliveMs", limits.media_timeout_ms / 5}});
}

bool MediaSession::StreamLive() const {
  return service_.rtc_rooms().Publishes(room_key_, channel_->user_id, channel_->stream);
}

Outcome MediaSession::Keepalive() {
  if (!channel_) return Outcome::Fail(kChannelNotOpen, "send media.open first");
  if (!StreamLive()) {
    const bool publish = channel_->direction == wire::MediaDirection::kPublish;
    return Outcome::Fail(publish ? kNotPublished : kStreamNotFound, "the stream is no longer published");
  }
  return Outcome::Ok();
}

void MediaSession::OnIdle() {
  // The channel closes either way: what unpublishing answered has no one to go to.
  if (channel_ && channel_->direction == wire::MediaDirection::kPublish && StreamLive())
    static_cast<void>(
        service_.rtc_rooms().Unpublish({room_key_, user_id_, channel_->session_id}, channel_->stream, "media-timeout"));
  outbox_->Close(wire::CloseCode::kMediaTimeout, "media timeout");
}

}  // namespace trtc::service
