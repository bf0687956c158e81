#include "harness/reference_client/net.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <thread>

namespace trtc::refclient {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

// Small frames must not wait for Nagle and the peer's delayed ACK (40 ms stalls per exchange).
void NoDelay(tcp::socket& socket) {
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
}

}  // namespace

struct EventLoop::Impl {
  net::io_context io{1};
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(io);
  std::thread thread;
  std::thread::id id;
};

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
  impl_->id = impl_->thread.get_id();
}

EventLoop::~EventLoop() { Stop(); }

void EventLoop::Post(std::function<void()> task) { net::post(impl_->io, std::move(task)); }

void EventLoop::Stop() {
  if (!impl_->thread.joinable()) return;
  impl_->work.reset();
  impl_->io.stop();
  impl_->thread.join();
}

bool EventLoop::InLoopThread() const { return std::this_thread::get_id() == impl_->id; }

namespace {

struct Url {
  std::string host;
  std::string port;
  std::string target = "/";
};

// ws://host:port/target or http://…: what the harness hands out; no DNS, no TLS.
std::optional<Url> ParseUrl(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  auto rest = url.substr(scheme + 3);
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  Url out{std::string(authority.substr(0, colon)), std::string(authority.substr(colon + 1))};
  if (slash != std::string_view::npos) out.target = std::string(rest.substr(slash));
  return out;
}

std::optional<tcp::endpoint> Endpoint(const Url& url) {
  error_code ec;
  auto address = net::ip::make_address(url.host == "localhost" ? "127.0.0.1" : url.host, ec);
  if (ec) return std::nullopt;
  return tcp::endpoint(address, static_cast<std::uint16_t>(std::stoi(url.port)));
}

class BeastWsLink : public WsLink, public std::enable_shared_from_this<BeastWsLink> {
 public:
  BeastWsLink(net::io_context& io, Handlers handlers) : ws_(io), handlers_(std::move(handlers)) {}

  void Start(const Url& url) {
    auto endpoint = Endpoint(url);
    if (!endpoint) return Fail();
    host_ = url.host + ":" + url.port;
    target_ = url.target;
    beast::get_lowest_layer(ws_).async_connect(*endpoint, [self = shared_from_this()](error_code ec) {
      if (ec) return self->Fail();
      NoDelay(beast::get_lowest_layer(self->ws_).socket());
      self->ws_.async_handshake(self->host_, self->target_, [self](error_code ec2) {
        if (ec2) return self->Fail();
        if (self->closed_) return;
        if (self->handlers_.on_open) self->handlers_.on_open();
        self->Read();
      });
    });
  }

  void Send(std::string text) override {
    if (closed_) return;
    writes_.push_back(std::move(text));
    if (writes_.size() == 1) WriteNext();
  }

  void Close() override {
    if (closed_) return;
    closed_ = true;
    handlers_ = {};
    if (!ws_.is_open()) {
      error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      return;
    }
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](error_code) {
      error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
    });
  }

 private:
  void Read() {
    ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (self->closed_) return;
      if (ec) {
        auto reason = self->ws_.reason();
        return self->Fail(ec == websocket::error::closed && reason.code != 0 ? reason.code : 1006);
      }
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (self->handlers_.on_text) self->handlers_.on_text(text);
      if (!self->closed_) self->Read();
    });
  }

  void WriteNext() {
    ws_.text(true);
    ws_.async_write(net::buffer(writes_.front()), [self = shared_from_this()](error_code ec, std::size_t) {
      if (self->closed_) return;
      if (ec) return self->Fail();
      self->writes_.pop_front();
      if (!self->writes_.empty()) self->WriteNext();
    });
  }

  void Fail(int close_code = 1006) {
    if (closed_) return;
    closed_ = true;
    auto on_closed = std::move(handlers_.on_closed);
    handlers_ = {};
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (on_closed) on_closed(close_code);
  }

  websocket::stream<beast::tcp_stream> ws_;
  Handlers handlers_;
  beast::flat_buffer buffer_;
  std::deque<std::string> writes_;
  std::string host_, target_;
  bool closed_ = false;
};

struct HttpCall : std::enable_shared_from_this<HttpCall> {
  HttpCall(net::io_context& io, std::function<void(HttpReply)> callback) : stream(io), done(std::move(callback)) {}

  void Start(const Url& url, std::string body) {
    auto endpoint = Endpoint(url);
    if (!endpoint) return Finish({});
    request = {http::verb::post, url.target, 11};
    request.set(http::field::host, url.host + ":" + url.port);
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
    request.prepare_payload();
    stream.async_connect(*endpoint, [self = shared_from_this()](error_code ec) {
      if (ec) return self->Finish({});
      NoDelay(self->stream.socket());
      http::async_write(self->stream, self->request, [self](error_code ec2, std::size_t) {
        if (ec2) return self->Finish({});
        http::async_read(self->stream, self->buffer, self->response, [self](error_code ec3, std::size_t) {
          if (ec3) return self->Finish({});
          self->Finish({static_cast<int>(self->response.result_int()), self->response.body()});
        });
      });
    });
  }

  void Finish(HttpReply reply) {
    error_code ignored;
    stream.socket().close(ignored);
    if (auto callback = std::move(done)) callback(std::move(reply));
  }

  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  http::response<http::string_body> response;
  std::function<void(HttpReply)> done;
};

struct UdpCall : std::enable_shared_from_this<UdpCall> {
  explicit UdpCall(net::io_context& io) : socket(io) {}
  net::ip::udp::socket socket;
  net::ip::udp::endpoint from;
  std::string datagram;
  std::array<char, 2048> buffer{};
  std::function<void(std::optional<std::string>)> done;

  void Cancel() {
    done = nullptr;
    error_code ignored;
    socket.close(ignored);
  }
};

}  // namespace

std::shared_ptr<WsLink> OpenWebSocket(EventLoop& loop, const std::string& url, WsLink::Handlers handlers) {
  auto link = std::make_shared<BeastWsLink>(loop.impl().io, std::move(handlers));
  auto parsed = ParseUrl(url);
  net::post(loop.impl().io, [link, parsed] { link->Start(parsed.value_or(Url{})); });
  return link;
}

void HttpPost(EventLoop& loop, const std::string& url, std::string body, std::function<void(HttpReply)> done) {
  auto call = std::make_shared<HttpCall>(loop.impl().io, std::move(done));
  auto parsed = ParseUrl(url);
  net::post(loop.impl().io,
            [call, parsed, body = std::move(body)]() mutable { call->Start(parsed.value_or(Url{}), std::move(body)); });
}

std::function<void()> UdpExchange(EventLoop& loop, const std::string& host, std::uint16_t port, std::string datagram,
                                  std::function<void(std::optional<std::string>)> done) {
  auto call = std::make_shared<UdpCall>(loop.impl().io);
  call->done = std::move(done);
  call->datagram = std::move(datagram);
  error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (!ec) call->socket.open(address.is_v4() ? net::ip::udp::v4() : net::ip::udp::v6(), ec);
  if (ec) {
    net::post(loop.impl().io, [call] {
      if (auto callback = std::move(call->done)) callback(std::nullopt);
    });
    return [] {};
  }
  net::ip::udp::endpoint to(address, port);
  call->socket.async_send_to(net::buffer(call->datagram), to, [call](error_code send_ec, std::size_t) {
    if (send_ec) return;
    call->socket.async_receive_from(net::buffer(call->buffer), call->from, [call](error_code rec, std::size_t n) {
      if (rec || !call->done) return;
      auto callback = std::move(call->done);
      callback(std::string(call->buffer.data(), n));
    });
  });
  return [call] { call->Cancel(); };
}

}  // namespace trtc::refclient
