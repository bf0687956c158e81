// Secrets never leave the recorder whole: the values of userSig and privateMapKey, however
// the JSON spells the key ("userSig", "user\u0053ig", nested), and usersig= in URLs are cut
// to their first kKept bytes.
#include <algorithm>
#include <boost/algorithm/string/compare.hpp>
#include <boost/algorithm/string/predicate.hpp>

#include <nlohmann/json.hpp>

#include "harness/servers/server_internals.h"
#include "harness/wire/json_codec.h"

namespace trtc::servers {
namespace {

using nlohmann::ordered_json;  // keeps the frame's key order

constexpr std::size_t kKept = 8;
constexpr std::string_view kCutMark = "…";
constexpr std::string_view kQueryKey = "usersig=";

bool IsSecretKey(std::string_view key) {
  return boost::algorithm::iequals(key, "userSig") || boost::algorithm::iequals(key, "privateMapKey");
}

// Keeps the first kKept bytes of text[begin, end) and marks the cut. Returns whether it cut.
bool Cut(std::string& text, std::size_t begin, std::size_t end) {
  if (end - begin <= kKept || text.compare(begin + kKept, end - begin - kKept, kCutMark) == 0) return false;
  text.replace(begin + kKept, end - begin - kKept, kCutMark);
  return true;
}

std::size_t FindQueryKey(const std::string& text, std::size_t from) {
  auto found = std::search(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), kQueryKey.begin(),
                           kQueryKey.end(), boost::algorithm::is_iequal());
  return found == text.end() ? std::string::npos : static_cast<std::size_t>(found - text.begin());
}

// usersig=<value> in a URL's query, the name in any case. Returns whether it cut anything.
bool RedactQuerySecrets(std::string& text) {
  bool cut = false;
  for (auto at = FindQueryKey(text, 0); at != std::string::npos; at = FindQueryKey(text, at)) {
    at += kQueryKey.size();
    auto end = text.find_first_of("\"& ", at);
    cut = Cut(text, at, end == std::string::npos ? text.size() : end) || cut;
  }
  return cut;
}

// Cuts every secret in a parsed frame. Returns whether it cut anything.
bool RedactJson(ordered_json& value) {
  bool cut = false;
  if (value.is_object()) {
    for (auto& member : value.items()) {
      if (IsSecretKey(member.key()) && member.value().is_string()) {
        auto& secret = member.value().get_ref<std::string&>();
        cut = Cut(secret, 0, secret.size()) || cut;
      } else {
        cut = RedactJson(member.value()) || cut;
      }
    }
  } else if (value.is_array()) {
    for (auto& element : value) cut = RedactJson(element) || cut;
  } else if (value.is_string()) {
    cut = RedactQuerySecrets(value.get_ref<std::string&>()) || cut;
  }
  return cut;
}

// The end of the JSON string literal that opens at `quote` (one past its closing quote),
// or text.size() when it runs off the end.
std::size_t LiteralEnd(std::string_view text, std::size_t quote) {
  for (std::size_t i = quote + 1; i < text.size(); ++i) {
    if (text[i] == '\\')
      ++i;
    else if (text[i] == '"')
      return i + 1;
  }
  return text.size();
}

// The literal names a secret key once its escapes are decoded.
bool NamesSecretKey(std::string_view literal) {
  auto key = ordered_json::parse(literal, nullptr, /*allow_exceptions=*/false);
  return key.is_string() && IsSecretKey(key.get_ref<const std::string&>());
}

// For text that is not JSON (a frame cut at kMaxFrameText, a broken frame): walks the
// string literals; a literal that decodes to a secret key, then ':' and a string, has that
// string cut, escapes and all.
std::string RedactJsonLikeText(std::string_view text) {
  std::string out(text);
  for (auto quote = out.find('"'); quote != std::string::npos; quote = out.find('"', quote)) {
    const auto key_end = LiteralEnd(out, quote);
    const auto colon = out.find_first_not_of(" \t\r\n", key_end);
    const auto value = colon == std::string::npos ? colon : out.find_first_not_of(" \t\r\n", colon + 1);
    const bool secret = value != std::string::npos && out[colon] == ':' && out[value] == '"' &&
                        NamesSecretKey(std::string_view(out).substr(quote, key_end - quote));
    if (!secret) {
      quote = key_end;
      continue;
    }
    const auto value_end = LiteralEnd(out, value);
    const auto closing = value_end > value + 1 && out[value_end - 1] == '"' ? value_end - 1 : value_end;
    Cut(out, value + 1, closing);
    quote = LiteralEnd(out, value);
  }
  RedactQuerySecrets(out);
  return out;
}

std::string Dump(const ordered_json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, ordered_json::error_handler_t::replace);
}

}  // namespace

std::string RedactSecrets(std::string_view text) {
  if (wire::NestingWithinLimit(text)) {
    auto value = ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!value.is_discarded()) return RedactJson(value) ? Dump(value) : std::string(text);
  }
  return RedactJsonLikeText(text);
}

}  // namespace trtc::servers
