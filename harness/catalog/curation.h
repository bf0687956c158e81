// The reviewed, hand-kept half of the catalog: which tables surface as the extra code of
// which error (the documents' links), and the ordered rules that assign each entry its
// recommended handling from its documented text. Lives in fixtures/catalog/curation.json.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/catalog.h"
#include "harness/common/diagnostic.h"

namespace trtc::catalog {

struct LinkRule {
  Table table = Table::kAccount;
  std::string surfaces_as;  // key of the sdk entry whose extra code these codes are
};

// First matching rule wins. Every given criterion must hold; within a list, any one.
struct HandlingRule {
  std::string id;
  Handling handling;
  std::optional<Family> family;
  std::optional<Table> table;
  std::vector<std::string> keys;
  std::vector<int> codes;
  std::vector<std::string> phrases;  // found in any locale's text, ASCII case-insensitive

  // searchable_text: SearchableText(entry), computed once per entry.
  bool Matches(const Entry& entry, std::string_view searchable_text) const;
};

// Every locale's plain description and solution, ASCII-lowercased, one per line.
std::string SearchableText(const Entry& entry);

struct Curation {
  std::vector<LinkRule> links;
  std::vector<HandlingRule> rules;
};

Curation ParseCuration(std::string_view json, const std::string& file, Diagnostics& diagnostics);

// Sets surfaces_as and handling on every entry. Reports an entry no rule matches, a rule
// that matches nothing, and a link to an unknown key.
void ApplyCuration(const Curation& curation, std::vector<Entry>& entries, const std::string& file,
                   Diagnostics& diagnostics);

}  // namespace trtc::catalog
