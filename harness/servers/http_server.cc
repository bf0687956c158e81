// A small async HTTP/1.1 server (Beast): keep-alive, bounded header and body, one strand
// per connection. What to answer is the handler's business; this only carries it out.
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "harness/servers/server_internals.h"

namespace trtc::servers {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

constexpr std::size_t kBodyLimit = 1024 * 1024;
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(60);  // wall time: a slow-loris guard, not a documented timeout

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<HttpHandler> handler, clock::ServerClock& clock)
      : stream_(std::move(socket)),
        handler_(std::move(handler)),
        delay_(stream_.get_executor(), clock),
        clock_(clock) {}

  ~HttpSession() { UnwatchClock(); }

  void Run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof)
      return Shutdown();
    HttpRequest request;
    error_code peer_ec;
    auto peer = stream_.socket().remote_endpoint(peer_ec);
    if (!peer_ec) request.peer_ip = peer.address().to_string();
    if (ec) {
      request.parse_error = ec.message();
      keep_alive_ = false;
    } else {
      const auto& message = parser_->get();
      request.method = std::string(message.method_string());
      request.target = std::string(message.target());
      request.body = message.body();
      request.authorization = std::string(message[http::field::authorization]);
      request.content_type = std::string(message[http::field::content_type]);
      if (auto origin = message.find(http::field::origin); origin != message.end())
        request.origin = std::string(origin->value());
      keep_alive_ = message.keep_alive();
    }
    Carry((*handler_)(request));
  }

  void Carry(HttpReply reply) {
    switch (reply.then) {
      case HttpReply::Then::kDrop:
        return Read();
      case HttpReply::Then::kStall:
        return;  // keep the socket, never answer
      case HttpReply::Then::kClose:
        return Shutdown();
      case HttpReply::Then::kReset: {
        error_code ignored;
        stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);
        stream_.socket().close(ignored);
        return;
      }
      case HttpReply::Then::kRespond:
        break;
    }
    if (reply.respond_at_ms > clock_.Now().count()) {
      WatchClock();
      delay_.ExpireAt(
          clock::Millis(reply.respond_at_ms),
          [this, reply] {
            UnwatchClock();
            Respond(reply);
          },
          weak_from_this());
      return;
    }
    Respond(std::move(reply));
  }

  void Respond(const HttpReply& reply) {
    auto response = std::make_shared<http::response<http::string_body>>(http::status(reply.status), 11);
    response->set(http::field::server, "trtc-conformance");
    response->set(http::field::content_type, reply.content_type);
    response->keep_alive(keep_alive_);
    response->body() = reply.body;
    response->prepare_payload();
    http::async_write(stream_, *response, [self = shared_from_this(), response](error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->Shutdown();
      self->Read();
    });
  }

  // While a response waits for server time, a jump of the clock must re-arm its timer.
  void WatchClock() {
    std::weak_ptr<HttpSession> weak = shared_from_this();
    auto executor = stream_.get_executor();
    subscription_ = clock_.Subscribe([weak, executor] {
      net::post(executor, [weak] {
        if (auto self = weak.lock()) self->delay_.Rearm();
      });
    });
  }
  void UnwatchClock() {
    if (subscription_) clock_.Unsubscribe(subscription_);
    subscription_ = 0;
  }

  void Shutdown() {
    UnwatchClock();
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    delay_.Cancel();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<HttpHandler> handler_;
  ClockTimer delay_;
  clock::ServerClock& clock_;
  bool keep_alive_ = true;
  std::uint64_t subscription_ = 0;
};

}  // namespace

std::uint16_t StartHttpListener(net::io_context& io, const tcp::endpoint& endpoint, std::string name,
                                HttpHandler handler, clock::ServerClock& clock, std::string& error) {
  auto shared_handler = std::make_shared<HttpHandler>(std::move(handler));
  auto serve = [shared_handler, &clock](tcp::socket socket) {
    error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    if (!ec) std::make_shared<HttpSession>(std::move(socket), shared_handler, clock)->Run();
  };
  return StartTcpListener(io, endpoint, std::move(name), std::move(serve), error);
}

}  // namespace trtc::servers
