// A load generator of our own: many async Beast WebSocket clients on one thread, each
// running a short script (send, await the answer, decide the next frame). Used by
// trtc-bench against the signaling server and against a minimal echo server.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trtc::loadgen {

// Given the index of a client and the last answer (empty before the first frame), the
// next frame to send, or nullopt to stop sending and stay connected (idle).
using Script = std::function<std::optional<std::string>(std::size_t client, const std::string& answer)>;

struct LoadOptions {
  std::string host = "127.0.0.1";  // a name or an address; resolved once
  std::uint16_t port = 0;
  std::string path = "/";   // the WebSocket handshake's target (path and query)
  std::string host_header;  // empty: host:port
  std::size_t clients = 1;
  std::size_t connect_window = 256;  // connections being set up at once
  Script script;
  std::chrono::milliseconds run_for{0};  // 0: until every client is idle
};

struct [[nodiscard]] LoadResult {
  std::string error;  // the host did not resolve (nothing was run)
  std::size_t connected = 0;
  std::size_t failed = 0;
  std::size_t round_trips = 0;
  double seconds = 0;
  std::vector<double> rtt_us;  // every round trip's time, microseconds
  double Percentile(double p) const;
};

// Runs the clients; when run_for is 0 returns once all are idle, keeping them connected
// until `hold` returns (so memory can be measured while they are open).
LoadResult RunLoad(const LoadOptions& options, const std::function<void()>& hold = {});

// A minimal Beast WebSocket echo server on 127.0.0.1 (the baseline): returns its port via
// `on_ready`, serves until the process ends.
void RunEchoServer(const std::function<void(std::uint16_t)>& on_ready);

}  // namespace trtc::loadgen
