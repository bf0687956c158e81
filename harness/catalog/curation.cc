#include "harness/catalog/curation.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "harness/common/json_fields.h"
#include "harness/common/json_lines.h"

namespace trtc::catalog {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "trtc-conformance/catalog-curation";

constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

std::string ReadString(JsonFields& reader, std::string_view name, Presence presence = kRequired) {
  std::string out;
  reader.Read(name, out, presence);
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

template <typename T>
std::vector<T> ReadList(JsonFields& reader, std::string_view name) {
  std::vector<T> out;
  const json* list = reader.FindArray(name);
  for (std::size_t i = 0; list && i < list->size(); ++i) {
    T item{};
    const bool read = !JsonValue<T>::Read((*list)[i], item);
    if constexpr (std::is_same_v<T, int>) {
      if (!read) reader.Complain(name, "must hold integers only");
    } else {
      if (!read || item.empty()) reader.Complain(name, "must hold non-empty strings only");
    }
    if (read) out.push_back(std::move(item));
  }
  return out;
}

std::optional<Table> ReadTable(JsonFields& reader, Presence presence) {
  std::string name = ReadString(reader, "table", presence);
  if (name.empty()) return std::nullopt;
  auto table = ParseTable(name);
  if (!table) reader.Complain("table", "unknown table '" + name + "'");
  return table;
}

void ReadHandling(JsonFields& reader, HandlingRule& rule) {
  std::string action = ReadString(reader, "action");
  if (auto parsed = ParseAction(action)) {
    rule.handling.action = *parsed;
  } else if (!action.empty()) {
    reader.Complain("action", "unknown action '" + action + "' (see `trtc-harness catalog actions`)");
  }
  reader.Read("seconds", rule.handling.seconds);
  bool wants_seconds = rule.handling.action == Action::kRetryAfter;
  if (wants_seconds && (!rule.handling.seconds || *rule.handling.seconds <= 0)) {
    reader.Complain("seconds", "retry-after needs a positive number of seconds");
  } else if (!wants_seconds && reader.Has("seconds")) {
    reader.Complain("seconds", "only retry-after takes seconds");
  }
}

void ReadMatch(JsonFields& matcher, HandlingRule& rule) {
  std::string family = ReadString(matcher, "family", kOptional);
  if (!family.empty()) {
    rule.family = ParseFamily(family);
    if (!rule.family) matcher.Complain("family", "unknown family '" + family + "'");
  }
  rule.table = ReadTable(matcher, kOptional);
  rule.keys = ReadList<std::string>(matcher, "keys");
  rule.codes = ReadList<int>(matcher, "codes");
  for (const std::string& phrase : ReadList<std::string>(matcher, "text")) rule.phrases.push_back(AsciiLower(phrase));
  if (matcher.value().empty())
    matcher.ComplainHere(JsonProblemKind::kInvalidValue, "matches everything; give at least one criterion");
}

HandlingRule ReadRule(JsonFields& reader) {
  HandlingRule rule;
  rule.id = ReadString(reader, "id");
  ReadString(reader, "why");  // required: every rule says why, for the reviewer
  ReadHandling(reader, rule);
  if (auto matcher = reader.Object("match", kRequired)) ReadMatch(*matcher, rule);
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

void ParseLinks(JsonFields& root, Curation& curation) {
  root.EachObject("links", kRequired, [&](JsonFields& reader) {
    auto table = ReadTable(reader, kRequired);
    std::string key = ReadString(reader, "surfaces_as");
    ReadString(reader, "why");
    if (table && !key.empty()) curation.links.push_back({*table, key});
  });
}

void ParseRules(JsonFields& root, Curation& curation) {
  root.EachObject("handling_rules", kRequired, [&](JsonFields& reader) {
    HandlingRule rule = ReadRule(reader);
    bool duplicate = std::any_of(curation.rules.begin(), curation.rules.end(),
                                 [&](const HandlingRule& other) { return other.id == rule.id; });
    if (duplicate) reader.Complain("id", "duplicate rule id '" + rule.id + "'");
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
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields reader(root, "", problems);
  std::string format;
  int version = 0;
  reader.Read("format", format);
  reader.Read("version", version);
  if (!problems.empty() || format != kFormat || version != 1) {
    diagnostics.push_back({file, 1, "format", "expected format \"" + std::string(kFormat) + "\", version 1"});
    return curation;
  }
  ParseLinks(reader, curation);
  ParseRules(reader, curation);
  Diagnostics found = ToDiagnostics(problems, file, JsonLines(text));
  diagnostics.insert(diagnostics.end(), found.begin(), found.end());
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
