// The accept loop every TCP listener (signaling, media, REST, control) runs: bind, listen,
// hand each connection over on its own strand, and hold back while the process is out of
// descriptors or memory instead of spinning on the error.
#include <boost/asio/strand.hpp>
#include <iostream>

#include "harness/servers/server_internals.h"

namespace trtc::servers {
namespace {

using boost::system::error_code;

bool IsResourceExhaustion(const error_code& ec) {
  namespace errc = boost::system::errc;
  return ec == errc::too_many_files_open || ec == errc::too_many_files_open_in_system || ec == errc::no_buffer_space ||
         ec == errc::not_enough_memory;
}

std::string Describe(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

class TcpListener : public std::enable_shared_from_this<TcpListener> {
 public:
  TcpListener(net::io_context& io, std::string name, OnAccepted on_accepted)
      : io_(io),
        acceptor_(net::make_strand(io)),
        retry_timer_(acceptor_.get_executor()),
        name_(std::move(name)),
        on_accepted_(std::move(on_accepted)) {}

  std::uint16_t Listen(const tcp::endpoint& endpoint, std::string& error) {
    error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      error = "cannot listen on " + Describe(endpoint) + ": " + ec.message();
      return 0;
    }
    where_ = name_ + " listener on " + Describe(acceptor_.local_endpoint());
    Accept();
    return acceptor_.local_endpoint().port();
  }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(io_), [self = shared_from_this()](error_code ec, tcp::socket socket) {
      self->OnAccept(ec, std::move(socket));
    });
  }

  void OnAccept(const error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (!ec) {
      if (backoff_.AfterSuccess()) std::cerr << "trtc-harness: " + where_ + ": accepting connections again\n";
      on_accepted_(std::move(socket));
      return Accept();
    }
    const bool was_backing_off = backoff_.backing_off();
    const auto wait = backoff_.AfterError(ec);
    if (wait == std::chrono::milliseconds::zero()) return Accept();  // a connection that failed on its own
    if (!was_backing_off)
      std::cerr << "trtc-harness: " + where_ + ": cannot accept (" + ec.message() + "); retrying every " +
                       std::to_string(AcceptBackoff::kFirst.count()) + " ms to " +
                       std::to_string(AcceptBackoff::kLongest.count()) + " ms until it works\n";
    retry_timer_.expires_after(wait);
    retry_timer_.async_wait([self = shared_from_this()](error_code wait_ec) {
      if (!wait_ec) self->Accept();
    });
  }

  net::io_context& io_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;  // wall time: descriptors free up in real time, not server time
  const std::string name_;
  const OnAccepted on_accepted_;
  std::string where_;
  AcceptBackoff backoff_;
};

}  // namespace

std::chrono::milliseconds AcceptBackoff::AfterError(const boost::system::error_code& ec) {
  if (!IsResourceExhaustion(ec)) return std::chrono::milliseconds::zero();
  next_wait_ = backing_off() ? std::min(next_wait_ * 2, kLongest) : kFirst;
  return next_wait_;
}

bool AcceptBackoff::AfterSuccess() {
  const bool recovered = backing_off();
  next_wait_ = std::chrono::milliseconds::zero();
  return recovered;
}

std::uint16_t StartTcpListener(net::io_context& io, const tcp::endpoint& endpoint, std::string name,
                               OnAccepted on_accepted, std::string& error) {
  return std::make_shared<TcpListener>(io, std::move(name), std::move(on_accepted))->Listen(endpoint, error);
}

}  // namespace trtc::servers
