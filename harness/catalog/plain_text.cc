#include "harness/catalog/plain_text.h"

#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace trtc::catalog {
namespace {

constexpr std::size_t kMaxTagLength = 256;

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// What an HTML tag turns into, or nullopt when '<' does not start a tag.
// `length` receives the tag's length including the angle brackets.
std::optional<std::string_view> RenderTag(std::string_view s, std::size_t& length) {
  std::size_t end = s.find('>');
  if (end == std::string_view::npos || end > kMaxTagLength) return std::nullopt;
  std::string_view inner = s.substr(1, end - 1);
  if (inner.find('<') != std::string_view::npos) return std::nullopt;
  bool closing = !inner.empty() && inner.front() == '/';
  if (closing) inner.remove_prefix(1);
  std::size_t name_end = 0;
  while (name_end < inner.size() && IsAsciiAlnum(inner[name_end])) ++name_end;
  if (name_end == 0 || !IsAsciiAlpha(inner.front())) return std::nullopt;
  length = end + 1;
  std::string name = Lower(inner.substr(0, name_end));
  if (name == "br" || name == "ul" || name == "ol" || name == "p") return "\n";
  if (name == "li") return closing ? "" : "\n- ";
  return "";
}

// A markdown link "[text](url)" at the start of s; returns text and url.
std::optional<std::pair<std::string_view, std::string_view>> MatchLink(std::string_view s, std::size_t& length) {
  std::size_t close = s.find(']');
  if (close == std::string_view::npos || s.substr(1, close - 1).find('[') != std::string_view::npos) {
    return std::nullopt;
  }
  if (close + 1 >= s.size() || s[close + 1] != '(') return std::nullopt;
  std::size_t url_end = s.find(')', close + 2);
  if (url_end == std::string_view::npos) return std::nullopt;
  length = url_end + 1;
  return std::pair{s.substr(1, close - 1), s.substr(close + 2, url_end - close - 2)};
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kEntities = {{
    {"&amp;", "&"},
    {"&lt;", "<"},
    {"&gt;", ">"},
    {"&quot;", "\""},
    {"&#39;", "'"},
    {"&nbsp;", " "},
}};

// Renders inline markup, leaving line breaks as '\n' and white space unfolded.
std::string RenderInline(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::string_view rest = s.substr(i);
    std::size_t length = 0;
    if (rest.front() == '<') {
      if (auto tag = RenderTag(rest, length)) {
        out += *tag;
        i += length;
        continue;
      }
    } else if (rest.front() == '[') {
      if (auto link = MatchLink(rest, length)) {
        out += RenderInline(link->first);
        if (!link->second.empty()) out += " (" + std::string(link->second) + ")";
        i += length;
        continue;
      }
    } else if (rest.starts_with("**") || rest.front() == '`') {
      i += rest.front() == '`' ? 1u : 2u;
      continue;
    } else if (rest.starts_with("\\|")) {
      out += '|';
      i += 2;
      continue;
    } else if (rest.front() == '&') {
      bool replaced = false;
      for (const auto& [entity, text] : kEntities) {
        if (rest.starts_with(entity)) {
          out += text;
          i += entity.size();
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out += rest.front();
    ++i;
  }
  return out;
}

bool IsFoldable(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Folds white space inside each line, trims lines, drops empty ones.
std::string FoldLines(std::string_view s) {
  std::string out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string line;
    for (char c : s.substr(start, end - start)) {
      if (IsFoldable(c)) {
        if (!line.empty() && line.back() != ' ') line += ' ';
      } else {
        line += c;
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty() && line != "-") {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string PlainText(std::string_view raw) { return FoldLines(RenderInline(raw)); }

}  // namespace trtc::catalog
