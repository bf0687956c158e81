#include "harness/reference_client/broken_variants.h"
#include "harness/common/json_value.h"

#include <array>
#include <mutex>
#include <vector>

#include "harness/client/documented_error.h"
#include "harness/reference_client/application.h"
#include "harness/reference_client/reference_client.h"

namespace trtc::refclient {
namespace {

using client::SurfacedError;

constexpr std::array kBreakages = {
    BreakageInfo{Breakage::kWrongCode, "wrong-code"},
    BreakageInfo{Breakage::kWrongExtraCode, "wrong-extra-code"},
    BreakageInfo{Breakage::kWrongHandling, "wrong-handling"},
    BreakageInfo{Breakage::kWrongLocale, "wrong-locale"},
    BreakageInfo{Breakage::kSurfacedTwice, "surfaced-twice"},
    BreakageInfo{Breakage::kSwallowed, "swallowed"},
    BreakageInfo{Breakage::kLate, "late"},
    BreakageInfo{Breakage::kRetryStorm, "retry-storm"},
    BreakageInfo{Breakage::kReconnectAtOnce, "reconnect-at-once"},
    BreakageInfo{Breakage::kRetryBeforeRetryAfter, "retry-before-retry-after"},
    BreakageInfo{Breakage::kResultCodeZero, "result-code-zero"},
    BreakageInfo{Breakage::kRejoinWithRejectedToken, "rejoin-with-rejected-token", true},
    BreakageInfo{Breakage::kNoRejoinWhenOnline, "no-rejoin-when-online", true},
    BreakageInfo{Breakage::kEarlyJoinTimeout, "early-join-timeout"},
};

// Sits between the reference client and the harness's observer and breaks what passes.
class BreakingObserver : public client::ClientObserver {
 public:
  BreakingObserver(Breakage breakage, client::ClientObserver& inner) : breakage_(breakage), inner_(inner) {}

  void OnError(const SurfacedError& error) override {
    SurfacedError broken = error;
    switch (breakage_) {
      case Breakage::kWrongCode:
        broken.code += 1;
        break;
      case Breakage::kWrongExtraCode:
        broken.extra_code = error.extra_code.value_or(0) + 1;
        break;
      case Breakage::kWrongHandling:
        if (!broken.handling) broken.handling.emplace();
        broken.handling->action =
            broken.handling->action == catalog::Action::kRetry ? catalog::Action::kNone : catalog::Action::kRetry;
        break;
      case Breakage::kWrongLocale:
        broken.locale = error.locale == catalog::Locale::kZh ? catalog::Locale::kKo : catalog::Locale::kZh;
        if (const auto* entry = client::DocumentedEntry(*catalog::ParseFamily(error.family), error.code,
                                                        error.extra_code, error.reason);
            entry && entry->InLocale(broken.locale))
          broken.message = entry->InLocale(broken.locale)->description.plain;
        break;
      case Breakage::kSurfacedTwice:
        inner_.OnError(broken);
        break;
      case Breakage::kSwallowed:
        return;
      case Breakage::kLate: {
        std::lock_guard lock(mutex_);
        held_.push_back(broken);
        return;
      }
      default:
        break;  // the others break behaviour, not what is surfaced
    }
    inner_.OnError(broken);
  }

  void OnEvent(const client::ClientEvent& event) override { inner_.OnEvent(event); }

  void OnResult(const client::OperationResult& result) override {
    client::OperationResult broken = result;
    if (breakage_ == Breakage::kWrongCode) broken.code += 1;
    if (breakage_ == Breakage::kResultCodeZero) broken.code = 0;
    if (breakage_ == Breakage::kLate && result.operation == "advance-clock")
      Release(ValueOr<std::int64_t>(result.data, "clockMs", 0));
    inner_.OnResult(broken);
  }

 private:
  void Release(std::int64_t now_ms) {
    std::vector<SurfacedError> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& error : held) {
      error.at_ms = std::max(error.at_ms, now_ms);
      inner_.OnError(error);
    }
  }

  Breakage breakage_;
  client::ClientObserver& inner_;
  std::mutex mutex_;
  std::vector<SurfacedError> held_;
};

class BrokenClient : public client::ClientUnderTest {
 public:
  explicit BrokenClient(Breakage breakage) : breakage_(breakage) {
    Options options;
    if (breakage == Breakage::kLate) options.timing = options.timing.Scaled(2.0);
    if (breakage == Breakage::kRetryStorm) options.misbehaviour.repeats_after_refusal = 20;
    if (breakage == Breakage::kRetryBeforeRetryAfter) options.misbehaviour.repeats_after_refusal = 1;
    if (breakage == Breakage::kReconnectAtOnce) options.timing.signal_reconnect_windows_ms = {66};
    if (breakage == Breakage::kEarlyJoinTimeout) options.timing.join_timeout_ms = 2000;
    inner_ = MakeReferenceClient(options);
    if (breakage == Breakage::kRejoinWithRejectedToken)
      inner_ = MakeReferenceApplication(std::move(inner_), {.reuse_rejected_token = true});
    if (breakage == Breakage::kNoRejoinWhenOnline)
      inner_ = MakeReferenceApplication(std::move(inner_), {.ignore_network = true});
  }
  bool acts_as_application() const override { return inner_->acts_as_application(); }
  std::optional<std::string> Start(const client::ClientConfig& config, client::ClientObserver& observer) override {
    observer_ = std::make_unique<BreakingObserver>(breakage_, observer);
    return inner_->Start(config, *observer_);
  }
  void Execute(const client::Command& command) override { inner_->Execute(command); }
  void Stop() override { inner_->Stop(); }

 private:
  Breakage breakage_;
  std::unique_ptr<client::ClientUnderTest> inner_;
  std::unique_ptr<BreakingObserver> observer_;
};

}  // namespace

std::span<const BreakageInfo> AllBreakages() { return kBreakages; }

std::unique_ptr<client::ClientUnderTest> MakeBrokenReferenceClient(Breakage breakage) {
  return std::make_unique<BrokenClient>(breakage);
}

}  // namespace trtc::refclient
