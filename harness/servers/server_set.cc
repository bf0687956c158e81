#include "harness/servers/server_set.h"

#include <boost/asio/executor_work_guard.hpp>
#include <optional>
#include <thread>

#include "harness/servers/endpoints.h"
#include "harness/servers/server_internals.h"
#include "harness/service/media_session.h"
#include "harness/service/session.h"

namespace trtc::servers {

struct ServerSet::Impl {
  explicit Impl(ServerSetOptions o)
      : options(std::move(o)),
        clock(options.clock),
        service(options.config, clock),
        shared{service, faults, clock, registry, journal, changed, options.config.limits.max_sessions} {}

  ServerSetOptions options;
  clock::ServerClock clock;
  service::Service service;
  faults::FaultEngine faults;
  ChangeSignal changed;  // before what notifies it
  SessionRegistry registry{&changed};
  journal::Journal journal{&changed};
  net::io_context io;
  std::optional<net::ssl::context> tls;  // made only when wss is served: an SSL_CTX costs a millisecond
  SharedState shared;
  std::vector<Endpoint> endpoints;
  std::vector<std::thread> threads;
  std::shared_ptr<service::MediaPlane> webrtc;
  bool stopped = false;

  std::string Listen();
  std::string HostPort(std::uint16_t port) const {
    std::string host =
        options.bind_address.find(':') != std::string::npos ? "[" + options.bind_address + "]" : options.bind_address;
    return host + ":" + std::to_string(port);
  }
  // A URL of the hierarchical form scheme://host:port/path.
  void Add(std::string name, std::string_view scheme, std::uint16_t port, std::string_view path) {
    endpoints.push_back({std::move(name), std::string(scheme) + "://" + HostPort(port) + std::string(path), port});
  }
};

std::string ServerSet::Impl::Listen() {
  boost::system::error_code ec;
  auto address = net::ip::make_address(options.bind_address, ec);
  if (ec) return "invalid bind address '" + options.bind_address + "'";
  const bool loopback = address.is_loopback();
  if (!loopback && options.control_token.empty())
    return "binding to " + options.bind_address + " needs a control token (--control-token)";
  std::string error;
  LogicFactory signaling = [](service::Service& s, std::shared_ptr<service::Outbox> outbox) {
    return std::unique_ptr<service::SessionLogic>(std::make_unique<service::Session>(s, std::move(outbox)));
  };
  LogicFactory media = [](service::Service& s, std::shared_ptr<service::Outbox> outbox) {
    return std::unique_ptr<service::SessionLogic>(std::make_unique<service::MediaSession>(s, std::move(outbox)));
  };
  auto port =
      StartWebSocketListener(io, {address, options.signaling_port}, shared, nullptr, "signaling", signaling, error);
  if (!port) return error;
  Add("signaling", "ws", port, "/");
  if (options.enable_tls) {
    tls.emplace(net::ssl::context::tls_server);
    if (!ConfigureTls(*tls, options.tls_cert_file, options.tls_key_file, error)) return error;
    port =
        StartWebSocketListener(io, {address, options.signaling_tls_port}, shared, &*tls, "signaling", signaling, error);
    if (!port) return error;
    Add("signaling-tls", "wss", port, "/");
  }
  port = StartWebSocketListener(io, {address, options.media_port}, shared, nullptr, "media", media, error);
  if (!port) return error;
  Add("media", "ws", port, "/");
  port = StartHttpListener(io, {address, options.rest_port}, "rest", MakeRestHandler(service, faults, clock, journal),
                           clock, error);
  if (!port) return error;
  Add("rest", "http", port, std::string(service::kRestPathPrefix));
  if (options.enable_stun) {
    port = StartStunResponder(io, address, options.stun_port, shared, options.stun_password, error);
    if (!port) return error;
    endpoints.push_back({"stun", "stun:" + HostPort(port), port});  // RFC 7064: stun:host:port, no "//"
  }
  if (options.enable_webrtc) {
    webrtc = StartWebRtcEndpoint(io, address, options.webrtc_port, shared, port, error);
    if (!webrtc) return error;
    service.set_media_plane(webrtc.get());
    // Browsers learn the candidate from SDP answers; the URL names the socket for people.
    endpoints.push_back({"webrtc", "udp://" + HostPort(port), port});
  }
  ControlContext control{faults,
                         clock,
                         service.config(),
                         [this] { return endpoints; },
                         [this] { return registry.List(); },
                         [this](std::uint64_t id) { return registry.Frames(id); },
                         journal,
                         options.control_token,
                         webrtc.get()};
  port = StartHttpListener(io, {address, options.control_port}, "control", MakeControlHandler(std::move(control)),
                           clock, error);
  if (!port) return error;
  Add("control", "http", port, "");
  return {};
}

std::variant<std::unique_ptr<ServerSet>, std::string> ServerSet::Start(ServerSetOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  if (std::string error = impl->Listen(); !error.empty()) return error;
  int threads = std::max(1, impl->options.threads);
  for (int i = 0; i < threads; ++i) {
    impl->threads.emplace_back([io = &impl->io] {
      auto guard = net::make_work_guard(*io);
      io->run();
    });
  }
  return std::unique_ptr<ServerSet>(new ServerSet(std::move(impl)));
}

ServerSet::ServerSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ServerSet::~ServerSet() { Stop(); }

void ServerSet::Stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->io.stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
}

const std::vector<Endpoint>& ServerSet::endpoints() const { return impl_->endpoints; }

std::uint16_t ServerSet::port(std::string_view name) const {
  for (const auto& e : impl_->endpoints)
    if (e.name == name) return e.port;
  return 0;
}

faults::FaultEngine& ServerSet::faults() { return impl_->faults; }
clock::ServerClock& ServerSet::clock() { return impl_->clock; }
service::Service& ServerSet::service() { return impl_->service; }
journal::Journal& ServerSet::journal() { return impl_->journal; }

bool ServerSet::WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds patience) {
  return impl_->changed.WaitUntil(condition, patience);
}
bool ServerSet::Settle(std::chrono::milliseconds patience) {
  const auto settling = impl_->registry.PingAll();
  return WaitUntil(
      [&] {
        for (const auto& session : settling) {
          auto recorder = session.recorder.lock();
          if (recorder && recorder->settled() == session.asked_at) return false;
        }
        return true;
      },
      patience);
}
std::vector<SessionInfo> ServerSet::Sessions(bool include_ended) const { return impl_->registry.List(include_ended); }
std::optional<std::vector<RecordedFrame>> ServerSet::Frames(std::uint64_t connection) const {
  return impl_->registry.Frames(connection);
}

}  // namespace trtc::servers
