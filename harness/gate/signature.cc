#include "harness/gate/signature.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/catalog/source_docs.h"
#include "harness/common/json_value.h"

namespace trtc::gate {
namespace {

// web-v4 codes as the documents write them (0x4004); extra codes and the codes of the
// other families are decimal there.
std::string CodeText(const std::string& family, std::int64_t code) {
  return family == "web-v4" && code > 0 ? fmt::format("0x{:04X}", code) : std::to_string(code);
}

// "web-v4 0x4004 extra -10012", from the adapter protocol's form of an error.
std::string ErrorText(const nlohmann::json& error) {
  const std::string family = StringOr(error, "family");
  std::string text = family + " " + CodeText(family, ValueOr<std::int64_t>(error, "code", 0));
  if (auto extra = error.find("extraCode"); extra != error.end() && JsonHolds<std::int64_t>(*extra))
    text += " extra " + std::to_string(extra->get<std::int64_t>());
  return text;
}

std::string ItemOf(const report::Failure& failure) {
  if (failure.rule != "documented-error" || !failure.mismatch) return failure.rule;
  const auto& m = *failure.mismatch;
  const std::string surfaced = m.surfaced.is_object() ? ErrorText(m.surfaced) : "nothing";
  return "documented-error: " + surfaced + (m.entry.empty() ? " unexpected" : " for " + m.entry);
}

Signature Sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return {std::move(items)};
}

}  // namespace

std::string Signature::ToString() const {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : "; ") + item;
  return text;
}

Signature SignatureOf(const std::vector<report::Failure>& failures, bool strict) {
  std::vector<std::string> items;
  for (const auto& f : failures)
    if (report::FailsTheRun(f, strict)) items.push_back(ItemOf(f));
  return Sorted(std::move(items));
}

std::variant<Signature, std::string> ParseSignature(std::string_view text) {
  if (catalog::Trim(text).empty())
    return std::string("an empty signature (leave out the brackets to accept any failure)");
  std::vector<std::string> items;
  for (std::size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find(';', start), text.size());
    auto item = catalog::Trim(text.substr(start, end - start));
    if (item.empty()) return std::string("an empty item (items are separated by '; ')");
    items.emplace_back(item);
    start = end + 1;
  }
  return Sorted(std::move(items));
}

}  // namespace trtc::gate
