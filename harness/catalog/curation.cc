#include "harness/catalog/curation.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "harness/common/json_lines.h"

namespace trtc::catalog {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "trtc-conformance/catalog-curation";

// Reads typed fields of one JSON object and reports every problem under its path.
class FieldReader {
 public:
  FieldReader(const json& object, std::string path, const std::string& file, Diagnostics& diagnostics)
      : object_(object), path_(std::move(path)), file_(file), diagnostics_(diagnostics) {}

  const json* Get(std::string_view name, json::value_t type, bool required) {
    auto it = object_.find(name);
    if (it == object_.end()) {
      if (required) Report(name, "is required");
      return nullptr;
    }
    bool number_ok = type == json::value_t::number_integer && it->is_number_integer();
    if (it->type() != type && !number_ok) {
      Report(name, std::string("must be a ") + TypeName(type));
      return nullptr;
    }
    return &*it;
  }

  std::string String(std::string_view name, bool required = true) {
    const json* value = Get(name, json::value_t::string, required);
    return value ? value->get<std::string>() : std::string();
  }

  void Report(std::string_view name, const std::string& reason) {
    diagnostics_.push_back({file_, 0, path_ + "." + std::string(name), reason});
  }

  const std::string& path() const { return path_; }

 private:
  static const char* TypeName(json::value_t type) {
    switch (type) {
      case json::value_t::string:
        return "string";
      case json::value_t::array:
        return "array";
      case json::value_t::object:
        return "object";
      default:
        return "integer";
    }
  }

  const json& object_;
  std::string path_;
  const std::string& file_;
  Diagnostics& diagnostics_;
};

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

template <typename T>
std::vector<T> ReadList(FieldReader& reader, std::string_view name) {
  std::vector<T> out;
  const json* list = reader.Get(name, json::value_t::array, false);
  if (!list) return out;
  for (const json& item : *list) {
    if constexpr (std::is_same_v<T, int>) {
      if (item.is_number_integer())
        out.push_back(item.get<int>());
      else
        reader.Report(name, "must hold integers only");
    } else {
      if (item.is_string() && !item.get<std::string>().empty())
        out.push_back(item.get<std::string>());
      else
        reader.Report(name, "must hold non-empty strings only");
    }
  }
  return out;
}

std::optional<Table> ReadTable(FieldReader& reader, bool required) {
  std::string name = reader.String("table", required);
  if (name.empty()) return std::nullopt;
  auto table = ParseTable(name);
  if (!table) reader.Report("table", "unknown table '" + name + "'");
  return table;
}

void ReadHandling(FieldReader& reader, const json& object, HandlingRule& rule) {
  std::string action = reader.String("action");
  if (auto parsed = ParseAction(action)) {
    rule.handling.action = *parsed;
  } else if (!action.empty()) {
    reader.Report("action", "unknown action '" + action + "' (see `trtc-harness catalog actions`)");
  }
  if (const json* seconds = reader.Get("seconds", json::value_t::number_integer, false)) {
    rule.handling.seconds = seconds->get<int>();
  }
  bool wants_seconds = rule.handling.action == Action::kRetryAfter;
  if (wants_seconds && (!rule.handling.seconds || *rule.handling.seconds <= 0)) {
    reader.Report("seconds", "retry-after needs a positive number of seconds");
  } else if (!wants_seconds && object.contains("seconds")) {
    reader.Report("seconds", "only retry-after takes seconds");
  }
}

HandlingRule ReadRule(const json& object, const std::string& path, const std::string& file, Diagnostics& diagnostics) {
  HandlingRule rule;
  FieldReader reader(object, path, file, diagnostics);
  rule.id = reader.String("id");
  reader.String("why");  // required: every rule says why, for the reviewer
  ReadHandling(reader, object, rule);
  const json* match = reader.Get("match", json::value_t::object, true);
  if (!match) return rule;
  FieldReader matcher(*match, path + ".match", file, diagnostics);
  std::string family = matcher.String("family", false);
  if (!family.empty()) {
    rule.family = ParseFamily(family);
    if (!rule.family) matcher.Report("family", "unknown family '" + family + "'");
  }
  rule.table = ReadTable(matcher, false);
  rule.keys = ReadList<std::string>(matcher, "keys");
  rule.codes = ReadList<int>(matcher, "codes");
  for (const std::string& phrase : ReadList<std::string>(matcher, "text")) rule.phrases.push_back(AsciiLower(phrase));
  if (match->empty()) {
    diagnostics.push_back({file, 0, path + ".match", "matches everything; give at least one criterion"});
  }
  return rule;
}

bool AnyTextContains(std::string_view searchable_text, const std::vector<std::string>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](const std::string& phrase) { return searchable_text.find(phrase) != std::string_view::npos; });
}

template <typename T>
bool ListAllows(const std::vector<T>& list, const T& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// Calls visit(object, path) for each object of the required array root[name]; reports
// a missing array and every element that is not an object.
template <typename Visit>
void ForEachObject(const json& root, std::string_view name, const std::string& file, Diagnostics& diagnostics,
                   Visit visit) {
  FieldReader reader(root, "", file, diagnostics);
  const json* list = reader.Get(name, json::value_t::array, true);
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string path = std::string(name) + "[" + std::to_string(i) + "]";
    if ((*list)[i].is_object()) {
      visit((*list)[i], path);
    } else {
      diagnostics.push_back({file, 0, path, "must be an object"});
    }
  }
}

void ParseLinks(const json& root, const std::string& file, Diagnostics& diagnostics, Curation& curation) {
  ForEachObject(root, "links", file, diagnostics, [&](const json& object, const std::string& path) {
    FieldReader reader(object, path, file, diagnostics);
    auto table = ReadTable(reader, true);
    std::string key = reader.String("surfaces_as");
    reader.String("why");
    if (table && !key.empty()) curation.links.push_back({*table, key});
  });
}

void ParseRules(const json& root, const std::string& file, Diagnostics& diagnostics, Curation& curation) {
  ForEachObject(root, "handling_rules", file, diagnostics, [&](const json& object, const std::string& path) {
    HandlingRule rule = ReadRule(object, path, file, diagnostics);
    bool duplicate = std::any_of(curation.rules.begin(), curation.rules.end(),
                                 [&](const HandlingRule& other) { return other.id == rule.id; });
    if (duplicate) diagnostics.push_back({file, 0, path + ".id", "duplicate rule id '" + rule.id + "'"});
    rule.handling.rule = rule.id;
    curation.rules.push_back(std::move(rule));
  });
}

void ApplyLinks(const Curation& curation, std::vector<Entry>& entries, const std::string& file,
                Diagnostics& diagnostics) {
  for (const LinkRule& link : curation.links) {
    auto target = std::find_if(entries.begin(), entries.end(), [&](const Entry& entry) {
      return entry.table == Table::kSdk && entry.key == link.surfaces_as;
    });
    if (target == entries.end() || !target->code) {
      diagnostics.push_back({file, 0, "links", "no sdk entry has the key '" + link.surfaces_as + "'"});
      continue;
    }
    for (Entry& entry : entries) {
      if (entry.table == link.table) entry.surfaces_as = SurfacesAs{target->key, *target->code};
    }
  }
}

}  // namespace

std::string SearchableText(const Entry& entry) {
  std::string text;
  for (const auto& [locale, documented] : entry.locales) {
    text += AsciiLower(documented.description.plain) + "\n";
    if (documented.solution) text += AsciiLower(documented.solution->plain) + "\n";
  }
  return text;
}

bool HandlingRule::Matches(const Entry& entry, std::string_view searchable_text) const {
  if (family && *family != entry.family) return false;
  if (table && *table != entry.table) return false;
  if (!ListAllows(keys, entry.key)) return false;
  if (!codes.empty() && (!entry.code || !ListAllows(codes, *entry.code))) return false;
  return phrases.empty() || AnyTextContains(searchable_text, phrases);
}

Curation ParseCuration(std::string_view text, const std::string& file, Diagnostics& diagnostics) {
  Curation curation;
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    auto [line, why] = JsonSyntaxProblem(text);
    diagnostics.push_back({file, line, "", why.empty() ? "not valid JSON" : why});
    return curation;
  }
  if (!root.is_object() || root.value("format", "") != kFormat || root.value("version", 0) != 1) {
    diagnostics.push_back({file, 0, "format", "expected format \"" + std::string(kFormat) + "\", version 1"});
    return curation;
  }
  ParseLinks(root, file, diagnostics, curation);
  ParseRules(root, file, diagnostics, curation);
  return curation;
}

void ApplyCuration(const Curation& curation, std::vector<Entry>& entries, const std::string& file,
                   Diagnostics& diagnostics) {
  ApplyLinks(curation, entries, file, diagnostics);
  std::vector<bool> used(curation.rules.size(), false);
  for (Entry& entry : entries) {
    const std::string searchable_text = SearchableText(entry);  // once per entry, not once per rule
    auto rule = std::find_if(curation.rules.begin(), curation.rules.end(),
                             [&](const HandlingRule& r) { return r.Matches(entry, searchable_text); });
    if (rule == curation.rules.end()) {
      diagnostics.push_back({file, 0, "handling_rules", "no rule assigns a handling to " + entry.id});
      continue;
    }
    entry.handling = rule->handling;
    used[static_cast<std::size_t>(rule - curation.rules.begin())] = true;
  }
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) {
      diagnostics.push_back({file, 0, "handling_rules[" + std::to_string(i) + "]",
                             "rule '" + curation.rules[i].id + "' assigns no entry (dead or shadowed)"});
    }
  }
}

}  // namespace trtc::catalog
