// The reference client: a C++ client of the harness's wire protocol that behaves as the
// documents say a TRTC Web SDK v4 client, a TUIRoomEngine client and a REST caller behave.
// It proves the harness (it must pass every scenario) and is the model for SDK authors.
// docs/conformance.md ("Reference client") lists every decision it embodies.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "harness/client/client.h"

namespace trtc::refclient {

// Documented durations, in client-clock milliseconds. The clock is virtual, so these keep
// their documented values; only a broken variant changes them.
struct Timing {
  std::int64_t join_timeout_ms = 10'000;       // "join room timeout"
  std::int64_t publish_timeout_ms = 10'000;    // "publish timeout"
  std::int64_t subscribe_timeout_ms = 10'000;  // SUBSCRIPTION_TIMEOUT
  std::int64_t ice_timeout_ms = 5'000;         // no STUN answer: "no valid ice candidate found"
  std::int64_t dtls_timeout_ms = 10'000;       // "DTLS Transport connection timeout (10s)"
  std::int64_t media_silence_ms = 10'000;      // keepalives unanswered this long: SERVER_TIMEOUT
  std::int64_t heartbeat_ms = 2'000;
  // Any other request unanswered this long fails (the documents give no figure; the join
  // timeout's): unpublish, switch-role, CDN, mix, every RoomEngine request.
  std::int64_t request_timeout_ms = 10'000;
  // Signaling reconnection: per-attempt windows (the vendor SDK's 2,2,3,3,5,5,8,8,13,13 s,
  // then 13 s), 30 attempts, so SIGNAL_CHANNEL_RECONNECTION_FAILED comes 322 s after the drop.
  std::vector<std::int64_t> signal_reconnect_windows_ms = {2000, 2000, 3000, 3000,  5000,
                                                           5000, 8000, 8000, 13000, 13000};
  int signal_reconnect_attempts = 30;
  // Media (uplink/downlink) reconnection: 3 attempts in windows of 1, 2 and 4 s.
  std::vector<std::int64_t> media_reconnect_windows_ms = {1000, 2000, 4000};

  Timing Scaled(double factor) const;
};

// Deliberate departures from the documents, for the mutation check (broken_variants.h).
struct Misbehaviour {
  int repeats_after_refusal = 0;  // a refused hello or REST call is sent again this many times at once
};

struct Options {
  Timing timing;
  Misbehaviour misbehaviour;
};

std::unique_ptr<client::ClientUnderTest> MakeReferenceClient(Options options = {});

}  // namespace trtc::refclient
