#include "harness/catalog/vendor_sdk_names.h"

#include <array>

namespace trtc::catalog {
namespace {

// From the error table in trtc-js-sdk 4.15.22's bundle (its `.d.ts` lists API_CALL_TIMEOUT
// too); every other code of that table has the documents' key.
constexpr std::array<VendorSdkName, 5> kNames = {{
    {0x4001, "SIGNAL_CHANNEL_SETUP_FAILED", "SIGNAL_CAHNNEL_SETUP_FAILED"},
    {0x404B, "API_CALL_TIMEOUT", ""},
    {0x404C, "SCHEDULE_FAILED", ""},
    {0x404D, "API_CALL_ABORTED", ""},
    {0xFFFF, "UNKNOWN", "UNKOWN"},
}};

}  // namespace

std::span<const VendorSdkName> VendorSdkNames() { return kNames; }

const VendorSdkName* FindVendorSdkName(int code) {
  for (const auto& row : kNames)
    if (row.code == code) return &row;
  return nullptr;
}

const VendorSdkName* FindVendorSdkName(std::string_view name) {
  for (const auto& row : kNames)
    if (row.name == name) return &row;
  return nullptr;
}

}  // namespace trtc::catalog
