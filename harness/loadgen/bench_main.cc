// trtc-bench: the signaling server's benchmark (docs in BENCHMARKS.md).
//   trtc-bench run --harness build/default/harness/cli/trtc-harness [--sessions N] [--concurrency C] [--seconds S]
//   trtc-bench echo-server     (the baseline server; run by `run` itself)
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "harness/loadgen/loadgen.h"
#include "harness/service/app_config.h"
#include "harness/usersig/usersig.h"

extern char** environ;

namespace {

using nlohmann::json;
using trtc::loadgen::LoadOptions;
using trtc::loadgen::LoadResult;

struct Child {
  pid_t pid = -1;
  std::string first_line;
};

// Starts a program and reads the first line it prints (its ready line).
Child Spawn(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Child child;
  if (posix_spawn(&child.pid, args[0], &actions, nullptr, args.data(), environ) != 0) child.pid = -1;
  close(fds[1]);
  char c;
  while (read(fds[0], &c, 1) == 1 && c != '\n') child.first_line += c;
  close(fds[0]);
  return child;
}

void Stop(const Child& child) {
  if (child.pid <= 0) return;
  kill(child.pid, SIGTERM);
  waitpid(child.pid, nullptr, 0);
}

long RssKib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  return -1;
}

std::string Hello(std::size_t client) {
  std::string user = "u" + std::to_string(client);
  std::string sig = trtc::usersig::GenerateUserSig(std::string(trtc::service::kDefaultSecretKey),
                                                   trtc::service::kDefaultSdkAppId, user, 86400, time(nullptr));
  return json{{"type", "hello"},
              {"seq", 1},
              {"data",
               {{"protocol", "trtc-conformance/1"},
                {"sdkAppId", trtc::service::kDefaultSdkAppId},
                {"userId", user},
                {"userSig", sig}}}}
      .dump();
}

std::string JoinFrame(std::size_t client, std::uint64_t seq) {
  return json{{"type", "join"}, {"seq", seq}, {"data", {{"roomId", 100000 + client}, {"role", "anchor"}}}}.dump();
}

bool Ok(const std::string& answer) { return answer.find("\"code\":0,") != std::string::npos; }

struct Figures {
  std::size_t sessions_open = 0;
  double kib_per_session = 0;
  double connect_seconds = 0;
  double joins_per_second = 0;
  double requests_per_second = 0;
  double join_p50 = 0, join_p99 = 0;
  double echo_per_second = 0;
  double echo_p50 = 0, echo_p99 = 0;
};

void IdleSessions(std::uint16_t port, pid_t server, std::size_t sessions, Figures& f) {
  long before = RssKib(server);
  std::size_t ok = 0;
  LoadOptions options;
  options.port = port;
  options.clients = sessions;
  options.script = [&](std::size_t client, const std::string& answer) -> std::optional<std::string> {
    if (answer.empty()) return Hello(client);
    ok += Ok(answer);
    return std::nullopt;
  };
  long after = before;
  LoadResult r = trtc::loadgen::RunLoad(options, [&] { after = RssKib(server); });
  f.sessions_open = ok;
  f.connect_seconds = r.seconds;
  f.kib_per_session = ok ? static_cast<double>(after - before) / static_cast<double>(ok) : 0;
}

void Joins(std::uint16_t port, std::size_t concurrency, int seconds, Figures& f) {
  std::vector<std::uint64_t> seq(concurrency, 1);
  std::vector<bool> in_room(concurrency, false);
  std::size_t joins = 0;
  LoadOptions options;
  options.port = port;
  options.clients = concurrency;
  options.run_for = std::chrono::seconds(seconds);
  options.script = [&](std::size_t c, const std::string& answer) -> std::optional<std::string> {
    if (answer.empty()) return Hello(c + 1'000'000);
    if (in_room[c] && Ok(answer)) ++joins;
    in_room[c] = !in_room[c];
    ++seq[c];
    if (in_room[c]) return JoinFrame(c, seq[c]);
    return json{{"type", "leave"}, {"seq", seq[c]}}.dump();
  };
  LoadResult r = trtc::loadgen::RunLoad(options);
  f.joins_per_second = static_cast<double>(joins) / r.seconds;
  f.requests_per_second = static_cast<double>(r.round_trips - concurrency) / r.seconds;
  f.join_p50 = r.Percentile(50);
  f.join_p99 = r.Percentile(99);
}

void Echo(std::uint16_t port, std::size_t concurrency, int seconds, Figures& f) {
  LoadOptions options;
  options.port = port;
  options.clients = concurrency;
  options.run_for = std::chrono::seconds(seconds);
  std::uint64_t seq = 1;
  options.script = [&](std::size_t c, const std::string&) -> std::optional<std::string> {
    return JoinFrame(c, ++seq);  // the same size as a join request
  };
  LoadResult r = trtc::loadgen::RunLoad(options);
  f.echo_per_second = static_cast<double>(r.round_trips) / r.seconds;
  f.echo_p50 = r.Percentile(50);
  f.echo_p99 = r.Percentile(99);
}

int Run(const std::string& harness, std::size_t sessions, std::size_t concurrency, int seconds) {
  char config[] = "/tmp/trtc-bench-config-XXXXXX";
  int fd = mkstemp(config);
  std::string body = R"({"apps":[{"sdkAppId":1400000001,"secretKey":")" +
                     std::string(trtc::service::kDefaultSecretKey) +
                     R"("}],"limits":{"heartbeatTimeoutMs":3600000,"maxSessions":100000}})";
  if (fd < 0 || write(fd, body.data(), body.size()) != static_cast<ssize_t>(body.size())) return 2;
  close(fd);
  Child server = Spawn({harness, "serve", "--json", "--no-tls", "--config", config});
  json ready = json::parse(server.first_line, nullptr, false);
  if (server.pid <= 0 || ready.is_discarded()) {
    std::cerr << "trtc-bench: could not start " << harness << " serve\n";
    return 2;
  }
  auto port = ready["servers"][0]["port"].get<std::uint16_t>();
  Figures f;
  IdleSessions(port, server.pid, sessions, f);
  Stop(server);
  server = Spawn({harness, "serve", "--json", "--no-tls", "--config", config});
  port = json::parse(server.first_line)["servers"][0]["port"].get<std::uint16_t>();
  Joins(port, concurrency, seconds, f);
  Stop(server);
  unlink(config);
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  self[n > 0 ? n : 0] = '\0';
  Child echo = Spawn({self, "echo-server"});
  Echo(static_cast<std::uint16_t>(std::stoi(echo.first_line)), concurrency, seconds, f);
  Stop(echo);
  std::printf("| figure | value |\n| --- | ---: |\n");
  std::printf("| idle sessions open (hello answered) | %zu of %zu |\n", f.sessions_open, sessions);
  std::printf("| time to open them | %.2f s |\n", f.connect_seconds);
  std::printf("| server memory per idle session | %.1f KiB |\n", f.kib_per_session);
  std::printf("| joins per second (%zu clients, join+leave loop) | %.0f |\n", concurrency, f.joins_per_second);
  std::printf("| signaling requests per second (joins and leaves) | %.0f |\n", f.requests_per_second);
  std::printf("| request round trip p50 / p99 | %.0f / %.0f us |\n", f.join_p50, f.join_p99);
  std::printf("| echo server round trips per second (same frame size) | %.0f |\n", f.echo_per_second);
  std::printf("| echo round trip p50 / p99 | %.0f / %.0f us |\n", f.echo_p50, f.echo_p99);
  std::printf("| signaling requests / echo round trips | %.0f%% |\n",
              f.echo_per_second > 0 ? 100.0 * f.requests_per_second / f.echo_per_second : 0.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"trtc-bench: load the signaling server and a minimal echo server, print the figures"};
  app.require_subcommand(1);
  std::string harness;
  std::size_t sessions = 10000, concurrency = 64;
  int seconds = 10;
  auto* run = app.add_subcommand("run", "Run the benchmark");
  run->add_option("--harness", harness, "Path to trtc-harness")->required()->check(CLI::ExistingFile);
  run->add_option("--sessions", sessions, "Idle sessions to open")->capture_default_str();
  run->add_option("--concurrency", concurrency, "Clients in the throughput phases")->capture_default_str();
  run->add_option("--seconds", seconds, "Length of each throughput phase")->capture_default_str();
  app.add_subcommand("echo-server", "Serve the echo baseline on 127.0.0.1 (prints its port)");
  CLI11_PARSE(app, argc, argv);
  if (app.got_subcommand("echo-server")) {
    trtc::loadgen::RunEchoServer([](std::uint16_t port) { std::printf("%u\n", port), std::fflush(stdout); });
    return 0;
  }
  return Run(harness, sessions, concurrency, seconds);
}
