// Low-level readers of the two document shapes the catalog is imported from:
// GitHub-style pipe tables inside markdown, and the plain-text RoomEngine listing.
// They only split text into rows; the importer gives the rows meaning.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/common/diagnostic.h"

namespace trtc::catalog {

struct TableRow {
  int line = 0;
  std::vector<std::string> cells;  // trimmed, still raw markup
};

struct PipeTable {
  int line = 0;  // line of the header row
  std::vector<std::string> header;
  std::vector<TableRow> rows;
};

// Every pipe table in a markdown document (a header row, a delimiter row, then body rows).
// A body row whose cell count differs from the header's is reported and left out.
std::vector<PipeTable> ReadPipeTables(std::string_view text, const std::string& file, Diagnostics& diagnostics);

// One "code line / description line" listing of the plain-text RoomEngine document,
// with the prose that precedes it (section heading and any introduction).
struct CodeListing {
  int line = 0;                // line of the "Error Code" column header
  std::string context;         // prose lines since the previous listing, joined by '\n'
  std::vector<TableRow> rows;  // cells: {code, description}
};

std::vector<CodeListing> ReadCodeListings(std::string_view text, const std::string& file, Diagnostics& diagnostics);

// Splits text into lines without their terminators (LF or CRLF).
std::vector<std::string_view> SplitLines(std::string_view text);

// Trims ASCII white space.
std::string_view Trim(std::string_view s);

// A whole decimal integer ("-10011") or, with allow_hex, "0x404a"; nullopt for anything
// else, including trailing characters and values outside int.
std::optional<int> ParseInt(std::string_view s, bool allow_hex = false);

}  // namespace trtc::catalog
