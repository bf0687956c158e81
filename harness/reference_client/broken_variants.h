// Deliberately broken variants of the reference client, for the mutation check: the suite
// must fail every scenario a variant breaks, or the scenario cannot tell a conforming
// client from a broken one.
#pragma once

#include <memory>
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
};

struct BreakageInfo {
  Breakage breakage;
  std::string_view name;
};
std::span<const BreakageInfo> AllBreakages();

std::unique_ptr<client::ClientUnderTest> MakeBrokenReferenceClient(Breakage breakage);

}  // namespace trtc::refclient
