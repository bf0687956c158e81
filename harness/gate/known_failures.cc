#include "harness/gate/known_failures.h"

#include <algorithm>
#include <map>

#include "harness/catalog/catalog.h"
#include "harness/catalog/source_docs.h"

namespace trtc::gate {
namespace {

std::optional<KnownFailure> ParseLine(std::string_view line, int number, const std::string& file,
                                      const std::set<std::string>& ids, Diagnostics& problems) {
  auto hash = line.find('#');
  std::string_view body = catalog::Trim(line.substr(0, hash));
  if (body.empty()) return std::nullopt;
  KnownFailure entry{"", std::nullopt,
                     hash == std::string_view::npos ? "" : std::string(catalog::Trim(line.substr(hash + 1))), number};
  auto problem = [&](std::string message) {
    problems.push_back({file, number, "", std::move(message)});
    return std::nullopt;
  };
  if (body.find_first_of(" \t") != std::string_view::npos)
    return problem("one scenario id per line (a note goes after '#')");
  auto at = body.find('@');
  entry.id = std::string(body.substr(0, at));
  if (at != std::string_view::npos) {
    auto locale = body.substr(at + 1);
    if (!catalog::ParseLocale(locale))
      return problem("unknown locale '" + std::string(locale) + "' (en, zh, ja or ko)");
    entry.locale = std::string(locale);
  }
  if (!ids.contains(entry.id))
    return problem("no scenario has the id '" + entry.id + "' (trtc-harness list shows the ids)");
  return entry;
}

}  // namespace

const KnownFailure* KnownFailures::Find(std::string_view id, std::string_view locale) const {
  for (const auto& e : entries)
    if (e.id == id && (!e.locale || *e.locale == locale)) return &e;
  return nullptr;
}

std::variant<KnownFailures, Diagnostics> ParseKnownFailures(std::string_view text, const std::string& file,
                                                            const std::set<std::string>& scenario_ids) {
  KnownFailures known{file, {}, {}};
  for (auto line : catalog::SplitLines(text)) known.lines.emplace_back(line);
  Diagnostics problems;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < known.lines.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    auto entry = ParseLine(known.lines[i], number, file, scenario_ids, problems);
    if (!entry) continue;
    const std::string key = entry->id + "@" + entry->locale.value_or("*");
    if (auto [it, fresh] = seen.emplace(key, number); !fresh) {
      problems.push_back({file, number, "", "listed twice (first on line " + std::to_string(it->second) + ")"});
      continue;
    }
    known.entries.push_back(std::move(*entry));
  }
  if (!problems.empty()) return problems;
  return known;
}

std::string RewriteKnownFailures(const KnownFailures& known, const std::vector<Failing>& failing,
                                 const std::vector<std::string>& locales) {
  auto failing_runs = [&](const KnownFailure& e) {
    std::vector<const Failing*> runs;
    for (const auto& f : failing)
      if (f.id == e.id && (!e.locale || *e.locale == f.locale)) runs.push_back(&f);
    return runs;
  };
  // Lines to drop, and the failures to write as new lines with their notes.
  std::vector<bool> dropped(known.lines.size(), false);
  std::map<std::string, std::vector<std::pair<const Failing*, std::string>>> fresh;
  for (const auto& e : known.entries) {
    auto runs = failing_runs(e);
    const auto index = static_cast<std::size_t>(e.line - 1);
    dropped[index] = runs.empty();
    // An every-locale entry that now fails in fewer locales narrows to those locales.
    if (!e.locale && !runs.empty() && runs.size() < locales.size()) {
      dropped[index] = true;
      for (const auto* f : runs) fresh[f->id].push_back({f, e.note});
    }
  }
  for (const auto& f : failing)
    if (!known.Find(f.id, f.locale)) fresh[f.id].push_back({&f, f.why.substr(0, f.why.find('\n'))});
  std::string out;
  for (std::size_t i = 0; i < known.lines.size(); ++i)
    if (!dropped[i]) out += known.lines[i] + "\n";
  for (const auto& [id, runs] : fresh) {
    auto line = [](const std::string& head, const std::string& note) {
      return note.empty() ? head + "\n" : head + "  # " + note + "\n";
    };
    if (runs.size() == locales.size()) {
      out += line(id, runs.front().second);
      continue;
    }
    for (const auto& [f, note] : runs) out += line(id + "@" + f->locale, note);
  }
  return out;
}

}  // namespace trtc::gate
