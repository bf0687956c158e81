#include "harness/common/diagnostic.h"

#include <algorithm>

namespace trtc {

std::string Diagnostic::ToString() const {
  std::string out = file.empty() ? "<input>" : file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  out += reason;
  return out;
}

int LineAt(std::string_view text, std::size_t offset) {
  text = text.substr(0, std::min(offset, text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace trtc
