#include "harness/catalog/handling.h"

#include <array>

namespace trtc::catalog {
namespace {

constexpr std::array kActions = {
    ActionInfo{Action::kNone, "none", "nothing to do: a normal interaction or an already-reached state"},
    ActionInfo{Action::kRetry, "retry", "try the operation again"},
    ActionInfo{Action::kRetryAfter, "retry-after", "try again only after the given number of seconds"},
    ActionInfo{Action::kReduceRequestRate, "reduce-request-rate",
               "lower the request frequency; the call was rate limited"},
    ActionInfo{Action::kRejoin, "rejoin", "reconnect: leave and enter the room again (refresh the page)"},
    ActionInfo{Action::kCheckNetworkThenRejoin, "check-network-then-rejoin",
               "ask the user to check the network, then enter the room again"},
    ActionInfo{Action::kRepublishOrRejoin, "republish-or-rejoin",
               "ask the user to check the network, then publish again or re-enter the room"},
    ActionInfo{Action::kRegenerateUserSig, "regenerate-usersig",
               "the userSig expired or was invalidated: generate a new one"},
    ActionInfo{Action::kCheckUserSigGeneration, "check-usersig-generation",
               "the userSig is malformed or signed wrongly: check how it is generated"},
    ActionInfo{Action::kCheckPrivateMapKey, "check-privatemapkey",
               "advanced permission control is on: pass a valid privateMapKey"},
    ActionInfo{Action::kCheckSdkAppId, "check-sdkappid", "check the SDKAppID the client or request uses"},
    ActionInfo{Action::kCheckAppInConsole, "check-app-in-console",
               "check the application's account, service or billing state in the console"},
    ActionInfo{Action::kCheckParameters, "check-parameters",
               "a parameter is missing or invalid: check the call's parameters"},
    ActionInfo{Action::kCheckCallSequence, "check-call-sequence",
               "the call is not allowed in the current state: follow the documented call order"},
    ActionInfo{Action::kRequirePrivilegedRole, "require-privileged-role",
               "only the room owner, an administrator or the app administrator may do this"},
    ActionInfo{Action::kApplyToOwner, "apply-to-owner",
               "ask the room owner or an administrator to allow it (apply, unlock or unmute)"},
    ActionInfo{Action::kChooseAnotherId, "choose-another-id", "the ID is taken: choose another one"},
    ActionInfo{Action::kChooseAnotherSeat, "choose-another-seat", "the seat is taken or locked: choose another one"},
    ActionInfo{Action::kCheckFirewall, "check-firewall", "the media transport failed: check firewall and UDP ports"},
    ActionInfo{Action::kCheckDevices, "check-devices", "check the camera and microphone before the call"},
    ActionInfo{Action::kFreeDevice, "free-device",
               "the device is in use: make sure no other application holds it, then retry"},
    ActionInfo{Action::kGrantDevicePermission, "grant-device-permission",
               "ask the user to grant camera, microphone or screen permission"},
    ActionInfo{Action::kResumePlaybackOnGesture, "resume-playback-on-gesture",
               "autoplay was blocked: call resume() from a user gesture"},
    ActionInfo{Action::kUseSupportedBrowser, "use-supported-browser",
               "the browser or device lacks a needed capability: use a supported one"},
    ActionInfo{Action::kUnpublishThenPublish, "unpublish-then-publish", "call unpublish() before publishing again"},
    ActionInfo{Action::kAvoidRepublish, "avoid-republish", "publishing is ongoing: do not call publish() again"},
    ActionInfo{Action::kAvoidDuplicateUserId, "avoid-duplicate-userid",
               "the user was kicked: never let one userId enter a room twice"},
    ActionInfo{Action::kPurchasePackage, "purchase-package", "the feature or quota needs a (renewed) package"},
    ActionInfo{Action::kContactSupport, "contact-support", "an internal or account-level block: contact support"},
    ActionInfo{Action::kFollowExtraCode, "follow-extra-code",
               "a wrapper error: handle it as its extra code's entry says"},
};

constexpr bool ListedInEnumOrder() {
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    if (static_cast<std::size_t>(kActions[i].action) != i) return false;
  }
  return true;
}
static_assert(ListedInEnumOrder(), "kActions must list every Action in declaration order");

}  // namespace

std::span<const ActionInfo> AllActions() { return kActions; }

std::string_view ToString(Action action) { return kActions[static_cast<std::size_t>(action)].name; }

std::string_view Describe(Action action) { return kActions[static_cast<std::size_t>(action)].description; }

std::optional<Action> ParseAction(std::string_view name) {
  for (const ActionInfo& info : kActions) {
    if (info.name == name) return info.action;
  }
  return std::nullopt;
}

std::string Handling::ToString() const {
  std::string out(catalog::ToString(action));
  if (seconds) out += "(" + std::to_string(*seconds) + ")";
  return out;
}

}  // namespace trtc::catalog
