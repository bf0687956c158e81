// Where each value of a JSON text starts, by JSON pointer ("/steps/2/args/roomId" -> 14),
// so validators of already-parsed documents can name the line of the field they reject.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace trtc {

// Why `text` is not JSON, and the line of the problem: a syntax error, or a number no
// double holds ("1e999", which nlohmann reports with another exception type and no offset).
// {0, ""} when it parses.
std::pair<int, std::string> JsonSyntaxProblem(std::string_view text);

class JsonLines {
 public:
  explicit JsonLines(std::string_view text);
  // The line of the value at `pointer`, or of its nearest ancestor that has one (1 at worst).
  int LineOf(std::string pointer) const;

 private:
  std::map<std::string, int> lines_;
};

}  // namespace trtc
