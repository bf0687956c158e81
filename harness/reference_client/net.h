// The reference client's network, behind a small interface so the client logic has no
// Asio in it: one event-loop thread, WebSocket links (signaling, media), one-shot HTTP
// calls (REST) and one-shot UDP exchanges (STUN). Every callback runs on the loop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace trtc::refclient {

class EventLoop {
 public:
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  void Post(std::function<void()> task);
  // Stops the loop and joins its thread; pending callbacks are dropped.
  void Stop();
  bool InLoopThread() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// One WebSocket. Handlers are never called after Close() or after the link is destroyed.
class WsLink {
 public:
  struct Handlers {
    std::function<void()> on_open;
    std::function<void(std::string_view text)> on_text;
    // A close frame's code; 1006 when the connection failed or broke without one.
    std::function<void(int close_code)> on_closed;
  };
  virtual ~WsLink() = default;
  virtual void Send(std::string text) = 0;
  virtual void Close() = 0;  // a normal close (1000), without calling on_closed
};

// ws://host:port/path. Connects at once; on_closed(1006) if it cannot.
std::shared_ptr<WsLink> OpenWebSocket(EventLoop& loop, const std::string& url, WsLink::Handlers handlers);

struct HttpReply {
  int status = 0;  // 0: no HTTP answer (connection failed, reset, garbage)
  std::string body;
};
// POST url (http://host:port/target) with a JSON body.
void HttpPost(EventLoop& loop, const std::string& url, std::string body, std::function<void(HttpReply)> done);

// Sends one datagram and calls done with the first answer. The caller gives up on its own
// clock and calls the returned cancel, which closes the socket without calling done.
std::function<void()> UdpExchange(EventLoop& loop, const std::string& host, std::uint16_t port, std::string datagram,
                                  std::function<void(std::optional<std::string>)> done);

}  // namespace trtc::refclient
