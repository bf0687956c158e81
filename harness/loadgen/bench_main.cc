// trtc-bench: the signaling server's benchmark, side by side with two baselines in the
// same invocation (docs in BENCHMARKS.md):
//   trtc-bench run --harness build/default/harness/cli/trtc-harness [--rounds R] ...
//       `serve`, the Node `ws` comparator (harness/loadgen/node_mock) and the Beast echo
//       server under the same load, rounds interleaved; medians and ratios.
//   trtc-bench load --url ws://127.0.0.1:PORT/ [--concurrency C] [--seconds S]
//       the join loop against any WebSocket server.
//   trtc-bench echo-server     (the echo baseline; run by `run` itself)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/url/parse.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

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

constexpr int kReadyPatienceMs = 30'000;

// Starts a program and reads the first line it prints (its ready line), waiting at most
// kReadyPatienceMs for it.
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
  if (posix_spawnp(&child.pid, args[0], &actions, nullptr, args.data(), environ) != 0) child.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  pollfd ready{fds[0], POLLIN, 0};
  char c;
  while (poll(&ready, 1, kReadyPatienceMs) == 1 && read(fds[0], &c, 1) == 1 && c != '\n') child.first_line += c;
  close(fds[0]);
  return child;
}

void Stop(Child& child) {
  if (child.pid <= 0) return;
  kill(child.pid, SIGTERM);
  waitpid(child.pid, nullptr, 0);
  child.pid = -1;
}

long RssKib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  return -1;
}

// User and system CPU a process has used, in seconds (/proc/PID/stat fields 14 and 15).
double CpuSeconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto after_name = text.rfind(')');  // the command name may hold spaces
  if (after_name == std::string::npos) return 0;
  std::istringstream fields(text.substr(after_name + 2));
  std::string field;
  double ticks = 0;
  for (int index = 3; fields >> field && index <= 15; ++index)
    if (index >= 14) ticks += std::stod(field);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
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

// A server under test: serve, the Node comparator or the echo server, started and ready.
// Stopped when it goes, however the run ends.
struct Server {
  Server(std::string n, std::vector<std::string> a) : name(std::move(n)), argv(std::move(a)) {}
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server() { Stop(child); }

  std::string name;
  std::vector<std::string> argv;
  Child child;
  LoadOptions target;  // where the load goes
};

// The port in a ready line: serve's JSON (its first server), or the baselines' bare number.
std::optional<std::uint16_t> ReadyPort(const std::string& line) {
  const json ready = json::parse(line, nullptr, false);
  const json::json_pointer serve_port("/servers/0/port");
  const json* port = &ready;
  if (ready.is_object() && ready.contains(serve_port)) port = &ready.at(serve_port);
  if (!port->is_number_unsigned() || port->get<std::uint64_t>() > 65535) return std::nullopt;
  return port->get<std::uint16_t>();
}

[[nodiscard]] bool Start(Server& server) {
  server.child = Spawn(server.argv);
  auto port = ReadyPort(server.child.first_line);
  if (server.child.pid <= 0 || !port) {
    std::cerr << "trtc-bench: " << server.name << " did not start (" << server.argv.front()
              << " printed: " << server.child.first_line << ")\n";
    if (server.name.starts_with("node"))
      std::cerr << "trtc-bench: the comparator needs Node 20 and its packages: npm ci --prefix "
                << server.argv.back().substr(0, server.argv.back().rfind('/')) << " (or --no-node)\n";
    Stop(server.child);
    return false;
  }
  server.target.port = *port;
  return true;
}

struct Memory {
  std::size_t answered = 0;
  double kib_per_session = 0;
  double connect_seconds = 0;
};

// Opens `sessions` connections that each send a hello and then stay idle; the server's RSS
// growth per session, read while they are all open.
Memory IdleSessions(const Server& server, std::size_t sessions) {
  const long before = RssKib(server.child.pid);
  LoadOptions options = server.target;
  options.clients = sessions;
  std::size_t answered = 0;
  options.script = [&](std::size_t client, const std::string& answer) -> std::optional<std::string> {
    if (answer.empty()) return Hello(client);
    ++answered;
    return std::nullopt;
  };
  long after = before;
  LoadResult r = trtc::loadgen::RunLoad(options, [&] { after = RssKib(server.child.pid); });
  Memory m;
  m.answered = answered;
  m.connect_seconds = r.seconds;
  m.kib_per_session = answered ? static_cast<double>(after - before) / static_cast<double>(answered) : 0;
  return m;
}

struct Throughput {
  double requests_per_second = 0;
  double p50_us = 0, p99_us = 0;
  double server_cpu_us = 0;  // per request; 0 when the server is not ours to watch
  std::string error;
};

// `concurrency` clients, each signed in, then looping join (its own room) and leave.
Throughput JoinLoop(const LoadOptions& target, pid_t server, std::size_t concurrency, int seconds) {
  std::vector<std::uint64_t> seq(concurrency, 1);
  std::vector<bool> in_room(concurrency, false);
  LoadOptions options = target;
  options.clients = concurrency;
  options.run_for = std::chrono::seconds(seconds);
  options.script = [&](std::size_t c, const std::string& answer) -> std::optional<std::string> {
    if (answer.empty()) return Hello(c + 1'000'000);
    in_room[c] = !in_room[c];
    ++seq[c];
    if (in_room[c]) return JoinFrame(c, seq[c]);
    return json{{"type", "leave"}, {"seq", seq[c]}}.dump();
  };
  const double cpu_before = server > 0 ? CpuSeconds(server) : 0;
  LoadResult r = trtc::loadgen::RunLoad(options);
  Throughput t;
  t.error = r.error;
  if (t.error.empty() && r.failed > 0)
    t.error = std::to_string(r.failed) + " of " + std::to_string(concurrency) + " connections failed";
  if (t.error.empty() && (r.round_trips <= r.connected || r.seconds <= 0)) t.error = "no request was answered";
  if (!t.error.empty()) return t;
  // Each connected client's first round trip is its hello: not a request of the loop.
  const auto requests = static_cast<double>(r.round_trips - r.connected);
  t.requests_per_second = requests / r.seconds;
  t.p50_us = r.Percentile(50);
  t.p99_us = r.Percentile(99);
  if (server > 0) t.server_cpu_us = (CpuSeconds(server) - cpu_before) * 1e6 / requests;
  return t;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::string Range(const std::vector<double>& values, const char* format) {
  if (values.empty()) return "";
  auto [low, high] = std::minmax_element(values.begin(), values.end());
  char text[96];
  std::snprintf(text, sizeof(text), format, *low, *high);
  return text;
}

struct RunOptions {
  std::string harness;
  std::string node = "node";
  std::string node_mock = TRTC_NODE_MOCK;
  bool with_node = true;
  std::size_t sessions = 10000;
  std::size_t concurrency = 64;
  int seconds = 10;
  int rounds = 5;
};

// A file in /tmp, removed when it goes.
struct TempFile {
  std::string path;
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path.empty()) unlink(path.c_str());
  }
};

// serve's config: the default app, no heartbeat timeout in the way, room for the sessions.
[[nodiscard]] bool WriteServeConfig(TempFile& file) {
  char path[] = "/tmp/trtc-bench-config-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return false;
  file.path = path;
  std::string body = R"({"apps":[{"sdkAppId":1400000001,"secretKey":")" +
                     std::string(trtc::service::kDefaultSecretKey) +
                     R"("}],"limits":{"heartbeatTimeoutMs":3600000,"maxSessions":100000}})";
  const bool written = write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size());
  close(fd);
  return written;
}

std::string SelfPath() {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  self[n > 0 ? n : 0] = '\0';
  return self;
}

int Run(const RunOptions& o) {
  TempFile config;
  if (!WriteServeConfig(config)) {
    std::cerr << "trtc-bench: cannot write serve's config in /tmp\n";
    return 2;
  }
  std::vector<std::unique_ptr<Server>> servers;
  servers.push_back(std::make_unique<Server>(
      "serve", std::vector<std::string>{o.harness, "serve", "--json", "--no-tls", "--config", config.path}));
  if (o.with_node) servers.push_back(std::make_unique<Server>("node ws mock", std::vector{o.node, o.node_mock}));
  servers.push_back(std::make_unique<Server>("beast echo", std::vector<std::string>{SelfPath(), "echo-server"}));

  // Memory: each server fresh, its idle sessions open.
  std::vector<Memory> memory;
  for (auto& server : servers) {
    if (!Start(*server)) return 2;
    memory.push_back(IdleSessions(*server, o.sessions));
    Stop(server->child);
  }
  // Throughput: each server fresh, then the rounds interleaved (serve, node, echo, serve, …)
  // so a machine that slows down part way slows them all.
  for (auto& server : servers)
    if (!Start(*server)) return 2;
  std::vector<std::vector<Throughput>> rounds(servers.size());
  for (int round = 0; round < o.rounds; ++round) {
    for (std::size_t s = 0; s < servers.size(); ++s) {
      Throughput t = JoinLoop(servers[s]->target, servers[s]->child.pid, o.concurrency, o.seconds);
      if (!t.error.empty()) {
        std::cerr << "trtc-bench: " << servers[s]->name << ": " << t.error << "\n";
        return 2;
      }
      rounds[s].push_back(t);
    }
  }

  std::printf("%zu clients, join+leave loop, %d rounds of %d s interleaved; medians [range]\n\n", o.concurrency,
              o.rounds, o.seconds);
  std::printf("| server | requests/s | round trip p50 / p99 | server CPU per request | memory per idle session |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: |\n");
  auto of = [&](std::size_t s, double Throughput::*field) {
    std::vector<double> values;
    for (const auto& t : rounds[s]) values.push_back(t.*field);
    return values;
  };
  for (std::size_t s = 0; s < servers.size(); ++s) {
    auto rps = of(s, &Throughput::requests_per_second);
    std::printf("| %s | %.0f %s | %.0f / %.0f us | %.1f us | %.1f KiB (%zu of %zu answered, %.1f s) |\n",
                servers[s]->name.c_str(), Median(rps), Range(rps, "[%.0f-%.0f]").c_str(),
                Median(of(s, &Throughput::p50_us)), Median(of(s, &Throughput::p99_us)),
                Median(of(s, &Throughput::server_cpu_us)), memory[s].kib_per_session, memory[s].answered, o.sessions,
                memory[s].connect_seconds);
  }
  std::printf("\n| ratio (per round) | median | range |\n| --- | ---: | ---: |\n");
  for (std::size_t s = 1; s < servers.size(); ++s) {
    std::vector<double> ratios;
    for (std::size_t round = 0; round < rounds[s].size(); ++round)
      ratios.push_back(rounds[0][round].requests_per_second / rounds[s][round].requests_per_second);
    std::printf("| serve / %s | %.2fx | %s |\n", servers[s]->name.c_str(), Median(ratios),
                Range(ratios, "%.2f-%.2f").c_str());
  }
  return 0;
}

int Load(const std::string& url, std::size_t concurrency, int seconds) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "ws" || parsed->host().empty()) {
    std::cerr << "trtc-bench: --url must be ws://HOST:PORT/PATH (got " << url << ")\n";
    return 2;
  }
  LoadOptions target;
  target.host = parsed->host_address();  // an IPv6 address without its brackets
  target.port = parsed->has_port() ? parsed->port_number() : 80;
  target.host_header = parsed->encoded_host_and_port();
  target.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) target.path += "?" + std::string(parsed->encoded_query());
  Throughput t = JoinLoop(target, -1, concurrency, seconds);
  if (!t.error.empty()) {
    std::cerr << "trtc-bench: " << url << ": " << t.error << "\n";
    return 2;
  }
  std::printf("| %s | %.0f requests/s | p50 / p99 %.0f / %.0f us |\n", url.c_str(), t.requests_per_second, t.p50_us,
              t.p99_us);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"trtc-bench: the signaling server side by side with a Node ws mock and a Beast echo server"};
  app.require_subcommand(1);
  RunOptions o;
  bool no_node = false;
  auto* run = app.add_subcommand("run", "Measure serve, the Node comparator and the echo server in one run");
  run->add_option("--harness", o.harness, "Path to trtc-harness")->required()->check(CLI::ExistingFile);
  run->add_option("--sessions", o.sessions, "Idle sessions to open on each server")->capture_default_str();
  run->add_option("--concurrency", o.concurrency, "Clients in the throughput rounds")->capture_default_str();
  run->add_option("--seconds", o.seconds, "Length of each throughput round")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  run->add_option("--rounds", o.rounds, "Throughput rounds per server, interleaved")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  run->add_option("--node", o.node, "Node 20 to run the comparator with")->capture_default_str();
  run->add_option("--node-mock", o.node_mock, "The comparator (needs `npm ci` in its folder)")
      ->capture_default_str()
      ->check(CLI::ExistingFile);
  run->add_flag("--no-node", no_node, "Leave the Node comparator out");
  std::string url;
  auto* load = app.add_subcommand("load", "Run the join loop against any WebSocket server");
  load->add_option("--url", url, "ws://HOST:PORT/PATH")->required();
  load->add_option("--concurrency", o.concurrency, "Clients")->capture_default_str();
  load->add_option("--seconds", o.seconds, "How long")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_subcommand("echo-server", "Serve the echo baseline on 127.0.0.1 (prints its port)");
  CLI11_PARSE(app, argc, argv);
  if (app.got_subcommand("echo-server")) {
    trtc::loadgen::RunEchoServer([](std::uint16_t port) {
      std::printf("%u\n", port);
      std::fflush(stdout);
    });
    return 0;
  }
  if (app.got_subcommand("load")) return Load(url, o.concurrency, o.seconds);
  o.with_node = !no_node;
  return Run(o);
}
