// `trtc-harness serve`: starts the mock servers and runs until SIGINT or SIGTERM.
#include <CLI/CLI.hpp>
#include <csignal>
#include <nlohmann/json.hpp>

#include "harness/cli/command_context.h"
#include "harness/common/file_io.h"
#include "harness/faults/fault.h"
#include "harness/servers/server_set.h"

namespace trtc::cli {
namespace {

struct ServeOptions {
  servers::ServerSetOptions servers;
  std::string config_file;
  std::string faults_file;
  double clock_rate = 1.0;
  bool no_tls = false;
  bool no_webrtc = false;
  bool json = false;
};

bool LoadConfig(const ServeOptions& options, servers::ServerSetOptions& out, CommandContext& context) {
  if (options.config_file.empty()) return true;
  auto text = ReadFile(options.config_file);
  if (!text) {
    context.Fail("cannot read " + options.config_file, kExitUsage);
    return false;
  }
  auto parsed = service::ParseServiceConfig(*text, options.config_file);
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    for (const auto& p : *problems) context.Fail(p.ToString(), kExitUsage);
    return false;
  }
  out.config = std::get<service::ServiceConfig>(parsed);
  return true;
}

std::optional<std::vector<faults::Fault>> LoadFaults(const std::string& file, CommandContext& context) {
  if (file.empty()) return std::vector<faults::Fault>{};
  auto text = ReadFile(file);
  if (!text) {
    context.Fail("cannot read " + file, kExitUsage);
    return std::nullopt;
  }
  auto parsed = faults::ParseFaults(*text, file);
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    for (const auto& p : *problems) context.Fail(p.ToString(), kExitUsage);
    return std::nullopt;
  }
  return std::get<std::vector<faults::Fault>>(parsed);
}

void PrintReady(const servers::ServerSet& set, const servers::ServerSetOptions& options, bool json, std::ostream& out) {
  if (json) {
    nlohmann::json servers = nlohmann::json::array();
    for (const auto& e : set.endpoints()) servers.push_back({{"name", e.name}, {"url", e.url}, {"port", e.port}});
    nlohmann::json apps = nlohmann::json::array();
    for (const auto& a : options.config.apps)
      apps.push_back({{"sdkAppId", a.sdk_app_id}, {"secretKey", a.secret_key}, {"admin", a.admin}});
    out << nlohmann::json{{"servers", servers}, {"apps", apps}}.dump() << std::endl;
    return;
  }
  out << "trtc-harness serve: listening\n";
  for (const auto& e : set.endpoints()) out << "  " << e.name << std::string(15 - e.name.size(), ' ') << e.url << "\n";
  for (const auto& a : options.config.apps)
    out << "  app            sdkAppId " << a.sdk_app_id << "  admin " << a.admin << "  secretKey " << a.secret_key
        << "\n";
  out << "Sign userSigs with that secret key (trtc-harness usersig gen, or the vendor's generator).\n"
      << "Stop with Ctrl-C." << std::endl;
}

// SIGINT and SIGTERM are blocked before any server thread starts (threads inherit the
// mask) and taken here synchronously, so no handler runs on an arbitrary thread.
int WaitForStopSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

void Serve(ServeOptions& options, CommandContext& context) {
  if (!LoadConfig(options, options.servers, context)) return;
  auto faults = LoadFaults(options.faults_file, context);
  if (!faults) return;
  options.servers.enable_tls = !options.no_tls;
  options.servers.enable_webrtc = !options.no_webrtc;
  options.servers.clock.rate = options.clock_rate;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  auto started = servers::ServerSet::Start(options.servers);
  if (auto* error = std::get_if<std::string>(&started)) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return context.Fail(*error);
  }
  auto& set = *std::get<std::unique_ptr<servers::ServerSet>>(started);
  for (auto& fault : *faults) set.faults().Add(std::move(fault), set.clock().Now().count());
  PrintReady(set, options.servers, options.json, context.out);
  int signal = WaitForStopSignal();
  set.Stop();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  context.err << "trtc-harness serve: stopped on " << (signal == SIGINT ? "SIGINT" : "SIGTERM") << std::endl;
}

}  // namespace

void AddServeCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand("serve", "Run the mock signaling, REST and control servers until Ctrl-C");
  auto& s = options->servers;
  serve->add_option("--bind", s.bind_address, "Address to listen on (non-loopback needs --control-token)")
      ->capture_default_str();
  serve->add_option("--signaling-port", s.signaling_port, "ws:// port (0: any free port)")->capture_default_str();
  serve->add_option("--wss-port", s.signaling_tls_port, "wss:// port (0: any free port)")->capture_default_str();
  serve->add_option("--rest-port", s.rest_port, "REST API port (0: any free port)")->capture_default_str();
  serve->add_option("--control-port", s.control_port, "Control API port (0: any free port)")->capture_default_str();
  serve->add_option("--media-port", s.media_port, "Media channel (ws://) port (0: any free port)")
      ->capture_default_str();
  serve->add_option("--stun-port", s.stun_port, "STUN (UDP) port (0: any free port)")->capture_default_str();
  serve->add_option("--stun-password", s.stun_password, "ICE password the STUN responder checks and signs with");
  serve->add_option("--webrtc-port", s.webrtc_port, "WebRTC media endpoint (ICE-lite, DTLS-SRTP; UDP) port (0: any)")
      ->capture_default_str();
  serve->add_flag("--no-tls", options->no_tls, "Do not start the wss:// listener");
  serve->add_flag("--no-webrtc", options->no_webrtc, "Do not start the WebRTC media endpoint");
  serve->add_option("--tls-cert", s.tls_cert_file, "PEM certificate chain for wss (default: self-signed)")
      ->check(CLI::ExistingFile);
  serve->add_option("--tls-key", s.tls_key_file, "PEM private key for --tls-cert")->check(CLI::ExistingFile);
  serve->add_option("--control-token", s.control_token, "Bearer token the control API requires");
  serve->add_option("--config", options->config_file, "Apps and limits (JSON; see docs/protocol.md)")
      ->check(CLI::ExistingFile);
  serve->add_option("--faults", options->faults_file, "Faults to install at start (JSON; see docs/faults.md)")
      ->check(CLI::ExistingFile);
  serve->add_option("--clock-rate", options->clock_rate, "Server seconds per wall second (0 freezes the clock)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--threads", s.threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
  serve->add_flag("--json", options->json, "Print the ready line as one JSON object");
  serve->callback([options, &context] { Serve(*options, context); });
}

}  // namespace trtc::cli
