// Channel setup: who a connection is. Verifies the userSig against the app's key on the
// server clock, and locks a userId out after repeated failures (70050).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "harness/clock/server_clock.h"
#include "harness/ratelimit/ratelimit.h"
#include "harness/service/app_config.h"
#include "harness/service/outbox.h"
#include "harness/usersig/usersig.h"

namespace trtc::service {

inline constexpr int kLoginLockedOut = 70050;

class Accounts {
 public:
  Accounts(const ServiceConfig& config, const clock::ServerClock& clock);

  // 0 when the token is good for (sdk_app_id, user_id) now, with data {"expiresAt": <unix
  // seconds>}; else the account code.
  Outcome Login(std::uint64_t sdk_app_id, const std::string& user_id, const std::string& user_sig);

  // Verifies a token without counting failures (REST calls, re-checks at join). A token
  // met before is not decoded or signed again, only its expiry checked (usersig::VerifyMemo;
  // the apps' keys never change while the service runs).
  Outcome Verify(std::uint64_t sdk_app_id, const std::string& user_id, const std::string& user_sig) const;

 private:
  const ServiceConfig& config_;
  const clock::ServerClock& clock_;
  std::mutex lockout_mutex_;  // taken once per login, not per frame
  ratelimit::FailureLockout lockout_;
  mutable usersig::VerifyMemo memo_;
};

}  // namespace trtc::service
