// The HTTP handlers of the REST and control servers: plain functions of a request, so they
// are tested and fuzzed without sockets.
#pragma once

#include <string>
#include <vector>

#include "harness/clock/server_clock.h"
#include "harness/faults/fault_engine.h"
#include "harness/journal/journal.h"
#include "harness/servers/http_handler.h"
#include "harness/servers/server_set.h"
#include "harness/service/service.h"

namespace trtc::servers {

// The RoomEngine REST API with the fault engine in front of it; every request and its
// envelope's ErrorCode go into the journal.
HttpHandler MakeRestHandler(service::Service& service, faults::FaultEngine& faults, clock::ServerClock& clock,
                            journal::Journal& journal);

struct ControlContext {
  faults::FaultEngine& faults;
  clock::ServerClock& clock;
  const service::ServiceConfig& config;
  std::function<std::vector<Endpoint>()> endpoints;
  std::function<std::vector<SessionInfo>()> sessions;
  std::function<std::optional<std::vector<RecordedFrame>>(std::uint64_t)> frames;
  const journal::Journal& journal;
  std::string token;                     // empty: no token needed (loopback only)
  service::MediaPlane* media = nullptr;  // the WebRTC endpoint's transports (GET /media); may be null
};

// The control API (docs/control-api.md).
HttpHandler MakeControlHandler(ControlContext context);

}  // namespace trtc::servers
