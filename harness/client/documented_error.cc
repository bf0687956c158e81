#include "harness/client/documented_error.h"

namespace trtc::client {
namespace {

using catalog::Catalog;
using catalog::Entry;
using catalog::Family;
using catalog::Locale;

}  // namespace

const Entry* DocumentedEntry(Family family, int code, std::optional<int> extra_code, std::string_view reason) {
  const Catalog& catalog = Catalog::Builtin();
  if (extra_code) {
    if (const Entry* entry = catalog.Find(family, *extra_code); entry && entry->table != catalog::Table::kSdk)
      return entry;
  }
  if (!reason.empty()) {
    if (const Entry* entry = catalog.FindById("web-v4/common-error/" + std::string(reason))) return entry;
  }
  return catalog.Find(family, code);
}

std::string RecognizedReason(Family family, std::string_view name, std::string_view message) {
  std::string best;
  for (const Entry& entry : Catalog::Builtin().entries()) {
    if (entry.family != family || entry.table != catalog::Table::kCommonError || entry.key.empty()) continue;
    if (entry.key == name) return entry.key;
    if (message.starts_with(entry.key) && entry.key.size() > best.size()) best = entry.key;
  }
  return best;
}

std::pair<std::string, Locale> TextIn(const Entry& entry, Locale locale) {
  if (const auto* text = entry.InLocale(locale)) return {text->description.plain, locale};
  for (Locale fallback : catalog::kAllLocales) {
    if (const auto* text = entry.InLocale(fallback)) return {text->description.plain, fallback};
  }
  return {"", locale};
}

SurfacedError MakeError(Family family, int code, std::optional<int> extra_code, std::string reason, Locale locale,
                        std::string operation) {
  SurfacedError error;
  error.family = std::string(catalog::ToString(family));
  error.code = code;
  error.extra_code = extra_code;
  error.locale = locale;
  error.operation = std::move(operation);
  if (const Entry* entry = DocumentedEntry(family, code, extra_code, reason)) {
    std::tie(error.message, error.locale) = TextIn(*entry, locale);
    error.handling = entry->handling;
    error.handling->rule.clear();
  }
  error.reason = std::move(reason);
  return error;
}

std::optional<int> SdkCode(std::string_view key) {
  const Entry* entry = Catalog::Builtin().FindById("web-v4/sdk/" + std::string(key));
  if (!entry || !entry->code) return std::nullopt;
  return entry->code;
}

}  // namespace trtc::client
