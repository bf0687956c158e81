#include "harness/catalog/source_docs.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace trtc::catalog {
namespace {

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Cells of "| a | b \| c |": {"a", "b \| c"}; escaped pipes stay escaped (raw text).
std::vector<std::string> SplitRow(std::string_view row) {
  row = Trim(row);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  if (!row.empty() && row.back() == '|' && !(row.size() >= 2 && row[row.size() - 2] == '\\')) {
    row.remove_suffix(1);
  }
  std::vector<std::string> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= row.size(); ++i) {
    bool at_end = i == row.size();
    if (at_end || (row[i] == '|' && (i == 0 || row[i - 1] != '\\'))) {
      cells.emplace_back(Trim(row.substr(start, i - start)));
      start = i + 1;
    }
  }
  return cells;
}

bool IsDelimiterRow(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.front() != '|') return false;
  for (const std::string& cell : SplitRow(line)) {
    std::string_view c = cell;
    if (!c.empty() && c.front() == ':') c.remove_prefix(1);
    if (!c.empty() && c.back() == ':') c.remove_suffix(1);
    if (c.empty() || c.find_first_not_of('-') != std::string_view::npos) return false;
  }
  return true;
}

bool IsTableLine(std::string_view line) {
  line = Trim(line);
  return !line.empty() && line.front() == '|';
}

// Index of the next non-blank line at or after i, or lines.size().
std::size_t NextNonBlank(const std::vector<std::string_view>& lines, std::size_t i) {
  while (i < lines.size() && Trim(lines[i]).empty()) ++i;
  return i;
}

int LineNumber(std::size_t index) { return static_cast<int>(index) + 1; }

}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::optional<int> ParseInt(std::string_view s, bool allow_hex) {
  int base = 10;
  bool negative = false;
  if (allow_hex && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  } else if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() == '+' || s.front() == '-') return std::nullopt;
  long long magnitude = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (error != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  long long value = negative ? -magnitude : magnitude;
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(value);
}

std::vector<PipeTable> ReadPipeTables(std::string_view text, const std::string& file, Diagnostics& diagnostics) {
  std::vector<std::string_view> lines = SplitLines(text);
  std::vector<PipeTable> tables;
  std::size_t i = 0;
  while (i < lines.size()) {
    if (!IsTableLine(lines[i]) || i + 1 >= lines.size() || !IsDelimiterRow(lines[i + 1])) {
      ++i;
      continue;
    }
    PipeTable table{LineNumber(i), SplitRow(lines[i]), {}};
    for (i += 2; i < lines.size() && IsTableLine(lines[i]); ++i) {
      std::vector<std::string> cells = SplitRow(lines[i]);
      if (cells.size() != table.header.size()) {
        diagnostics.push_back({file, LineNumber(i), "",
                               "table row has " + std::to_string(cells.size()) + " cells, its header has " +
                                   std::to_string(table.header.size())});
        continue;
      }
      table.rows.push_back({LineNumber(i), std::move(cells)});
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

std::vector<CodeListing> ReadCodeListings(std::string_view text, const std::string& file, Diagnostics& diagnostics) {
  std::vector<std::string_view> lines = SplitLines(text);
  std::vector<CodeListing> listings;
  std::string prose;
  std::size_t i = NextNonBlank(lines, 0);
  while (i < lines.size()) {
    std::size_t next = NextNonBlank(lines, i + 1);
    bool header = EqualsIgnoreCase(Trim(lines[i]), "Error Code") && next < lines.size() &&
                  EqualsIgnoreCase(Trim(lines[next]), "Description");
    if (!header) {
      if (!prose.empty()) prose += '\n';
      prose += Trim(lines[i]);
      i = next;
      continue;
    }
    CodeListing listing{LineNumber(i), std::move(prose), {}};
    prose.clear();
    i = NextNonBlank(lines, next + 1);
    while (i < lines.size() && ParseInt(Trim(lines[i]))) {
      std::size_t description = NextNonBlank(lines, i + 1);
      if (description >= lines.size() || ParseInt(Trim(lines[description]))) {
        diagnostics.push_back({file, LineNumber(i), "description",
                               "code " + std::string(Trim(lines[i])) + " is not followed by a description line"});
        i = description;
        continue;
      }
      listing.rows.push_back({LineNumber(i), {std::string(Trim(lines[i])), std::string(Trim(lines[description]))}});
      i = NextNonBlank(lines, description + 1);
    }
    listings.push_back(std::move(listing));
  }
  return listings;
}

}  // namespace trtc::catalog
