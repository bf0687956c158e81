// What the service logic needs from a transport: a way to send a message to one client and
// to close its connection. The WebSocket session implements it; tests and the session
// fuzzer implement it in memory. Both calls may come from any thread.
#pragma once

#include <string>

#include "harness/wire/protocol.h"

namespace trtc::service {

class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual void Send(wire::ServerMessage message) = 0;
  virtual void Close(wire::CloseCode code, std::string reason) = 0;
};

// The result of one operation: a code (0 = success), a message, and response data.
struct [[nodiscard]] Outcome {
  int code = 0;
  std::string message;
  nlohmann::json data = nlohmann::json::object();

  static Outcome Ok(nlohmann::json data = nlohmann::json::object()) { return {0, "", std::move(data)}; }
  static Outcome Fail(int code, std::string message) { return {code, std::move(message), nlohmann::json::object()}; }
};

}  // namespace trtc::service
