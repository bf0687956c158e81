#include "harness/service/service.h"

namespace trtc::service {

Service::Service(ServiceConfig config, clock::ServerClock& clock)
    : config_(std::move(config)),
      clock_(clock),
      accounts_(config_, clock_),
      room_engine_(config_, clock_),
      rest_(config_, clock_, accounts_, room_engine_) {}

}  // namespace trtc::service
