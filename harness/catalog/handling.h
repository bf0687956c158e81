// Recommended handling: the closed vocabulary of actions a client is expected to take (or
// advise its user to take) for a documented error, derived from the documents' text.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace trtc::catalog {

enum class Action {
  kNone,
  kRetry,
  kRetryAfter,
  kReduceRequestRate,
  kRejoin,
  kCheckNetworkThenRejoin,
  kRepublishOrRejoin,
  kRegenerateUserSig,
  kCheckUserSigGeneration,
  kCheckPrivateMapKey,
  kCheckSdkAppId,
  kCheckAppInConsole,
  kCheckParameters,
  kCheckCallSequence,
  kRequirePrivilegedRole,
  kApplyToOwner,
  kChooseAnotherId,
  kChooseAnotherSeat,
  kCheckFirewall,
  kCheckDevices,
  kFreeDevice,
  kGrantDevicePermission,
  kResumePlaybackOnGesture,
  kUseSupportedBrowser,
  kUnpublishThenPublish,
  kAvoidRepublish,
  kAvoidDuplicateUserId,
  kPurchasePackage,
  kContactSupport,
  kFollowExtraCode,
};

struct ActionInfo {
  Action action;
  std::string_view name;  // the stable spelling used in JSON, scenarios and the CLI
  std::string_view description;
};

std::span<const ActionInfo> AllActions();
std::string_view ToString(Action action);
std::string_view Describe(Action action);
std::optional<Action> ParseAction(std::string_view name);

// The handling assigned to one entry, and the curation rule that assigned it.
struct Handling {
  Action action = Action::kNone;
  std::optional<int> seconds;  // retry-after only
  std::string rule;            // id of the rule in fixtures/catalog/curation.json

  // "retry-after(60)", "check-firewall"
  std::string ToString() const;
  bool operator==(const Handling&) const = default;
};

}  // namespace trtc::catalog
