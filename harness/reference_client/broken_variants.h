// Deliberately broken variants of the reference client, for the mutation check: the suite
// must fail every scenario a variant breaks, or the scenario cannot tell a conforming
// client from a broken one.
#pragma once

#include <memory>
#include <ostream>
#include <span>
#include <string_view>

#include "harness/client/client.h"

namespace trtc::refclient {

enum class Breakage {
  kWrongCode,       // every code off by one (errors and results)
  kWrongExtraCode,  // extra codes off by one, or one where there is none
  kWrongHandling,   // the right code with another recommended handling
  kWrongLocale,     // the message of another locale
  kSurfacedTwice,   // every error reported twice
  kSwallowed,       // errors never reported
  kLate,            // documented timeouts doubled, other errors held until the clock next moves
  // What the client does (judged from the journal, docs/handling.md):
  kRetryStorm,               // a refused hello or REST call sent 20 more times at once
  kReconnectAtOnce,          // all 30 signaling reconnection attempts within the first 2 s
  kRetryBeforeRetryAfter,    // a refused hello or REST call sent once more at once
  kResultCodeZero,           // failed commands answered with result code 0
  kRejoinWithRejectedToken,  // the application signs in again with the rejected userSig
  kNoRejoinWhenOnline,       // the application never rejoins when the network comes back
  kEarlyJoinTimeout,         // "join room timeout" after 2 s instead of 10
};

struct BreakageInfo {
  Breakage breakage;
  std::string_view name;
  bool application = false;  // built on the reference application (its rules are recommended)
};
std::span<const BreakageInfo> AllBreakages();
// GoogleTest prints a variant by its name.
inline void PrintTo(const BreakageInfo& info, std::ostream* out) { *out << info.name; }

std::unique_ptr<client::ClientUnderTest> MakeBrokenReferenceClient(Breakage breakage);

}  // namespace trtc::refclient
