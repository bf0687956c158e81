#include "harness/reference_client/links.h"
#include "harness/common/json_value.h"

namespace trtc::refclient {

void MediaLink::Open(std::function<void(Reply)> done) {
  std::weak_ptr<MediaLink> weak = shared_from_this();
  channel_ =
      std::make_shared<Channel>(core_, core_.config.media_url, Channel::Handlers{nullptr, [weak](int close_code) {
                                                                                   if (auto self = weak.lock())
                                                                                     self->Lost(close_code);
                                                                                 }});
  channel_->Open([weak, done](bool ok) {
    auto self = weak.lock();
    if (!self) return;
    if (!ok) return done({Reply::Kind::kClosed});
    self->channel_->Request(
        self->open_,
        [weak, done](Reply reply) {
          auto me = weak.lock();
          if (!me) return;
          if (reply.ok()) {
            me->interval_ms_ = ValueOr<std::int64_t>(reply.data, "keepaliveMs", 2000);
            me->next_tick_ms_ = me->core_.timers.now() + me->interval_ms_;
            me->tick_ = me->core_.timers.At(me->next_tick_ms_, [weak] {
              if (auto s = weak.lock()) s->Tick();
            });
          }
          done(std::move(reply));
        },
        self->core_.timing.dtls_timeout_ms);
  });
}

void MediaLink::Close() {
  if (closed_) return;
  closed_ = true;
  core_.timers.Cancel(tick_);
  if (channel_) channel_->Close();
}

void MediaLink::Tick() {
  if (closed_) return;
  const std::int64_t now = core_.timers.now();
  if (!unanswered_.empty() && now - unanswered_.front() >= core_.timing.media_silence_ms) {
    Close();
    if (handlers_.on_silent) handlers_.on_silent();
    return;
  }
  unanswered_.push_back(now);
  std::weak_ptr<MediaLink> weak = shared_from_this();
  channel_->Request(wire::MediaKeepalive{}, [weak](Reply reply) {
    auto self = weak.lock();
    if (!self || reply.kind == Reply::Kind::kClosed) return;
    if (!self->unanswered_.empty()) self->unanswered_.pop_front();
  });
  // Ticks keep their schedule however far the clock jumps, so a jump replays them in order.
  next_tick_ms_ += interval_ms_;
  tick_ = core_.timers.At(next_tick_ms_, [weak] {
    if (auto self = weak.lock()) self->Tick();
  });
}

void MediaLink::Lost(int close_code) {
  if (closed_) return;
  Close();
  if (handlers_.on_lost) handlers_.on_lost(close_code);
}

void Reconnector::Start() {
  index_ = 0;
  deadline_ms_ = core_.timers.now();
  StartAttempt();
}

void Reconnector::Cancel() {
  core_.timers.Cancel(tick_);
  Abandon();
}

void Reconnector::StartAttempt() {
  const auto window = windows_[std::min<std::size_t>(static_cast<std::size_t>(index_), windows_.size() - 1)];
  deadline_ms_ += window;
  std::weak_ptr<Reconnector> weak = shared_from_this();
  tick_ = core_.timers.At(deadline_ms_, [weak] {
    if (auto self = weak.lock()) self->Tick();
  });
  attempt_live_ = true;
  core_.Begin();
  const auto generation = ++generation_;
  attempt_([weak, generation](bool ok) {
    auto self = weak.lock();
    if (!self || generation != self->generation_ || !self->attempt_live_) return;
    self->attempt_live_ = false;
    self->core_.End();
    if (!ok) return;  // a quick failure does not shorten the window
    self->core_.timers.Cancel(self->tick_);
    if (self->on_success_) self->on_success_();
  });
}

void Reconnector::Abandon() {
  if (!attempt_live_) return;
  attempt_live_ = false;
  ++generation_;
  core_.End();
}

void Reconnector::Tick() {
  Abandon();
  if (++index_ >= attempts_) {
    if (on_give_up_) on_give_up_();
    return;
  }
  StartAttempt();
}

}  // namespace trtc::refclient
