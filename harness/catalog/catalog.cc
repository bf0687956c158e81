#include "harness/catalog/catalog.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "harness/catalog/catalog_json.h"
#include "harness/catalog/source_docs.h"

// Generated from fixtures/catalog/error-catalog.json at build time (builtin_catalog.cmake).
extern const char kBuiltinCatalogJson[];
extern const std::size_t kBuiltinCatalogJsonSize;

namespace trtc::catalog {
namespace {

constexpr std::array<std::pair<Family, std::string_view>, 3> kFamilyNames = {{
    {Family::kWebV4, "web-v4"},
    {Family::kRoomEngine, "roomengine"},
    {Family::kRest, "rest"},
}};

constexpr std::array<std::pair<Table, std::string_view>, 11> kTableNames = {{
    {Table::kSdk, "sdk"},
    {Table::kAccount, "account"},
    {Table::kJoinRoom, "join-room"},
    {Table::kCommonError, "common-error"},
    {Table::kGeneral, "general"},
    {Table::kDevice, "device"},
    {Table::kRoom, "room"},
    {Table::kUser, "user"},
    {Table::kSeat, "seat"},
    {Table::kRestCommon, "rest-common"},
    {Table::kRestPrivate, "rest-private"},
}};

constexpr std::array<std::pair<Locale, std::string_view>, 4> kLocaleNames = {{
    {Locale::kEn, "en"},
    {Locale::kZh, "zh"},
    {Locale::kJa, "ja"},
    {Locale::kKo, "ko"},
}};

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view name) {
  for (const auto& [value, candidate] : names) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

std::int64_t FamilyCodeKey(Family family, int code) {
  return (static_cast<std::int64_t>(family) << 32) | static_cast<std::uint32_t>(code);
}

}  // namespace

std::string_view ToString(Family family) { return NameOf(kFamilyNames, family); }
std::string_view ToString(Table table) { return NameOf(kTableNames, table); }
std::string_view ToString(Locale locale) { return NameOf(kLocaleNames, locale); }
std::optional<Family> ParseFamily(std::string_view name) { return ValueOf(kFamilyNames, name); }
std::optional<Table> ParseTable(std::string_view name) { return ValueOf(kTableNames, name); }
std::optional<Locale> ParseLocale(std::string_view name) { return ValueOf(kLocaleNames, name); }

Family FamilyOf(Table table) {
  if (table <= Table::kCommonError) return Family::kWebV4;
  if (table <= Table::kSeat) return Family::kRoomEngine;
  return Family::kRest;
}

const LocaleText* Entry::InLocale(Locale locale) const {
  auto it = locales.find(locale);
  return it == locales.end() ? nullptr : &it->second;
}

struct Catalog::Index {
  StringMap<std::size_t> by_id;
  StringMap<std::size_t> by_key;
  std::unordered_map<int, std::vector<std::size_t>> by_code;
  std::unordered_map<std::int64_t, std::size_t> by_family_code;
  StringMap<std::vector<std::size_t>> by_message;

  void Add(const Entry& entry, std::size_t i) {
    by_id.emplace(entry.id, i);
    if (!entry.key.empty()) by_key.emplace(entry.key, i);
    if (entry.code) {
      by_code[*entry.code].push_back(i);
      by_family_code.emplace(FamilyCodeKey(entry.family, *entry.code), i);
    }
    if (entry.table == Table::kCommonError) AddMessage(entry.key, i);
    for (const auto& [locale, text] : entry.locales) AddMessage(text.description.plain, i);
  }

  void AddMessage(const std::string& message, std::size_t i) {
    std::vector<std::size_t>& list = by_message[message];
    if (std::find(list.begin(), list.end(), i) == list.end()) list.push_back(i);
  }
};

Catalog::Catalog(std::vector<Entry> entries) : entries_(std::move(entries)), index_(std::make_unique<Index>()) {
  for (std::size_t i = 0; i < entries_.size(); ++i) index_->Add(entries_[i], i);
}

Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;
Catalog::~Catalog() = default;

const Catalog& Catalog::Builtin() {
  static const Catalog builtin = [] {
    ParsedCatalog parsed = ParseCatalogJson({kBuiltinCatalogJson, kBuiltinCatalogJsonSize}, "builtin catalog");
    if (!parsed.diagnostics.empty()) {
      // Only a broken build gets here: the committed catalog is checked by the tests.
      std::fprintf(stderr, "fatal: %s\n", parsed.diagnostics.front().ToString().c_str());
      std::abort();
    }
    return Catalog(std::move(parsed.entries));
  }();
  return builtin;
}

const Entry* Catalog::FindById(std::string_view id) const {
  auto it = index_->by_id.find(id);
  return it == index_->by_id.end() ? nullptr : &entries_[it->second];
}

const Entry* Catalog::FindByKey(std::string_view key) const {
  auto it = index_->by_key.find(key);
  return it == index_->by_key.end() ? nullptr : &entries_[it->second];
}

const Entry* Catalog::Find(Family family, int code) const {
  auto it = index_->by_family_code.find(FamilyCodeKey(family, code));
  return it == index_->by_family_code.end() ? nullptr : &entries_[it->second];
}

std::vector<const Entry*> Catalog::FindByCode(int code) const {
  std::vector<const Entry*> out;
  if (auto it = index_->by_code.find(code); it != index_->by_code.end()) {
    for (std::size_t i : it->second) out.push_back(&entries_[i]);
  }
  return out;
}

std::vector<const Entry*> Catalog::FindByMessage(std::string_view message) const {
  std::vector<const Entry*> out;
  if (auto it = index_->by_message.find(message); it != index_->by_message.end()) {
    for (std::size_t i : it->second) out.push_back(&entries_[i]);
  }
  return out;
}

std::vector<const Entry*> Catalog::Lookup(std::string_view query) const {
  query = Trim(query);
  if (auto code = ParseInt(query, /*allow_hex=*/true)) return FindByCode(*code);
  if (const Entry* entry = FindById(query)) return {entry};
  if (const Entry* entry = FindByKey(query)) return {entry};
  return FindByMessage(query);
}

}  // namespace trtc::catalog
