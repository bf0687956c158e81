// How a documented error is surfaced: which catalog entry speaks for it (its text and its
// recommended handling), in which locale. The reference client reports through this, and
// the scenario runner derives its expectations from the same rule, so the rule itself is
// pinned by documented_error_test.cc rather than trusted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "harness/catalog/catalog.h"
#include "harness/client/client.h"

namespace trtc::client {

// The entry whose text and handling an error carries: the extra code's entry when the
// catalog documents it, else the common error named by `reason`, else the code's own entry.
const catalog::Entry* DocumentedEntry(catalog::Family family, int code, std::optional<int> extra_code,
                                      std::string_view reason);

// The common error a real SDK's own error names, recognised by the harness (a bridge reports
// what its SDK surfaced and never looks anything up): the common error whose message is the
// error's `name` (a browser error's name: "NotAllowedError"), else the longest one the SDK's
// message begins with ("join room timeout." names "join room timeout"). Empty when none does.
[[nodiscard]] std::string RecognizedReason(catalog::Family family, std::string_view name, std::string_view message);

// The entry's plain text in `locale`, or in the first of en, zh, ja, ko that documents it;
// and the locale the text is in.
std::pair<std::string, catalog::Locale> TextIn(const catalog::Entry& entry, catalog::Locale locale);

// A surfaced error with its documented text and handling.
SurfacedError MakeError(catalog::Family family, int code, std::optional<int> extra_code, std::string reason,
                        catalog::Locale locale, std::string operation = {});

// The code of a web-v4 sdk key ("JOIN_ROOM_FAILED" -> 16388).
std::optional<int> SdkCode(std::string_view key);

}  // namespace trtc::client
