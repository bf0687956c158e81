// Test clients that talk to the servers over real loopback sockets. Every wait is bounded
// (a hang fails the test after kGuard instead of blocking CI); no wait depends on speed.
// The clients are declarations only: the Beast code behind them is compiled once, in
// test_clients.cc, rather than again in every test that includes this.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/world.h"
#include "harness/servers/server_set.h"

namespace trtc::servers::testing {

using nlohmann::json;

inline constexpr auto kGuard = std::chrono::seconds(20);
inline constexpr std::int64_t kStartMs = scenario::kWorldStartMs;  // the server clock at start

// The one scenario fixture (scenario::World) holding a test's servers: TLS off unless asked,
// the server clock frozen at kStartMs (only the test moves it), no client: the tests talk to
// the servers over their own sockets. Null (with the reason as a test failure) when the
// servers do not start.
inline std::unique_ptr<scenario::World> StartWorld(scenario::WorldOptions options = {}) {
  auto started = scenario::World::Start(std::move(options));
  if (auto* why = std::get_if<std::string>(&started)) {
    ADD_FAILURE() << *why;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<scenario::World>>(started));
}

// A server test: its World, started in SetUp (again with other options by StartServers).
class ServersTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServers(); }
  void StartServers(scenario::WorldOptions options = {}) {
    servers_ = nullptr;
    world_.reset();
    world_ = StartWorld(std::move(options));
    ASSERT_NE(world_, nullptr);
    servers_ = &world_->servers();
  }

  std::unique_ptr<scenario::World> world_;
  ServerSet* servers_ = nullptr;
};

// Whether a WsClient speaks ws:// or wss://. A TLS client verifies nothing: the servers'
// certificate is self-signed.
enum class WsTransport { kPlain, kTls };

// A WebSocket client on its own io_context, speaking the open protocol's requests and
// responses (or any text; the vendor tests frame their own).
class WsClient {
 public:
  explicit WsClient(WsTransport transport = WsTransport::kPlain);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // `target`: the upgrade request's path and query ("/vendor/web-v4?sdkAppId=…").
  [[nodiscard]] bool Connect(std::uint16_t port, const std::string& target = "/");

  void SendText(const std::string& text);
  // Sends the texts as masked text frames in one write on the socket, so that they reach
  // the server together (a burst); the stream is used as usual afterwards.
  void SendTextsInOneWrite(const std::vector<std::string>& texts);
  void SendBinary(const std::string& bytes);

  // The next frame's text, or nullopt when the connection ended (see close_code()).
  [[nodiscard]] std::optional<std::string> ReadText();
  [[nodiscard]] std::optional<json> ReadJson();

  // Sends a request and returns its response; pushes that arrive meanwhile are kept.
  json Call(const std::string& type, json data = json::object());
  [[nodiscard]] json ResponseTo(std::uint32_t seq);
  [[nodiscard]] std::uint32_t NextSeq();
  // The first push of `event`, kept or read next; nullopt when the connection ended first.
  [[nodiscard]] std::optional<json> TakePush(const std::string& event);

  // Ends the connection as a client does: a close frame (the server's answer is awaited),
  // or a TCP reset.
  void CloseWith(std::uint16_t code, const std::string& reason);
  void Reset();

  // The code of the server's close frame (0 if none came).
  [[nodiscard]] int close_code() const;
  // Whether the read that ended the connection got the server's close frame (not a reset,
  // an end of stream or a timeout).
  [[nodiscard]] bool ended_with_close_frame() const;

 private:
  class Connection;  // the Beast stream, plain or TLS (test_clients.cc)
  std::unique_ptr<Connection> connection_;
  std::uint32_t seq_ = 0;
  std::vector<json> pushes_;
};

struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::string error;  // why the exchange failed on the socket; empty when it completed
  [[nodiscard]] json Json() const { return json::parse(body, nullptr, false); }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTP request on a fresh connection; `method` as it goes on the wire ("GET", "POST").
[[nodiscard]] HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                                  const std::string& body, const Headers& headers = {});

// Raw bytes in, raw bytes out (until the server closes), for hostile HTTP.
[[nodiscard]] std::string RawExchange(std::uint16_t port, const std::string& bytes);

// Upgrades a raw TCP connection to WebSocket by hand and sends only the header of a text
// frame that claims `claimed_length` bytes; returns the close code the server answers
// with (0 if none). Nothing more is sent, so the server's close cannot be lost to a reset
// caused by unread data (as it can when a client really writes megabytes).
[[nodiscard]] int CloseCodeForFrameHeader(std::uint16_t port, std::uint64_t claimed_length);

}  // namespace trtc::servers::testing
