// What a WebSocket connection runs: the logic of one session, whatever the endpoint
// (signaling or media). The transport calls it on one strand.
#pragma once

#include <cstdint>
#include <string>

#include "harness/service/outbox.h"
#include "harness/wire/protocol.h"

namespace trtc::service {

class SessionLogic {
 public:
  virtual ~SessionLogic() = default;
  // Every request gets exactly one response (or one protocol error).
  virtual void Handle(const wire::ClientFrame& frame) = 0;
  // A frame that could not be parsed; too many in a row close the connection (1008).
  virtual void HandleProtocolError(wire::ProtocolError error) = 0;
  // Nothing arrived for idle_timeout_ms() of server time.
  virtual void OnIdle() = 0;
  virtual std::int64_t idle_timeout_ms() const = 0;
  // The connection is gone.
  virtual void OnClosed() = 0;
  // Who the session is, once known (empty before).
  virtual const std::string& user_id() const = 0;
  // The endpoint it serves: requests of the other one are refused before their fields are read.
  virtual wire::Endpoint endpoint() const = 0;
};

// Sends a protocol error and closes the connection (1008) at the limit of consecutive ones.
void ReportProtocolError(Outbox& outbox, int& consecutive, wire::ProtocolError error);

}  // namespace trtc::service
