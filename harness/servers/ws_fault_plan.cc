#include "harness/servers/ws_fault_plan.h"

namespace trtc::servers {

WsFaultPlan PlanWsFault(const faults::Fired& fired, const wire::ClientFrame* request) {
  const auto& action = fired.action;
  WsFaultPlan plan;
  switch (action.kind) {
    case faults::ActionKind::kReply:
      if (request)
        plan.deliver = wire::Response{request->seq, std::string(wire::TypeName(request->request)), action.code,
                                      action.message, nlohmann::json::object()};
      plan.request = WsFaultPlan::Request::kDiscard;
      break;
    case faults::ActionKind::kDelay:
      // On connect there is nothing to hold: the session goes on.
      if (request) {
        plan.request = WsFaultPlan::Request::kHold;
        plan.hold_until_ms = fired.at_ms + action.ms;
      }
      break;
    case faults::ActionKind::kDrop:
      plan.request = WsFaultPlan::Request::kDiscard;
      break;
    case faults::ActionKind::kStall:
      plan.stall = true;
      plan.request = WsFaultPlan::Request::kDiscard;
      break;
    case faults::ActionKind::kClose:
      plan.link = WsFaultPlan::Link::kClose;
      plan.close_code = action.close_code;
      plan.close_reason = action.message;
      break;
    case faults::ActionKind::kReset:
      plan.link = WsFaultPlan::Link::kReset;
      break;
    case faults::ActionKind::kMalformed:
      plan.raw_text = R"({"type":"response","seq":)";
      plan.request = WsFaultPlan::Request::kDiscard;
      break;
    case faults::ActionKind::kTruncated:
      if (request) plan.truncate_seq = request->seq;
      break;
    case faults::ActionKind::kPush:
      plan.deliver = wire::Push{action.event, action.data};
      break;
    case faults::ActionKind::kMoveClock:
      plan.move_clock_ms = action.ms;
      break;
    case faults::ActionKind::kThrottle:
      plan.throttle_bytes_per_second = action.bytes_per_second;
      break;
    case faults::ActionKind::kRefuseConnections:
      plan.refuse_for_ms = action.ms;
      break;
  }
  return plan;
}

}  // namespace trtc::servers
