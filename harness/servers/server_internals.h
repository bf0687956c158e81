// Internal to harness/servers: what the listeners share. Includes Asio; never include it
// from a public header.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "harness/clock/server_clock.h"
#include "harness/faults/fault_engine.h"
#include "harness/journal/journal.h"
#include "harness/servers/http_handler.h"
#include "harness/servers/server_set.h"
#include "harness/service/service.h"
#include "harness/service/session_logic.h"

namespace trtc::servers {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Frames a session sent and received, newest last, bounded; secrets redacted. How the
// session ended is recorded as a frame in parentheses: "(close 1008 why)" or "(reset)"
// out when the server ended it, "(close 1000 why)" in when the client did, "(error what)"
// in or out when the connection broke. Also who the session is and how many frames wait
// to be written, for the session list.
class FrameRecorder {
 public:
  static constexpr std::size_t kMaxFrames = 256;
  static constexpr std::size_t kMaxFrameText = 4096;
  // `changed`, when given, is notified after every frame and queue change.
  explicit FrameRecorder(ChangeSignal* changed = nullptr) : changed_(changed) {}
  void Record(std::string direction, std::int64_t at_ms, std::string_view text);
  std::vector<RecordedFrame> Frames() const;  // redacted
  std::size_t count() const;
  void SetUser(std::string user_id);
  std::string user() const;
  void SetQueued(std::size_t frames);
  std::size_t queued() const { return queued_.load(); }
  // Counts the session's answers to ServerSet::Settle (a pong, or "nothing to wait for").
  void MarkSettled();
  std::uint64_t settled() const { return settled_.load(); }

 private:
  ChangeSignal* changed_;
  mutable std::mutex mutex_;  // per session: the session's strand and the control API
  // A ring once full (oldest_ is where the next frame goes). A vector, not a deque: an idle
  // session keeps two or three frames, and a deque allocates 576 bytes before the first.
  std::vector<RecordedFrame> frames_;
  std::size_t oldest_ = 0;
  std::string user_id_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::uint64_t> settled_{0};
};

// A WebSocket session's frames waiting to be written, in order, with the server time each
// was queued (a throttled link sends a frame once the frames before it have left, and not
// before it was queued). Bounded (docs/protocol.md, "write queue"): while it is full the
// session reads nothing more from its client, so a client that does not read stops
// getting answers instead of making the server buffer them. Pushes that other sessions
// cause still join a full queue; past the drop limit the client is taken not to read at
// all and its connection is reset.
class WriteQueue {
 public:
  static constexpr std::size_t kMaxFrames = 64;
  static constexpr std::size_t kMaxBytes = 1024 * 1024;
  static constexpr std::size_t kDropFrames = 4 * kMaxFrames;
  static constexpr std::size_t kDropBytes = 4 * kMaxBytes;

  struct Frame {
    std::string text;
    clock::Millis queued_at{0};
  };

  void Push(std::string text, clock::Millis now) {
    bytes_ += text.size();
    frames_.push_back({std::move(text), now});
  }
  void Pop() {
    bytes_ -= front().text.size();
    front_ += 1;
    if (front_ == frames_.size()) {
      frames_.clear();  // keeps its capacity: the next burst reuses it
      front_ = 0;
    } else if (front_ >= kMaxFrames) {
      frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(front_));
      front_ = 0;
    }
  }
  const Frame& front() const { return frames_[front_]; }
  bool empty() const { return size() == 0; }
  std::size_t size() const { return frames_.size() - front_; }
  // Reading from the client waits while this holds.
  bool full() const { return size() >= kMaxFrames || bytes_ >= kMaxBytes; }
  // Queuing one more frame of `more` bytes would pass the drop limit.
  bool WouldOverflow(std::size_t more) const { return size() >= kDropFrames || bytes_ + more > kDropBytes; }

 private:
  // A vector from front_ on, not a deque: a deque allocates 576 bytes for an idle session.
  std::vector<Frame> frames_;
  std::size_t front_ = 0;
  std::size_t bytes_ = 0;
};

// Live sessions, for the control API. Locked on connect, disconnect and control queries.
class SessionRegistry {
 public:
  // `changed`, when given, is notified after every session added or removed.
  explicit SessionRegistry(ChangeSignal* changed = nullptr) : changed_(changed) {}
  struct Entry {
    std::uint64_t connection = 0;
    std::string server;
    std::weak_ptr<FrameRecorder> recorder;
    std::function<void()> ping;  // asks the session for a settle ping (FrameRecorder::MarkSettled)
  };
  void Add(std::uint64_t connection, std::string server, std::weak_ptr<FrameRecorder> recorder,
           std::function<void()> ping);
  // A live session being settled, and its settle count when asked.
  struct Settling {
    std::weak_ptr<FrameRecorder> recorder;
    std::uint64_t asked_at = 0;
  };
  // Asks every live session for a settle ping.
  std::vector<Settling> PingAll() const;
  // An ended session's frames stay readable (the most recent kKeptEnded), for traces.
  void Remove(std::uint64_t connection);
  std::vector<SessionInfo> List(bool include_ended = false) const;
  std::optional<std::vector<RecordedFrame>> Frames(std::uint64_t connection) const;

 private:
  static constexpr std::size_t kKeptEnded = 64;
  struct Ended {
    std::string server;
    std::shared_ptr<FrameRecorder> recorder;
  };
  ChangeSignal* changed_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, Entry> entries_;
  std::map<std::uint64_t, Ended> ended_;
};

struct SharedState {
  service::Service& service;
  faults::FaultEngine& faults;
  clock::ServerClock& clock;
  SessionRegistry& registry;
  journal::Journal& journal;
  ChangeSignal& changed;  // the journal's, for what sessions record beside it
  std::size_t max_sessions;
  std::atomic<std::int64_t> refuse_until_ms{0};
  std::atomic<std::size_t> live_sessions{0};
  std::atomic<std::uint64_t> connections{0};
};

// Fires a handler when server time reaches a deadline; re-arms itself when the clock is
// moved (Rearm), so a jump of the server clock fires due timers at once.
// Ownership: the handler must not own the object that owns the timer (that would be a
// cycle); pass that object as `keep_alive` instead. The pending wait holds it, so it lives
// until the timer fires or is cancelled, and is released when the io_context goes away.
class ClockTimer {
 public:
  ClockTimer(net::any_io_executor executor, const clock::ServerClock& clock);
  void ExpireAt(clock::Millis deadline, std::function<void()> handler, std::weak_ptr<void> keep_alive = {});
  void Rearm();
  void Cancel();

 private:
  void Arm();
  net::steady_timer timer_;
  const clock::ServerClock& clock_;
  clock::Millis deadline_{0};
  std::function<void()> handler_;
  std::weak_ptr<void> keep_alive_;
  std::uint64_t generation_ = 0;
};

// How an accept loop answers a failed accept. Running out of descriptors or memory
// (EMFILE, ENFILE, ENOBUFS, ENOMEM) does not pass by retrying at once (the pending
// connection stays in the backlog, so the retry fails again and the loop spins a core):
// wait, kFirst doubling to kLongest, until an accept works. Anything else concerns one
// connection only: accept the next at once.
class AcceptBackoff {
 public:
  static constexpr std::chrono::milliseconds kFirst{50};
  static constexpr std::chrono::milliseconds kLongest{1000};
  // The wait before the next accept; zero to accept again at once.
  std::chrono::milliseconds AfterError(const boost::system::error_code& ec);
  // True when this success ends a back-off.
  bool AfterSuccess();
  bool backing_off() const { return next_wait_ != std::chrono::milliseconds::zero(); }

 private:
  std::chrono::milliseconds next_wait_{0};
};

// Hands an accepted connection over, on a strand of its own.
using OnAccepted = std::function<void(tcp::socket)>;

// Binds and listens on `endpoint` and accepts until the io_context stops, backing off
// (AcceptBackoff) on resource exhaustion and saying so once on stderr, naming the listener
// `name`, and once more when accepts work again. Returns the bound port (0 and `error` set
// on failure).
std::uint16_t StartTcpListener(net::io_context& io, const tcp::endpoint& endpoint, std::string name,
                               OnAccepted on_accepted, std::string& error);

// Makes the logic a new WebSocket connection runs (signaling or media).
using LogicFactory =
    std::function<std::unique_ptr<service::SessionLogic>(service::Service&, std::shared_ptr<service::Outbox>)>;

// Starts accepting WebSocket connections that run `logic`; `server` names them for faults
// and the session list. Returns the bound port (0 and `error` set on failure).
std::uint16_t StartWebSocketListener(net::io_context& io, const tcp::endpoint& endpoint, SharedState& shared,
                                     net::ssl::context* tls, std::string server, LogicFactory logic,
                                     std::string& error);
// A journal entry of `server` stamped with the server clock.
journal::Entry JournalEntry(const clock::ServerClock& clock, journal::Kind kind, std::string server,
                            std::uint64_t connection = 0);

// Starts serving HTTP with `handler`; `name` names the listener in the log.
std::uint16_t StartHttpListener(net::io_context& io, const tcp::endpoint& endpoint, std::string name,
                                HttpHandler handler, clock::ServerClock& clock, std::string& error);

std::uint16_t StartStunResponder(net::io_context& io, const net::ip::address& address, std::uint16_t port,
                                 SharedState& shared, const std::string& password, std::string& error);

// A UDP server: one socket on a strand, every datagram handed to Derived::OnDatagram
// (std::string_view, const udp::endpoint&) until the io_context stops. The STUN responder
// and the WebRTC endpoint are ones.
template <class Derived>
class UdpServer : public std::enable_shared_from_this<Derived> {
 public:
  using udp = net::ip::udp;

  // Binds and starts reading; the bound port, or 0 with `error` set.
  std::uint16_t Listen(const udp::endpoint& endpoint, std::string_view name, std::string& error) {
    boost::system::error_code ec;
    socket_.open(endpoint.protocol(), ec);
    if (!ec) socket_.bind(endpoint, ec);
    if (ec) {
      error = "cannot bind " + std::string(name) + " to " + endpoint.address().to_string() + ":" +
              std::to_string(endpoint.port()) + ": " + ec.message();
      return 0;
    }
    Receive();
    return socket_.local_endpoint().port();
  }

 protected:
  explicit UdpServer(net::io_context& io) : socket_(net::make_strand(io)) {}

  void Send(std::string bytes, const udp::endpoint& to) {
    auto data = std::make_shared<std::string>(std::move(bytes));
    socket_.async_send_to(net::buffer(*data), to, [data](boost::system::error_code, std::size_t) {});
  }

  udp::socket socket_;

 private:
  void Receive() {
    socket_.async_receive_from(net::buffer(buffer_), sender_,
                               [this, self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                 if (ec == net::error::operation_aborted) return;
                                 if (!ec) self->OnDatagram(std::string_view(buffer_.data(), n), sender_);
                                 Receive();
                               });
  }

  std::array<char, 2048> buffer_{};
  udp::endpoint sender_;
};

// The WebRTC media endpoint (ICE-lite, DTLS-SRTP) on UDP `port` (0: the OS picks; the
// bound port in `bound`); null and `error` set on failure.
std::shared_ptr<service::MediaPlane> StartWebRtcEndpoint(net::io_context& io, const net::ip::address& address,
                                                         std::uint16_t port, SharedState& shared, std::uint16_t& bound,
                                                         std::string& error);

// A self-signed certificate for wss, generated at start (EC P-256, CN=localhost,
// SAN localhost and 127.0.0.1), or loaded from PEM files.
bool ConfigureTls(net::ssl::context& context, const std::string& cert_file, const std::string& key_file,
                  std::string& error);

// The frame text with secrets cut to their first 8 bytes: the values of userSig and
// privateMapKey however the JSON spells the key (parsed when the text is JSON, read
// literal by literal when not), and usersig= in URLs.
std::string RedactSecrets(std::string_view text);

}  // namespace trtc::servers
