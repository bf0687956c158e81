#include "harness/service/accounts.h"

#include "harness/usersig/usersig.h"

namespace trtc::service {

Accounts::Accounts(const ServiceConfig& config, const clock::ServerClock& clock)
    : config_(config),
      clock_(clock),
      lockout_(config.limits.login_failures_before_lockout, ratelimit::Millis(config.limits.login_failure_window_ms),
               ratelimit::Millis(config.limits.login_lockout_ms)) {}

Outcome Accounts::Verify(std::uint64_t sdk_app_id, const std::string& user_id, const std::string& user_sig) const {
  usersig::Expectation expected;
  expected.identifier = user_id;
  expected.sdkappid = sdk_app_id;
  expected.now = clock_.NowSeconds();
  expected.key_for = [this](std::uint64_t id) -> std::optional<std::string> {
    const AppConfig* app = config_.FindApp(id);
    if (!app) return std::nullopt;
    return app->secret_key;
  };
  auto verified = memo_.Verify(user_sig, expected);
  if (verified.ok()) return Outcome::Ok({{"expiresAt", verified.token.time + verified.token.expire}});
  return Outcome::Fail(usersig::AccountCode(verified.failure), verified.reason);
}

Outcome Accounts::Login(std::uint64_t sdk_app_id, const std::string& user_id, const std::string& user_sig) {
  const std::string key = std::to_string(sdk_app_id) + ":" + user_id;
  const auto now = ratelimit::Millis(clock_.Now().count());
  {
    std::lock_guard lock(lockout_mutex_);
    if (lockout_.IsLocked(key, now))
      return Outcome::Fail(kLoginLockedOut, "too many failed logins for " + user_id + "; retry after the lockout");
  }
  Outcome outcome = Verify(sdk_app_id, user_id, user_sig);
  std::lock_guard lock(lockout_mutex_);
  if (outcome.code == 0)
    lockout_.RecordSuccess(key);
  else
    lockout_.RecordFailure(key, now);
  return outcome;
}

}  // namespace trtc::service
