// The table behind docs/handling.md. A test checks the document and this table agree, and
// that every action of the catalog's vocabulary has a definition.
#include <algorithm>
#include <array>

#include "harness/behaviour/behaviour.h"

namespace trtc::behaviour {
namespace {

using catalog::Action;
constexpr auto kSdk = Keeper::kSdk;
constexpr auto kApp = Keeper::kApplication;
constexpr auto kRequired = Level::kRequired;
constexpr auto kRecommended = Level::kRecommended;

constexpr std::array kRules = {
    RuleInfo{"no-automatic-repeat", kSdk, kRequired,
             "after the server refused a request, the client sends that request type at most once more "
             "within 60 s of virtual time before it is given another command"},
    RuleInfo{"retry-after", kSdk, kRequired,
             "after the refusal, no request of that type before the documented number of seconds"},
    RuleInfo{"reduce-request-rate", kSdk, kRequired,
             "after a rate-limit refusal, no request of that type within 1 s (the limiters' refill period)"},
    RuleInfo{"bounded-retry", kSdk, kRequired,
             "automatic repeats of the failed request: at most 30, and from the second on each at least 1 s "
             "after the one before (back-off)"},
    RuleInfo{"fresh-token", kSdk, kRequired,
             "a request that follows the refusal never carries the rejected token again"},
    RuleInfo{"app-fetches-fresh-token", kApp, kRecommended,
             "when the application may react after the refusal, it signs in again with a newly signed token"},
    RuleInfo{"rejoin-when-online", kApp, kRecommended,
             "when the network comes back after the error and the application may react, it joins again"},
    RuleInfo{"no-playback-before-gesture", kSdk, kRequired,
             "after PLAY_NOT_ALLOWED, no playback starts before the user's gesture (resume)"},
    RuleInfo{std::string_view("reconnection-windows"), kSdk, kRequired,
             "after the signaling connection drops, reconnection attempt k starts inside window k "
             "(2,2,3,3,5,5,8,8,13,13 s then 13 s); SIGNAL_CHANNEL_RECONNECTION_FAILED after exactly 30 attempts"},
    RuleInfo{std::string_view("join-timeout"), kSdk, kRequired,
             "\"join room timeout\" comes no earlier than 10 s (client clock) after the join it answers"},
    RuleInfo{std::string_view("result-agrees"), kSdk, kRequired,
             "every command's result code is the code of the error it surfaced, and 0 when it surfaced none"},
};

const std::vector<std::string_view> kNoRepeat = {"no-automatic-repeat"};
constexpr std::string_view kAdviseOnly = "nothing automatic: the user is told what to check";
constexpr std::string_view kNoAutoRepeat = "must not repeat the failed request on its own";

const std::vector<ActionDefinition>& Definitions() {
  static const std::vector<ActionDefinition> table = {
      {Action::kNone, {}, "nothing to do", "nothing to do"},
      {Action::kRetry,
       {"bounded-retry"},
       "may repeat the failed request, with back-off and a bounded count",
       "may repeat the operation"},
      {Action::kRetryAfter,
       {"retry-after"},
       "no repeat before the documented seconds",
       "no repeat before the documented seconds"},
      {Action::kReduceRequestRate,
       {"reduce-request-rate"},
       "stays under the limit after the error",
       "spreads its requests out"},
      {Action::kRejoin,
       {"rejoin-when-online"},
       "ends the room session; no join on its own",
       "joins again once the network is back"},
      {Action::kCheckNetworkThenRejoin,
       {"rejoin-when-online"},
       "ends the room session; no join on its own",
       "joins again once the network is back"},
      {Action::kRepublishOrRejoin,
       {"rejoin-when-online"},
       "ends the publication; no join on its own",
       "publishes or joins again once the network is back"},
      {Action::kRegenerateUserSig,
       {"no-automatic-repeat", "fresh-token", "app-fetches-fresh-token"},
       "must not repeat with the rejected token",
       "asks its server for a newly signed userSig and signs in again with it"},
      {Action::kCheckUserSigGeneration, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kCheckPrivateMapKey, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kCheckSdkAppId, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kCheckAppInConsole, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kCheckParameters, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kCheckCallSequence, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kRequirePrivilegedRole, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kApplyToOwner, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kChooseAnotherId, kNoRepeat, kNoAutoRepeat, "asks for another id; no repeat of the same request"},
      {Action::kChooseAnotherSeat, kNoRepeat, kNoAutoRepeat, "asks for another seat; no repeat of the same request"},
      {Action::kCheckFirewall, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kCheckDevices, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kFreeDevice, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kGrantDevicePermission, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kResumePlaybackOnGesture,
       {"no-playback-before-gesture"},
       "must not start playback on its own",
       "calls resume() from the user's gesture"},
      {Action::kUseSupportedBrowser, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kUnpublishThenPublish, kNoRepeat, kNoAutoRepeat, "unpublishes before publishing again"},
      {Action::kAvoidRepublish, kNoRepeat, kNoAutoRepeat, "waits for the ongoing publish"},
      {Action::kAvoidDuplicateUserId, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kPurchasePackage, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kContactSupport, kNoRepeat, kNoAutoRepeat, kAdviseOnly},
      {Action::kFollowExtraCode, kNoRepeat, "follows the definition of the extra code's entry",
       "follows the definition of the extra code's entry"},
  };
  return table;
}

}  // namespace

std::string_view ToString(Level level) { return level == Level::kRequired ? "required" : "recommended"; }
std::string_view ToString(Keeper keeper) { return keeper == Keeper::kSdk ? "sdk" : "application"; }

std::span<const RuleInfo> AllRules() { return kRules; }

const RuleInfo* FindRule(std::string_view id) {
  auto it = std::find_if(kRules.begin(), kRules.end(), [id](const RuleInfo& r) { return r.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

std::span<const ActionDefinition> AllDefinitions() { return Definitions(); }

const ActionDefinition* DefinitionOf(catalog::Action action) {
  const auto& table = Definitions();
  auto it =
      std::find_if(table.begin(), table.end(), [action](const ActionDefinition& d) { return d.action == action; });
  return it == table.end() ? nullptr : &*it;
}

}  // namespace trtc::behaviour
