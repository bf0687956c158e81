#include "harness/common/diagnostic.h"

namespace trtc {

std::string Diagnostic::ToString() const {
  std::string out = file.empty() ? "<input>" : file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  out += reason;
  return out;
}

}  // namespace trtc
