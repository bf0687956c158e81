#include "harness/catalog/catalog_json.h"

#include <nlohmann/json.hpp>

namespace trtc::catalog {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json TextToJson(const Text& text) { return ordered_json{{"raw", text.raw}, {"plain", text.plain}}; }

ordered_json EntryToJson(const Entry& entry) {
  ordered_json out;
  out["id"] = entry.id;
  out["family"] = ToString(entry.family);
  out["table"] = ToString(entry.table);
  if (!entry.key.empty()) out["key"] = entry.key;
  if (entry.code) out["code"] = *entry.code;
  if (!entry.hex.empty()) out["hex"] = entry.hex;
  ordered_json handling{{"action", ToString(entry.handling.action)}};
  if (entry.handling.seconds) handling["seconds"] = *entry.handling.seconds;
  handling["rule"] = entry.handling.rule;
  out["handling"] = std::move(handling);
  if (entry.surfaces_as) {
    out["surfaces_as"] = ordered_json{{"extra_code_of", entry.surfaces_as->key}, {"code", entry.surfaces_as->code}};
  }
  ordered_json locales = ordered_json::object();
  for (const auto& [locale, text] : entry.locales) {
    ordered_json item{{"source", text.source}, {"description", TextToJson(text.description)}};
    if (text.solution) item["solution"] = TextToJson(*text.solution);
    locales[std::string(ToString(locale))] = std::move(item);
  }
  out["locales"] = std::move(locales);
  return out;
}

Text TextFromJson(const json& value) {
  return Text{value.at("raw").get<std::string>(), value.at("plain").get<std::string>()};
}

template <typename Enum>
Enum Require(std::optional<Enum> value, std::string_view field, const std::string& name) {
  if (!value) throw std::invalid_argument(std::string(field) + ": unknown value '" + name + "'");
  return *value;
}

// Throws json::exception or std::invalid_argument; ParseCatalogJson turns both into a Diagnostic.
Entry EntryFromJson(const json& value) {
  Entry entry;
  entry.id = value.at("id").get<std::string>();
  std::string family = value.at("family").get<std::string>();
  entry.family = Require(ParseFamily(family), "family", family);
  std::string table = value.at("table").get<std::string>();
  entry.table = Require(ParseTable(table), "table", table);
  entry.key = value.value("key", "");
  if (value.contains("code")) entry.code = value.at("code").get<int>();
  entry.hex = value.value("hex", "");
  const json& handling = value.at("handling");
  std::string action = handling.at("action").get<std::string>();
  entry.handling.action = Require(ParseAction(action), "handling.action", action);
  if (handling.contains("seconds")) entry.handling.seconds = handling.at("seconds").get<int>();
  entry.handling.rule = handling.at("rule").get<std::string>();
  if (value.contains("surfaces_as")) {
    const json& link = value.at("surfaces_as");
    entry.surfaces_as = SurfacesAs{link.at("extra_code_of").get<std::string>(), link.at("code").get<int>()};
  }
  for (const auto& [name, item] : value.at("locales").items()) {
    LocaleText text{TextFromJson(item.at("description")), std::nullopt, item.at("source").get<std::string>()};
    if (item.contains("solution")) text.solution = TextFromJson(item.at("solution"));
    entry.locales.emplace(Require(ParseLocale(name), "locales", name), std::move(text));
  }
  return entry;
}

}  // namespace

std::string CatalogToJson(std::span<const Entry> entries) {
  ordered_json root{{"format", kCatalogFormat},
                    {"version", kCatalogVersion},
                    {"generated_by", "trtc-harness catalog import (do not edit by hand)"}};
  ordered_json list = ordered_json::array();
  for (const Entry& entry : entries) list.push_back(EntryToJson(entry));
  root["entries"] = std::move(list);
  return root.dump(2) + "\n";
}

std::string EntriesToJson(std::span<const Entry* const> entries) {
  ordered_json list = ordered_json::array();
  for (const Entry* entry : entries) list.push_back(EntryToJson(*entry));
  return list.dump(2) + "\n";
}

ParsedCatalog ParseCatalogJson(std::string_view text, const std::string& file) {
  ParsedCatalog result;
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    result.diagnostics.push_back({file, 0, "", "not a JSON object"});
    return result;
  }
  if (root.value("format", "") != kCatalogFormat || root.value("version", 0) != kCatalogVersion) {
    result.diagnostics.push_back(
        {file, 0, "format",
         "expected \"" + std::string(kCatalogFormat) + "\" version " + std::to_string(kCatalogVersion)});
    return result;
  }
  auto entries = root.find("entries");
  if (entries == root.end() || !entries->is_array()) {
    result.diagnostics.push_back({file, 0, "entries", "must be an array"});
    return result;
  }
  for (std::size_t i = 0; i < entries->size(); ++i) {
    try {
      result.entries.push_back(EntryFromJson((*entries)[i]));
    } catch (const std::exception& error) {
      result.diagnostics.push_back({file, 0, "entries[" + std::to_string(i) + "]", error.what()});
    }
  }
  return result;
}

}  // namespace trtc::catalog
