// What the vendor's Web SDK v4 (trtc-js-sdk 4.15.22, its error table `RtcError` codes) calls
// codes, where that differs from the documents: codes the documents do not list, and the
// SDK's spellings of two documented keys. The harness names them (in traces, reports and
// `catalog show`) instead of leaving bare numbers; the documents stay the truth it judges by.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace trtc::catalog {

struct VendorSdkName {
  int code;
  std::string_view name;        // as the SDK spells it
  std::string_view documented;  // the documents' key for the same code; empty: not documented
};

// Every row, in code order.
std::span<const VendorSdkName> VendorSdkNames();
// The row of `code`, or of the SDK's `name` (e.g. "SIGNAL_CHANNEL_SETUP_FAILED").
[[nodiscard]] const VendorSdkName* FindVendorSdkName(int code);
[[nodiscard]] const VendorSdkName* FindVendorSdkName(std::string_view name);

}  // namespace trtc::catalog
