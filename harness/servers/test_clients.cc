// The Beast and Asio code behind test_clients.h, compiled once for all the server tests.
#include "harness/servers/test_clients.h"

#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <functional>
#include <memory>
#include <variant>
#include <vector>

#include "harness/servers/test_await.h"

namespace trtc::servers::testing {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = net::ip::tcp;

tcp::endpoint Loopback(std::uint16_t port) { return {net::ip::make_address("127.0.0.1"), port}; }

// Never empty for a failure, so that an empty HttpResult::error means none.
std::string Describe(boost::system::error_code ec) {
  return ec ? std::string(ec.category().name()) + ": " + ec.message() : std::string();
}

// The header of a client's text frame (RFC 6455 5.2) of `length` payload bytes: FIN, the
// length in as few bytes as allowed, masked with the all-zero key (the payload goes as it is).
std::string MaskedTextFrameHeader(std::uint64_t length) {
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

// The verify mode must be set before a stream is made from the context: the stream's SSL
// takes it over when it is created.
net::ssl::context UnverifyingTlsContext() {
  net::ssl::context tls(net::ssl::context::tls_client);
  tls.set_verify_mode(net::ssl::verify_none);  // the servers' certificate is self-signed
  return tls;
}

using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using TcpOrTls = std::variant<beast::tcp_stream, TlsStream>;

TcpOrTls MakeTcpOrTls(WsTransport transport, net::io_context& io, net::ssl::context& tls) {
  if (transport == WsTransport::kTls) return TcpOrTls(std::in_place_type<TlsStream>, io, tls);
  return TcpOrTls(std::in_place_type<beast::tcp_stream>, io);
}

// TCP, or TLS over TCP, as one stream type under the WebSocket, so that Beast's WebSocket
// is instantiated once for both: a second instantiation, over TLS, took 45 s and 0.9 GB
// more to compile. Reads and writes erase their handlers, so TLS is instantiated once too.
class TcpOrTlsStream {
 public:
  using executor_type = beast::tcp_stream::executor_type;
  using IoHandler = std::function<void(boost::system::error_code, std::size_t)>;

  TcpOrTlsStream(net::io_context& io, WsTransport transport, net::ssl::context& tls)
      : stream_(MakeTcpOrTls(transport, io, tls)) {}

  executor_type get_executor() { return tcp().get_executor(); }
  beast::tcp_stream& tcp() {
    return std::visit([](auto& stream) -> beast::tcp_stream& { return beast::get_lowest_layer(stream); }, stream_);
  }
  TlsStream* tls() { return std::get_if<TlsStream>(&stream_); }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return Initiate(&TcpOrTlsStream::ReadSome, buffers, token);
  }
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return Initiate(&TcpOrTlsStream::WriteSome, buffers, token);
  }

  // Found by Beast's WebSocket (by argument-dependent lookup) to end the connection after
  // the closing handshake, as it does for the stream inside. The handler stays as it is:
  // Beast 1.81's TCP teardown cannot post an erased one.
  template <class Handler>
  friend void async_teardown(beast::role_type role, TcpOrTlsStream& stream, Handler&& handler) {
    std::visit(
        [&](auto& inner) {
          using websocket::async_teardown;
          async_teardown(role, inner, std::forward<Handler>(handler));
        },
        stream.stream_);
  }

  // What Beast calls to drop the connection at once (a timeout, a cancelled close).
  friend void beast_close_socket(TcpOrTlsStream& stream) { beast::close_socket(stream.tcp()); }

 private:
  // Held by a shared_ptr: std::function wants a copyable target, Beast's handlers are
  // move-only. The erased handler has no executor of its own, so it completes on the
  // stream's: the one io_context of the client, which Beast's handlers use too.
  template <class Handler>
  static IoHandler Erased(Handler handler) {
    auto held = std::make_shared<Handler>(std::move(handler));
    return [held](boost::system::error_code ec, std::size_t bytes) { (*held)(ec, bytes); };
  }

  // Starts ReadSome or WriteSome with the buffers copied into a vector, the handler erased.
  template <class Buffer, class Buffers, class Token>
  auto Initiate(void (TcpOrTlsStream::*some)(std::vector<Buffer>, IoHandler), const Buffers& buffers, Token& token) {
    return net::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this, some](auto handler, const Buffers& b) {
          (this->*some)({net::buffer_sequence_begin(b), net::buffer_sequence_end(b)}, Erased(std::move(handler)));
        },
        token, buffers);
  }

  void ReadSome(std::vector<net::mutable_buffer> buffers, IoHandler handler) {
    std::visit([&](auto& stream) { stream.async_read_some(std::move(buffers), std::move(handler)); }, stream_);
  }
  void WriteSome(std::vector<net::const_buffer> buffers, IoHandler handler) {
    std::visit([&](auto& stream) { stream.async_write_some(std::move(buffers), std::move(handler)); }, stream_);
  }

  TcpOrTls stream_;
};

}  // namespace

// One WebSocket connection and the io_context it runs on; each operation is awaited.
class WsClient::Connection {
 public:
  explicit Connection(WsTransport transport) : ws_(io_, transport, tls_) {}

  bool Connect(std::uint16_t port, const std::string& target) {
    auto& socket = ws_.next_layer().tcp();
    if (Await(io_, [&](auto h) { socket.async_connect(Loopback(port), h); })) return false;
    boost::system::error_code ignored;
    socket.socket().set_option(tcp::no_delay(true), ignored);
    if (auto* tls = ws_.next_layer().tls()) {
      if (Await(io_, [&](auto h) { tls->async_handshake(net::ssl::stream_base::client, h); })) return false;
    }
    return !Await(io_, [&](auto h) { ws_.async_handshake("127.0.0.1", target, h); });
  }

  boost::system::error_code Write(const std::string& message, bool binary) {
    ws_.binary(binary);
    return Await(io_, [&](auto h) { ws_.async_write(net::buffer(message), h); });
  }

  // Bytes on the stream under the WebSocket (TCP, or TLS), for frames made by hand.
  boost::system::error_code WriteUnderneath(const std::string& bytes) {
    return Await(io_, [&](auto h) { net::async_write(ws_.next_layer(), net::buffer(bytes), h); });
  }

  std::optional<std::string> Read() {
    beast::flat_buffer buffer;
    if (auto ec = Await(io_, [&](auto h) { ws_.async_read(buffer, h); })) {
      last_error_ = ec;
      return std::nullopt;
    }
    return beast::buffers_to_string(buffer.data());
  }

  boost::system::error_code Close(std::uint16_t code, const std::string& reason) {
    const websocket::close_reason why(static_cast<websocket::close_code>(code), reason);
    return Await(io_, [&](auto h) { ws_.async_close(why, h); });
  }

  void Reset() {
    boost::system::error_code ignored;
    auto& socket = ws_.next_layer().tcp().socket();
    socket.set_option(net::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
  }

  int close_code() const { return ws_.reason().code; }
  bool ended_with_close_frame() const { return last_error_ == websocket::error::closed; }

 private:
  net::io_context io_;
  net::ssl::context tls_ = UnverifyingTlsContext();
  websocket::stream<TcpOrTlsStream> ws_;
  boost::system::error_code last_error_;  // of the read that ended the connection
};

WsClient::WsClient(WsTransport transport) : connection_(std::make_unique<Connection>(transport)) {}
WsClient::~WsClient() = default;

bool WsClient::Connect(std::uint16_t port, const std::string& target) { return connection_->Connect(port, target); }

void WsClient::SendText(const std::string& text) { EXPECT_FALSE(connection_->Write(text, /*binary=*/false)); }

void WsClient::SendTextsInOneWrite(const std::vector<std::string>& texts) {
  std::string bytes;
  for (const auto& text : texts) bytes += MaskedTextFrameHeader(text.size()) + text;
  EXPECT_FALSE(connection_->WriteUnderneath(bytes));
}

void WsClient::SendBinary(const std::string& bytes) { EXPECT_FALSE(connection_->Write(bytes, /*binary=*/true)); }

std::optional<std::string> WsClient::ReadText() { return connection_->Read(); }

std::optional<json> WsClient::ReadJson() {
  auto text = ReadText();
  if (!text) return std::nullopt;
  return json::parse(*text, nullptr, false);
}

json WsClient::Call(const std::string& type, json data) {
  std::uint32_t seq = ++seq_;
  SendText(json{{"type", type}, {"seq", seq}, {"data", std::move(data)}}.dump());
  return ResponseTo(seq);
}

json WsClient::ResponseTo(std::uint32_t seq) {
  while (auto frame = ReadJson()) {
    if (frame->value("seq", json()) == seq) return *frame;
    pushes_.push_back(*frame);
  }
  ADD_FAILURE() << "connection ended before the response to seq " << seq;
  return json::object();
}

std::uint32_t WsClient::NextSeq() { return ++seq_; }

std::optional<json> WsClient::TakePush(const std::string& event) {
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

void WsClient::CloseWith(std::uint16_t code, const std::string& reason) {
  EXPECT_FALSE(connection_->Close(code, reason));
}

void WsClient::Reset() { connection_->Reset(); }

int WsClient::close_code() const { return connection_->close_code(); }

bool WsClient::ended_with_close_frame() const { return connection_->ended_with_close_frame(); }

HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                    const Headers& headers) {
  net::io_context io;
  beast::tcp_stream stream(io);
  HttpResult result;
  result.error = Describe(Await(io, [&](auto h) { stream.async_connect(Loopback(port), h); }));
  if (!result.error.empty()) return result;
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  result.error = Describe(Await(io, [&](auto h) { http::async_write(stream, request, h); }));
  if (!result.error.empty()) return result;
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  result.error = Describe(Await(io, [&](auto h) { http::async_read(stream, buffer, response, h); }));
  result.status = response.result_int();
  result.body = response.body();
  return result;
}

std::string RawExchange(std::uint16_t port, const std::string& bytes) {
  net::io_context io;
  tcp::socket socket(io);
  if (Await(io, [&](auto h) { socket.async_connect(Loopback(port), h); })) return {};
  Await(io, [&](auto h) { net::async_write(socket, net::buffer(bytes), h); });
  std::string out;
  Await(io, [&](auto h) { net::async_read(socket, net::dynamic_buffer(out), h); });
  return out;
}

int CloseCodeForFrameHeader(std::uint16_t port, std::uint64_t claimed_length) {
  net::io_context io;
  tcp::socket socket(io);
  if (Await(io, [&](auto h) { socket.async_connect(Loopback(port), h); })) return 0;
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
