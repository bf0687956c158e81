#include "harness/common/json_lines.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "harness/common/diagnostic.h"
#include "harness/common/json_fields.h"

namespace trtc {
namespace {

struct Frame {
  std::string pointer;
  bool is_array = false;
  int index = -1;   // arrays: the element being read
  std::string key;  // objects: the member being read
  bool expect_key = true;
};

}  // namespace

JsonLines::JsonLines(std::string_view text) {
  std::vector<Frame> stack;
  int line = 1;
  // The pointer of the value that starts at the current position.
  auto value_pointer = [&]() -> std::string {
    if (stack.empty()) return "";
    const Frame& top = stack.back();
    return ChildPointer(top.pointer, top.is_array ? std::to_string(top.index) : top.key);
  };
  auto begin_value = [&] {
    if (!stack.empty() && stack.back().is_array) ++stack.back().index;
    lines_.emplace(value_pointer(), line);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == ':') {
      if (c == ',' && !stack.empty() && !stack.back().is_array) stack.back().expect_key = true;
      continue;
    }
    if (c == '"') {
      std::string s;
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size()) ++j;
        s += text[j];
      }
      if (!stack.empty() && !stack.back().is_array && stack.back().expect_key) {
        stack.back().key = s;
        stack.back().expect_key = false;
      } else {
        begin_value();
      }
      i = j;
      continue;
    }
    if (c == '{' || c == '[') {
      begin_value();
      std::string pointer = value_pointer();
      stack.push_back({std::move(pointer), c == '['});
      continue;
    }
    if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      continue;
    }
    // a number, true, false or null
    begin_value();
    while (i + 1 < text.size() && text[i + 1] != ',' && text[i + 1] != '}' && text[i + 1] != ']' &&
           text[i + 1] != '\n' && text[i + 1] != ' ')
      ++i;
  }
}

int JsonLines::LineOf(std::string pointer) const {
  while (true) {
    if (auto it = lines_.find(pointer); it != lines_.end()) return it->second;
    if (pointer.empty()) return 1;
    pointer.erase(pointer.rfind('/'));
  }
}

std::pair<int, std::string> JsonSyntaxProblem(std::string_view text) {
  try {
    auto parsed = nlohmann::json::parse(text);  // only its exception is wanted
    (void)parsed;
    return {0, ""};
  } catch (const nlohmann::json::parse_error& e) {
    return {LineAt(text, e.byte > 0 ? e.byte - 1 : 0), "not valid JSON"};
  } catch (const nlohmann::json::exception& e) {
    // "number overflow parsing '1e999'": find the quoted number to name its line.
    const std::string what = e.what();
    const auto open = what.find('\''), close = what.rfind('\'');
    const auto at = open < close ? text.find(what.substr(open + 1, close - open - 1)) : std::string_view::npos;
    return {at == std::string_view::npos ? 0 : LineAt(text, at), "not valid JSON: a number out of range"};
  }
}

}  // namespace trtc
