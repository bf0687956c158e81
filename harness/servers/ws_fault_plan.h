// What a fault that fired does to a WebSocket session, decided as a value from the fault
// and the request it fired on (as HttpReply is for HTTP), so it is tested without sockets;
// the session only carries the plan out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/faults/fault_engine.h"
#include "harness/wire/protocol.h"

namespace trtc::servers {

struct [[nodiscard]] WsFaultPlan {
  enum class Request { kHandle, kHold, kDiscard };  // what becomes of the request
  enum class Link { kReadOn, kClose, kReset };      // what becomes of the connection

  Request request = Request::kHandle;
  Link link = Link::kReadOn;
  std::optional<wire::ServerMessage> deliver;  // an answer or a push, sent first
  std::optional<std::string> raw_text;         // a frame written as it is (malformed)
  std::int64_t hold_until_ms = 0;              // kHold: handled at this server time
  std::uint16_t close_code = 0;                // kClose
  std::string close_reason;
  // The session's state from now on.
  bool stall = false;                                      // reads are discarded
  std::optional<std::uint32_t> truncate_seq;               // the answer to this seq is cut in half
  std::optional<std::uint64_t> throttle_bytes_per_second;  // from fired.at_ms
  std::int64_t move_clock_ms = 0;                          // the server clock jumps
  std::optional<std::int64_t> refuse_for_ms;               // new connections are refused this long
};

// `request`: the request the fault fired on; nullptr for a fault on connect.
WsFaultPlan PlanWsFault(const faults::Fired& fired, const wire::ClientFrame* request);

}  // namespace trtc::servers
