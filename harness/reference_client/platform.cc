#include "harness/reference_client/platform.h"

namespace trtc::refclient {
namespace {

DeviceState ParseState(const std::string& text) {
  if (text == "missing") return DeviceState::kMissing;
  if (text == "not-found") return DeviceState::kNotFound;
  if (text == "not-readable") return DeviceState::kNotReadable;
  if (text == "not-allowed") return DeviceState::kNotAllowed;
  if (text == "overconstrained") return DeviceState::kOverconstrained;
  if (text == "abort") return DeviceState::kAbort;
  return DeviceState::kOk;
}

}  // namespace

DeviceState& Platform::Device(std::string_view name) {
  if (name == "camera") return camera;
  if (name == "microphone") return microphone;
  return screen;
}

void Platform::Apply(const nlohmann::json& args) {
  for (const char* device : {"camera", "microphone", "screen"}) {
    if (args.contains(device)) Device(device) = ParseState(args[device].get<std::string>());
  }
  if (args.contains("permissions")) permissions_denied = args["permissions"] == "denied";
  if (args.contains("autoplay")) autoplay_blocked = args["autoplay"] == "blocked";
  if (args.contains("h264")) h264 = args["h264"].get<bool>();
  if (args.contains("browser")) browser_supported = args["browser"] == "supported";
  if (args.contains("createOffer")) create_offer_fails = args["createOffer"] == "fail";
  if (args.contains("network")) network_online = args["network"] == "online";
}

std::string_view DomExceptionName(DeviceState state) {
  switch (state) {
    case DeviceState::kNotFound:
      return "NotFoundError";
    case DeviceState::kNotReadable:
      return "NotReadableError";
    case DeviceState::kNotAllowed:
      return "NotAllowedError";
    case DeviceState::kOverconstrained:
      return "OverconstrainedError";
    case DeviceState::kAbort:
      return "AbortError";
    default:
      return "";
  }
}

}  // namespace trtc::refclient
