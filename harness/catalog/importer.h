// Turns the published error documents (fixtures/docs) and the reviewed curation
// (fixtures/catalog/curation.json: documented links and handling rules) into catalog
// entries. Never throws on bad input: every bad row, table, document or rule becomes a
// Diagnostic naming the file, line and field.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/catalog.h"
#include "harness/common/diagnostic.h"

namespace trtc::catalog {

// One source document. Its file name says what it is:
//   web-sdk-v4-errors.<en|zh|ja|ko>.md   TRTC Web SDK v4 error codes (markdown tables)
//   roomengine-errors.en.txt             TUIRoomEngine and REST API codes (plain text)
struct SourceDoc {
  std::string name;
  std::string text;
};

struct [[nodiscard]] ImportResult {
  std::vector<Entry> entries;
  Diagnostics diagnostics;
  bool ok() const { return diagnostics.empty(); }
};

ImportResult Import(std::span<const SourceDoc> docs, std::string_view curation_json,
                    const std::string& curation_name = "curation.json");

// Reads every source document in dir (README.md and other names are skipped).
std::vector<SourceDoc> ReadSourceDocs(const std::filesystem::path& dir, Diagnostics& diagnostics);

// Imports fixtures/docs with fixtures/catalog/curation.json below fixtures_dir.
ImportResult ImportFixtures(const std::filesystem::path& fixtures_dir);

// The committed catalog's path below a fixtures directory.
std::filesystem::path CatalogPath(const std::filesystem::path& fixtures_dir);

}  // namespace trtc::catalog
