// A precise complaint about untrusted input: which file, which line, which field, why.
// Parsers return these as values; they never throw on bad input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trtc {

struct Diagnostic {
  std::string file;
  int line = 0;       // 1-based; 0 when the complaint is about the file as a whole
  std::string field;  // the offending field or column, empty when not applicable
  std::string reason;

  // "file:line: field: reason", leaving out the parts that are empty.
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

// The 1-based line of a byte offset in text (offsets past the end count as the end).
int LineAt(std::string_view text, std::size_t offset);

}  // namespace trtc
