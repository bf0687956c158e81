#include "fuzz/support/scripted_network.h"

#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>

#include "harness/reference_client/net.h"
#include "harness/stun/stun.h"

namespace trtc::refclient {

// Posted tasks run at once, in order; a task posted by a running task waits its turn.
struct EventLoop::Impl {
  std::deque<std::function<void()>> tasks;
  bool running = false;
  bool stopped = false;
};

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;

void EventLoop::Post(std::function<void()> task) {
  if (impl_->stopped) return;
  impl_->tasks.push_back(std::move(task));
  if (impl_->running) return;
  impl_->running = true;
  while (!impl_->tasks.empty() && !impl_->stopped) {
    auto next = std::move(impl_->tasks.front());
    impl_->tasks.pop_front();
    next();
  }
  impl_->running = false;
}

void EventLoop::Stop() {
  impl_->stopped = true;
  impl_->tasks.clear();
}

bool EventLoop::InLoopThread() const { return true; }

}  // namespace trtc::refclient

namespace trtc::fuzz {
namespace {

using refclient::EventLoop;
using refclient::WsLink;

ServerScript* script = nullptr;

std::optional<std::string> NextLine() {
  if (!script || script->lines.empty()) return std::nullopt;
  auto line = std::move(script->lines.front());
  script->lines.pop_front();
  return line;
}

bool RefusesNext() {
  if (!script || script->lines.empty() || script->lines.front() != "!refuse") return false;
  script->lines.pop_front();
  return true;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string SeqOf(std::string_view frame) {
  auto json = nlohmann::json::parse(frame, nullptr, false);
  if (!json.is_object() || !json.contains("seq")) return "0";
  return json["seq"].dump();
}

class ScriptedLink : public WsLink, public std::enable_shared_from_this<ScriptedLink> {
 public:
  ScriptedLink(EventLoop& loop, Handlers handlers) : loop_(loop), handlers_(std::move(handlers)) {}

  void Send(std::string text) override {
    if (closed_) return;
    auto line = NextLine();
    if (!line || *line == "!silent") return;
    if (line->starts_with("!close ")) {
      int code = 1006;
      std::from_chars(line->data() + 7, line->data() + line->size(), code);
      return Later([code](ScriptedLink& self) {
        self.closed_ = true;
        if (self.handlers_.on_closed) self.handlers_.on_closed(code);
      });
    }
    ReplaceAll(*line, "{seq}", SeqOf(text));
    for (std::size_t start = 0; start <= line->size();) {
      auto end = std::min(line->find('\t', start), line->size());
      Later([frame = line->substr(start, end - start)](ScriptedLink& self) {
        if (self.handlers_.on_text) self.handlers_.on_text(frame);
      });
      start = end + 1;
    }
  }

  void Close() override { closed_ = true; }

  void Open() {
    if (RefusesNext()) {
      return Later([](ScriptedLink& self) {
        self.closed_ = true;
        if (self.handlers_.on_closed) self.handlers_.on_closed(1006);
      });
    }
    Later([](ScriptedLink& self) {
      if (self.handlers_.on_open) self.handlers_.on_open();
    });
  }

 private:
  // Runs on the loop unless the client closed or dropped the link first (net.h's promise).
  template <class Task>
  void Later(Task task) {
    std::weak_ptr<ScriptedLink> weak = shared_from_this();
    loop_.Post([weak, task = std::move(task)] {
      auto self = weak.lock();
      if (self && !self->closed_) task(*self);
    });
  }

  EventLoop& loop_;
  Handlers handlers_;
  bool closed_ = false;
};

std::optional<std::string> StunAnswer(const std::string& line, std::string_view request) {
  if (line != "{stun}") return line;
  auto parsed = stun::Parse(request);
  auto* message = std::get_if<stun::Message>(&parsed);
  if (!message) return std::nullopt;
  return stun::EncodeBindingSuccess(message->transaction_id, {"127.0.0.1", 50000}, {});
}

}  // namespace

void SetServerScript(ServerScript* server_script) { script = server_script; }

}  // namespace trtc::fuzz

namespace trtc::refclient {

std::shared_ptr<WsLink> OpenWebSocket(EventLoop& loop, const std::string&, WsLink::Handlers handlers) {
  auto link = std::make_shared<fuzz::ScriptedLink>(loop, std::move(handlers));
  link->Open();
  return link;
}

void HttpPost(EventLoop& loop, const std::string&, std::string, std::function<void(HttpReply)> done) {
  auto line = fuzz::NextLine();
  HttpReply reply;
  if (line && *line != "!refuse" && *line != "!silent") reply = {200, *line};
  loop.Post([done = std::move(done), reply] { done(reply); });
}

std::function<void()> UdpExchange(EventLoop& loop, const std::string&, std::uint16_t, std::string datagram,
                                  std::function<void(std::optional<std::string>)> done) {
  auto cancelled = std::make_shared<bool>(false);
  auto line = fuzz::NextLine();
  if (line && *line != "!silent") {
    if (auto answer = fuzz::StunAnswer(*line, datagram)) {
      loop.Post([cancelled, done = std::move(done), answer] {
        if (!*cancelled) done(answer);
      });
    }
  }
  return [cancelled] { *cancelled = true; };
}

}  // namespace trtc::refclient
