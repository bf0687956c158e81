// The mock servers as one unit: signaling (ws and wss), REST and control, sharing one
// service, one server clock and one fault engine. No Asio or Beast in this header.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/clock/server_clock.h"
#include "harness/faults/fault_engine.h"
#include "harness/journal/journal.h"
#include "harness/service/app_config.h"

namespace trtc::service {
class Service;
}

namespace trtc::servers {

struct ServerSetOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t signaling_port = 0;  // 0: the OS picks
  std::uint16_t signaling_tls_port = 0;
  std::uint16_t rest_port = 0;
  std::uint16_t control_port = 0;
  std::uint16_t media_port = 0;
  std::uint16_t stun_port = 0;    // UDP
  std::uint16_t webrtc_port = 0;  // UDP: the ICE-lite / DTLS-SRTP endpoint
  bool enable_tls = true;
  bool enable_stun = true;
  bool enable_webrtc = true;
  std::string stun_password;  // ICE short-term credential: checks and adds MESSAGE-INTEGRITY
  std::string tls_cert_file;  // empty: generate a self-signed certificate
  std::string tls_key_file;
  std::string control_token;  // required off loopback
  int threads = 1;
  service::ServiceConfig config = service::DefaultServiceConfig();
  clock::ServerClock::Options clock;
};

struct Endpoint {
  std::string name;  // signaling, signaling-tls, media, rest, stun, webrtc, control
  std::string url;
  std::uint16_t port = 0;
};

struct RecordedFrame {
  std::string direction;  // "in" or "out"
  std::int64_t at_ms = 0;
  std::string text;
};

struct SessionInfo {
  std::uint64_t connection = 0;
  std::string server;
  std::string user_id;
  std::size_t frames = 0;
  std::size_t queued = 0;  // frames waiting to be written (docs/protocol.md, "write queue")
};

class ServerSet {
 public:
  // Binds every server and starts serving; an error message when something cannot bind.
  static std::variant<std::unique_ptr<ServerSet>, std::string> Start(ServerSetOptions options);
  ~ServerSet();
  ServerSet(const ServerSet&) = delete;
  ServerSet& operator=(const ServerSet&) = delete;

  const std::vector<Endpoint>& endpoints() const;
  std::uint16_t port(std::string_view name) const;
  faults::FaultEngine& faults();
  clock::ServerClock& clock();
  service::Service& service();
  // What every client sent and was answered, on the server clock (docs/handling.md).
  journal::Journal& journal();
  // Live sessions; with include_ended also the most recent ended ones (their frames stay).
  std::vector<SessionInfo> Sessions(bool include_ended = false) const;
  std::optional<std::vector<RecordedFrame>> Frames(std::uint64_t connection) const;
  // Whether `condition` on the servers' state (journal, sessions, their frames and write
  // queues) became true within `patience`; checked again on every change of them.
  [[nodiscard]] bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds patience);
  // Until every live WebSocket session's client has read what was sent to it so far: each is
  // pinged after its queued frames and its pong awaited (a session that is not reading, or
  // ends, counts at once). False when some did not answer within `patience`.
  [[nodiscard]] bool Settle(std::chrono::milliseconds patience);

  // Stops accepting, closes connections and joins the threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit ServerSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace trtc::servers
