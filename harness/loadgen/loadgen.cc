#include "harness/loadgen/loadgen.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>

namespace trtc::loadgen {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

struct Shared {
  const LoadOptions& options;
  LoadResult& result;
  std::size_t idle = 0;
  std::size_t next_client = 0;
  std::size_t connecting = 0;
  bool stopping = false;
  tcp::endpoint server;
  std::string host_header;
  Clock::time_point started = Clock::now();
  std::function<void(std::size_t)> launch;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(net::io_context& io, Shared& shared, std::size_t index) : ws_(io), shared_(shared), index_(index) {}

  void Start() {
    ws_.next_layer().async_connect(shared_.server, [self = shared_from_this()](error_code ec) { self->OnConnect(ec); });
  }

 private:
  void OnConnect(error_code ec) {
    if (ec) return Fail();
    ws_.next_layer().socket().set_option(tcp::no_delay(true), ec);
    ws_.async_handshake(shared_.host_header, shared_.options.path, [self = shared_from_this()](error_code e) {
      if (e) return self->Fail();
      ++self->shared_.result.connected;
      self->Connected();
      self->Step("");
    });
  }

  void Connected() {
    --shared_.connecting;
    if (shared_.next_client < shared_.options.clients) shared_.launch(shared_.next_client++);
  }

  void Fail() {
    ++shared_.result.failed;
    --shared_.connecting;
    ++shared_.idle;
    if (shared_.next_client < shared_.options.clients) shared_.launch(shared_.next_client++);
  }

  void Step(const std::string& answer) {
    auto next = shared_.stopping ? std::nullopt : shared_.options.script(index_, answer);
    if (!next) {
      ++shared_.idle;
      return;
    }
    out_ = std::move(*next);
    sent_at_ = Clock::now();
    ws_.text(true);
    ws_.async_write(net::buffer(out_), [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->Fail();
      self->ws_.async_read(self->buffer_, [self](error_code e, std::size_t) { self->OnRead(e); });
    });
  }

  void OnRead(error_code ec) {
    if (ec) {
      ++shared_.idle;
      return;
    }
    auto rtt = std::chrono::duration<double, std::micro>(Clock::now() - sent_at_).count();
    shared_.result.rtt_us.push_back(rtt);
    ++shared_.result.round_trips;
    std::string answer = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    Step(answer);
  }

  websocket::stream<beast::tcp_stream> ws_;
  Shared& shared_;
  std::size_t index_;
  beast::flat_buffer buffer_;
  std::string out_;
  Clock::time_point sent_at_;
};

}  // namespace

double LoadResult::Percentile(double p) const {
  if (rtt_us.empty()) return 0;
  std::vector<double> sorted = rtt_us;
  auto at = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(at), sorted.end());
  return sorted[at];
}

LoadResult RunLoad(const LoadOptions& options, const std::function<void()>& hold) {
  LoadResult result;
  net::io_context io;
  Shared shared{options, result};
  error_code resolved;
  auto found = tcp::resolver(io).resolve(options.host, std::to_string(options.port), resolved);
  if (resolved || found.empty()) {
    result.error = "cannot resolve " + options.host + ": " + resolved.message();
    return result;
  }
  shared.server = found.begin()->endpoint();
  shared.host_header =
      options.host_header.empty() ? options.host + ":" + std::to_string(options.port) : options.host_header;
  std::vector<std::shared_ptr<Client>> clients;
  clients.reserve(options.clients);
  shared.launch = [&](std::size_t index) {
    ++shared.connecting;
    clients.push_back(std::make_shared<Client>(io, shared, index));
    clients.back()->Start();
  };
  while (shared.next_client < std::min(options.clients, options.connect_window)) shared.launch(shared.next_client++);
  net::steady_timer stop(io);
  if (options.run_for.count() > 0) {
    stop.expires_after(options.run_for);
    stop.async_wait([&](error_code) { shared.stopping = true; });
  }
  while (shared.idle < options.clients) {
    io.run_one();
    if (options.run_for.count() == 0 && shared.idle == options.clients) break;
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - shared.started).count();
  if (hold) hold();
  return result;
}

}  // namespace trtc::loadgen
