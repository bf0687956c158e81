// The catalog's JSON form (fixtures/catalog/error-catalog.json; format documented in
// docs/catalog.md). Writing is deterministic, so the committed file can be compared byte
// for byte with a fresh import.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/catalog.h"
#include "harness/common/diagnostic.h"

namespace trtc::catalog {

inline constexpr std::string_view kCatalogFormat = "trtc-conformance/error-catalog";
inline constexpr int kCatalogVersion = 1;

std::string CatalogToJson(std::span<const Entry> entries);
// Only the given entries, without the catalog envelope (for `--json` output).
std::string EntriesToJson(std::span<const Entry* const> entries);

struct ParsedCatalog {
  std::vector<Entry> entries;
  Diagnostics diagnostics;
};

ParsedCatalog ParseCatalogJson(std::string_view json, const std::string& file);

}  // namespace trtc::catalog
