#include "harness/reference_client/core.h"

#include "harness/client/documented_error.h"
#include "harness/client/operations.h"
#include "harness/wire/json_codec.h"

namespace trtc::refclient {

void Core::Error(catalog::Family family, int code, std::optional<int> extra_code, std::string reason,
                 std::string operation) {
  auto error = client::MakeError(family, code, extra_code, std::move(reason), config.locale, std::move(operation));
  error.at_ms = timers.now();
  observer_.OnError(error);
}

void Core::Event(std::string name, json data) { observer_.OnEvent({std::move(name), std::move(data), timers.now()}); }

void Core::Result(std::uint64_t id, std::string operation, int code, json data) {
  outstanding_.erase(id);
  observer_.OnResult({id, std::move(operation), code, std::move(data)});
}

void Core::Fail(const client::Command& command, catalog::Family family, int code, std::optional<int> extra_code,
                std::string reason) {
  Error(family, code, extra_code, std::move(reason), command.operation);
  Result(command.id, command.operation, code);
}

void Core::FailOutstanding(std::string_view operation_family, catalog::Family family, int code, std::string reason,
                           std::uint64_t except_id) {
  std::vector<client::Command> orphans;
  for (const auto& [id, command] : outstanding_) {
    const auto* spec = client::FindOperation(command.operation);
    if (id != except_id && spec && spec->family == operation_family) orphans.push_back(command);
  }
  for (const auto& command : orphans) Fail(command, family, code, {}, reason);
}

void Core::End() {
  if (--in_flight_ > 0) return;
  auto waiters = std::move(settled_waiters_);
  settled_waiters_.clear();
  for (auto& waiter : waiters) waiter();
}

void Core::WhenSettled(std::function<void()> task) {
  if (in_flight_ == 0) return task();
  settled_waiters_.push_back(std::move(task));
}

void Channel::Open(std::function<void(bool)> done) {
  core_.Begin();
  opening_ = std::move(done);
  std::weak_ptr<Channel> weak = shared_from_this();
  WsLink::Handlers handlers;
  handlers.on_open = [weak] {
    if (auto self = weak.lock()) {
      self->open_ = true;
      self->FinishOpening(true);
    }
  };
  handlers.on_text = [weak](std::string_view text) {
    if (auto self = weak.lock()) self->OnText(text);
  };
  handlers.on_closed = [weak](int close_code) {
    if (auto self = weak.lock()) {
      self->FinishOpening(false);
      self->OnClosed(close_code);
    }
  };
  link_ = OpenWebSocket(core_.loop, url_, std::move(handlers));
}

void Channel::FinishOpening(bool ok) {
  if (!opening_) return;
  auto done = std::exchange(opening_, nullptr);
  done(ok);
  core_.End();
}

void Channel::Request(const wire::Request& request, std::function<void(Reply)> done, std::int64_t timeout_ms) {
  const int repeats = core_.misbehaviour.repeats_after_refusal;
  if (repeats > 0 && done) done = RepeatOnRefusal(request, std::move(done), repeats);
  Send(request, std::move(done), timeout_ms);
}

// Broken variants only: a refused request is sent `repeats` more times, at once, before the
// refusal is delivered.
std::function<void(Reply)> Channel::RepeatOnRefusal(const wire::Request& request, std::function<void(Reply)> done,
                                                    int repeats) {
  std::weak_ptr<Channel> weak = shared_from_this();
  return [weak, request, done = std::move(done), repeats](Reply reply) {
    auto self = weak.lock();
    if (!self || repeats == 0 || reply.kind != Reply::Kind::kResponse || reply.code == 0) return done(std::move(reply));
    self->Send(request, [weak, request, done, repeats, reply](Reply) {
      auto again = weak.lock();
      if (!again) return done(reply);
      again->RepeatOnRefusal(request, done, repeats - 1)(reply);
    });
  };
}

void Channel::Send(const wire::Request& request, std::function<void(Reply)> done, std::int64_t timeout_ms) {
  std::uint32_t seq = next_seq_++;
  Pending pending{std::move(done)};
  if (timeout_ms > 0) {
    std::weak_ptr<Channel> weak = shared_from_this();
    pending.timer = core_.timers.After(timeout_ms, [weak, seq] {
      if (auto self = weak.lock()) self->Answer(seq, {Reply::Kind::kTimeout});
    });
  }
  pending_.emplace(seq, std::move(pending));
  if (!link_ || !open_) return Answer(seq, {Reply::Kind::kClosed});
  link_->Send(wire::Encode(wire::ClientFrame{seq, request}));
}

void Channel::Close() {
  if (opening_) {
    opening_ = nullptr;
    core_.End();
  }
  open_ = false;
  if (link_) link_->Close();
  link_.reset();
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [seq, p] : pending) core_.timers.Cancel(p.timer);
}

void Channel::Answer(std::uint32_t seq, Reply reply) {
  auto it = pending_.find(seq);
  if (it == pending_.end()) return;
  auto pending = std::move(it->second);
  pending_.erase(it);
  core_.timers.Cancel(pending.timer);
  if (pending.done) pending.done(std::move(reply));
}

void Channel::OnText(std::string_view text) {
  auto parsed = wire::ParseServerFrame(text);
  if (std::holds_alternative<wire::ServerFrameError>(parsed)) {
    // Garbage answers the oldest request waiting; it cannot be anything else's.
    if (!pending_.empty()) Answer(pending_.begin()->first, {Reply::Kind::kGarbage});
    return;
  }
  auto& message = std::get<wire::ServerMessage>(parsed);
  if (auto* response = std::get_if<wire::Response>(&message)) {
    return Answer(response->seq, {Reply::Kind::kResponse, response->code, response->data});
  }
  if (auto* error = std::get_if<wire::ProtocolError>(&message)) {
    if (error->seq) return Answer(*error->seq, {Reply::Kind::kProtocolError, static_cast<int>(error->code)});
    return;
  }
  if (handlers_.on_push) handlers_.on_push(std::get<wire::Push>(message));
}

void Channel::OnClosed(int close_code) {
  const bool was_open = open_;
  open_ = false;
  link_.reset();
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [seq, p] : pending) {
    core_.timers.Cancel(p.timer);
    if (p.done) p.done({Reply::Kind::kClosed, close_code});
  }
  if (was_open && handlers_.on_lost) handlers_.on_lost(close_code);
}

}  // namespace trtc::refclient
