// Test clients that talk to the servers over real loopback sockets. Every wait is bounded
// (a hang fails the test after kGuard instead of blocking CI); no wait depends on speed.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/world.h"
#include "harness/servers/server_set.h"

namespace trtc::servers::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = net::ip::tcp;
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

// Runs one async operation to completion on the client's own io_context.
template <class Start>
boost::system::error_code Await(net::io_context& io, Start start) {
  boost::system::error_code result = net::error::timed_out;
  bool done = false;
  start([&](boost::system::error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  io.restart();
  io.run_for(kGuard);
  if (!done) ADD_FAILURE() << "a socket operation did not complete within the guard time";
  return result;
}

// The header of a client's text frame (RFC 6455 5.2) of `length` payload bytes: FIN, the
// length in as few bytes as allowed, masked with the all-zero key (the payload goes as it is).
inline std::string MaskedTextFrameHeader(std::uint64_t length) {
  std::string header{static_cast<char>(0x81)};
  if (length < 126) {
    header.push_back(static_cast<char>(0x80 | length));
  } else {
    const int bytes = length < 65536 ? 2 : 8;
    header.push_back(static_cast<char>(0x80 | (bytes == 2 ? 126 : 127)));
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
      header.push_back(static_cast<char>((length >> shift) & 0xff));
  }
  return header + std::string(4, '\0');
}

template <class Stream>
class BasicWsClient {
 public:
  template <class... Args>
  explicit BasicWsClient(Args&... args) : ws_(io_, args...) {}

  // `target`: the upgrade request's path and query ("/vendor/web-v4?sdkAppId=…").
  bool Connect(std::uint16_t port, const std::string& target = "/") {
    auto& socket = beast::get_lowest_layer(ws_);
    if (Await(io_, [&](auto h) { socket.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), h); }))
      return false;
    boost::system::error_code ignored;
    socket.socket().set_option(tcp::no_delay(true), ignored);
    if constexpr (requires { ws_.next_layer().async_handshake(net::ssl::stream_base::client, [](auto) {}); }) {
      if (Await(io_, [&](auto h) { ws_.next_layer().async_handshake(net::ssl::stream_base::client, h); })) return false;
    }
    return !Await(io_, [&](auto h) { ws_.async_handshake("127.0.0.1", target, h); });
  }

  void SendText(const std::string& text) {
    ws_.text(true);
    EXPECT_FALSE(Await(io_, [&](auto h) { ws_.async_write(net::buffer(text), h); }));
  }
  // Sends the texts as masked text frames in one write on the socket, so that they reach
  // the server together (a burst); the stream is used as usual afterwards.
  void SendTextsInOneWrite(const std::vector<std::string>& texts) {
    std::string bytes;
    for (const auto& text : texts) bytes += MaskedTextFrameHeader(text.size()) + text;
    EXPECT_FALSE(Await(io_, [&](auto h) { net::async_write(ws_.next_layer(), net::buffer(bytes), h); }));
  }
  void SendBinary(const std::string& bytes) {
    ws_.binary(true);
    EXPECT_FALSE(Await(io_, [&](auto h) { ws_.async_write(net::buffer(bytes), h); }));
  }

  // The next frame's text, or nullopt when the connection ended (see close_code()).
  std::optional<std::string> ReadText() {
    beast::flat_buffer buffer;
    auto ec = Await(io_, [&](auto h) { ws_.async_read(buffer, h); });
    if (ec) {
      last_error_ = ec;
      return std::nullopt;
    }
    return beast::buffers_to_string(buffer.data());
  }
  std::optional<json> ReadJson() {
    auto text = ReadText();
    if (!text) return std::nullopt;
    return json::parse(*text, nullptr, false);
  }

  // Sends a request and returns its response; pushes that arrive meanwhile are kept.
  json Call(const std::string& type, json data = json::object()) {
    std::uint32_t seq = ++seq_;
    SendText(json{{"type", type}, {"seq", seq}, {"data", std::move(data)}}.dump());
    return ResponseTo(seq);
  }
  json ResponseTo(std::uint32_t seq) {
    while (auto frame = ReadJson()) {
      if (frame->value("seq", json()) == seq) return *frame;
      pushes_.push_back(*frame);
    }
    ADD_FAILURE() << "connection ended before the response to seq " << seq;
    return json::object();
  }
  std::uint32_t NextSeq() { return ++seq_; }

  std::optional<json> TakePush(const std::string& event) {
    for (auto it = pushes_.begin(); it != pushes_.end(); ++it) {
      if (it->value("event", "") == event) {
        json found = *it;
        pushes_.erase(it);
        return found;
      }
    }
    while (auto frame = ReadJson()) {
      if (frame->value("event", "") == event) return frame;
      pushes_.push_back(*frame);
    }
    return std::nullopt;
  }

  // Ends the connection as a client does: a close frame (the server's answer is awaited),
  // or a TCP reset.
  void CloseWith(std::uint16_t code, const std::string& reason) {
    websocket::close_reason why(static_cast<websocket::close_code>(code), reason);
    EXPECT_FALSE(Await(io_, [&](auto h) { ws_.async_close(why, h); }));
  }
  void Reset() {
    boost::system::error_code ignored;
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.set_option(net::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
  }

  int close_code() const { return ws_.reason().code; }
  boost::system::error_code last_error() const { return last_error_; }

 private:
  net::io_context io_;
  websocket::stream<Stream> ws_;
  std::uint32_t seq_ = 0;
  std::vector<json> pushes_;
  boost::system::error_code last_error_;
};

using WsClient = BasicWsClient<beast::tcp_stream>;
using WssClient = BasicWsClient<beast::ssl_stream<beast::tcp_stream>>;

struct HttpResult {
  unsigned status = 0;
  std::string body;
  boost::system::error_code error;
  json Json() const { return json::parse(body, nullptr, false); }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTP request on a fresh connection.
inline HttpResult HttpCall(std::uint16_t port, http::verb verb, const std::string& target, const std::string& body,
                           const Headers& headers = {}) {
  net::io_context io;
  beast::tcp_stream stream(io);
  HttpResult result;
  result.error =
      Await(io, [&](auto h) { stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), h); });
  if (result.error) return result;
  http::request<http::string_body> request(verb, target, 11);
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  result.error = Await(io, [&](auto h) { http::async_write(stream, request, h); });
  if (result.error) return result;
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  result.error = Await(io, [&](auto h) { http::async_read(stream, buffer, response, h); });
  result.status = response.result_int();
  result.body = response.body();
  return result;
}

// Raw bytes in, raw bytes out (until the server closes), for hostile HTTP.
inline std::string RawExchange(std::uint16_t port, const std::string& bytes) {
  net::io_context io;
  tcp::socket socket(io);
  if (Await(io, [&](auto h) { socket.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), h); }))
    return {};
  Await(io, [&](auto h) { net::async_write(socket, net::buffer(bytes), h); });
  std::string out;
  Await(io, [&](auto h) { net::async_read(socket, net::dynamic_buffer(out), h); });
  return out;
}

// Upgrades a raw TCP connection to WebSocket by hand and sends only the header of a text
// frame that claims `claimed_length` bytes; returns the close code the server answers
// with (0 if none). Nothing more is sent, so the server's close cannot be lost to a reset
// caused by unread data (as it can when a client really writes megabytes).
inline int CloseCodeForFrameHeader(std::uint16_t port, std::uint64_t claimed_length) {
  net::io_context io;
  tcp::socket socket(io);
  if (Await(io, [&](auto h) { socket.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), h); }))
    return 0;
  std::string upgrade =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  Await(io, [&](auto h) { net::async_write(socket, net::buffer(upgrade), h); });
  std::string in;
  Await(io, [&](auto h) { net::async_read_until(socket, net::dynamic_buffer(in), "\r\n\r\n", h); });
  in.erase(0, in.find("\r\n\r\n") + 4);
  const std::string header = MaskedTextFrameHeader(claimed_length);
  Await(io, [&](auto h) { net::async_write(socket, net::buffer(header), h); });
  Await(io, [&](auto h) { net::async_read(socket, net::dynamic_buffer(in), h); });  // until the server closes
  if (in.size() < 4 || static_cast<std::uint8_t>(in[0]) != 0x88) return 0;
  return (static_cast<std::uint8_t>(in[2]) << 8) | static_cast<std::uint8_t>(in[3]);
}

}  // namespace trtc::servers::testing
