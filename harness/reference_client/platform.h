// The reference client's platform layer: what the browser or OS would report about
// devices, permissions, autoplay and codecs. Scenarios set it with the `platform` and
// `device-lost` operations; a real client maps the same faults onto its own platform
// (fake devices, permission switches).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace trtc::refclient {

enum class DeviceState { kOk, kMissing, kNotFound, kNotReadable, kNotAllowed, kOverconstrained, kAbort };

struct Platform {
  DeviceState camera = DeviceState::kOk;
  DeviceState microphone = DeviceState::kOk;
  DeviceState screen = DeviceState::kOk;
  bool permissions_denied = false;  // the app as a whole may not use audio/video
  bool autoplay_blocked = false;
  bool h264 = true;
  bool browser_supported = true;
  bool create_offer_fails = false;
  bool network_online = true;  // the browser's navigator.onLine: applications rejoin when it comes back

  // Applies the arguments of a `platform` command (already checked against operations.h).
  void Apply(const nlohmann::json& args);
  DeviceState& Device(std::string_view name);
};

// The DOMException name getUserMedia rejects with for a device state, as the Web SDK's
// common errors name them ("NotReadableError"); empty for kOk and kMissing.
std::string_view DomExceptionName(DeviceState state);

}  // namespace trtc::refclient
