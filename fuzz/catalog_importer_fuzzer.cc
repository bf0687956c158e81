// Fuzzes the catalog importer: markdown pipe tables with HTML fragments, the plain-text
// RoomEngine listing, the curation rules and the plain-text renderer. The first byte
// picks what the rest of the input is.
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/catalog/catalog_json.h"
#include "harness/catalog/curation.h"
#include "harness/catalog/importer.h"
#include "harness/catalog/plain_text.h"

namespace {

constexpr std::string_view kDocNames[] = {
    "web-sdk-v4-errors.en.md", "web-sdk-v4-errors.zh.md",  "web-sdk-v4-errors.ja.md",
    "web-sdk-v4-errors.ko.md", "roomengine-errors.en.txt",
};

// Assigns every entry, so imports of well-formed documents get all the way to the end.
constexpr std::string_view kCuration = R"({"format":"trtc-conformance/catalog-curation","version":1,
  "links":[{"table":"account","surfaces_as":"SIGNAL_CAHNNEL_SETUP_FAILED","why":"x"}],
  "handling_rules":[{"id":"retry","action":"retry","match":{"text":["retry"]},"why":"x"},
                    {"id":"web","action":"none","match":{"family":"web-v4"},"why":"x"},
                    {"id":"other","action":"check-parameters","match":{"table":"general"},"why":"x"}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  constexpr std::size_t kDocs = std::size(kDocNames);
  if (selector % 8 < kDocs) {
    trtc::catalog::SourceDoc doc{std::string(kDocNames[selector % 8]), std::move(text)};
    trtc::catalog::ImportResult result = trtc::catalog::Import({&doc, 1}, kCuration);
    // The writer and reader must round-trip whatever the importer accepted.
    std::string json = trtc::catalog::CatalogToJson(result.entries);
    trtc::catalog::ParsedCatalog parsed = trtc::catalog::ParseCatalogJson(json, "fuzz");
    if (!parsed.diagnostics.empty() || parsed.entries != result.entries) __builtin_trap();
  } else if (selector % 8 == kDocs) {
    trtc::Diagnostics diagnostics;
    trtc::catalog::ParseCuration(text, "curation.json", diagnostics);
  } else if (selector % 8 == kDocs + 1) {
    trtc::Diagnostics diagnostics;
    trtc::catalog::ParseCatalogJson(text, "catalog.json");
  } else {
    trtc::catalog::PlainText(text);
  }
  return 0;
}
