#include "harness/gate/known_failures.h"

#include <algorithm>
#include <map>

#include "harness/catalog/catalog.h"
#include "harness/catalog/source_docs.h"

namespace trtc::gate {
namespace {

// The signature between the brackets at the end of `body` ("id  [a; b]"), taken off it.
std::variant<std::optional<Signature>, std::string> TakeSignature(std::string_view& body) {
  const auto open = body.find('[');
  if (open == std::string_view::npos) return std::nullopt;
  if (body.back() != ']' || body.find_first_of("[]", open + 1) != body.size() - 1)
    return std::string("one signature in brackets after the id, before any note ('id  [items]  # note')");
  auto parsed = ParseSignature(body.substr(open + 1, body.size() - open - 2));
  if (auto* why = std::get_if<std::string>(&parsed)) return std::move(*why);
  body = catalog::Trim(body.substr(0, open));
  return std::get<Signature>(std::move(parsed));
}

std::optional<KnownFailure> ParseLine(std::string_view line, int number, const std::string& file,
                                      const std::set<std::string>& ids, Diagnostics& problems) {
  auto hash = line.find('#');
  std::string_view body = catalog::Trim(line.substr(0, hash));
  if (body.empty()) return std::nullopt;
  KnownFailure entry{"", std::nullopt, std::nullopt,
                     hash == std::string_view::npos ? "" : std::string(catalog::Trim(line.substr(hash + 1))), number};
  auto problem = [&](std::string message, std::string field = "") {
    problems.push_back({file, number, std::move(field), std::move(message)});
    return std::nullopt;
  };
  auto signature = TakeSignature(body);
  if (auto* why = std::get_if<std::string>(&signature)) return problem(*why, "signature");
  entry.signature = std::get<std::optional<Signature>>(std::move(signature));
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

std::string Line(const std::string& head, const Signature& signature, const std::string& note) {
  std::string line = head + "  [" + signature.ToString() + "]";
  return note.empty() ? line : line + "  # " + note;
}

// Whether every run failed the same way, so that one line can stand for them all.
bool Alike(const std::vector<const Failing*>& runs) {
  return std::all_of(runs.begin(), runs.end(),
                     [&](const Failing* f) { return f->signature == runs.front()->signature; });
}

// Failing runs that want new lines, by scenario, each with the note its line gets.
struct NewLines {
  std::vector<const Failing*> runs;
  std::vector<std::string> notes;
  void Add(const Failing* run, std::string note) {
    runs.push_back(run);
    notes.push_back(std::move(note));
  }
};

// One line for every locale when they all failed alike, else one line per locale.
std::string Render(const std::string& id, const NewLines& group, std::size_t locales) {
  if (group.runs.size() == locales && Alike(group.runs))
    return Line(id, group.runs.front()->signature, group.notes.front()) + "\n";
  std::string out;
  for (std::size_t i = 0; i < group.runs.size(); ++i)
    out += Line(id + "@" + group.runs[i]->locale, group.runs[i]->signature, group.notes[i]) + "\n";
  return out;
}

std::vector<const Failing*> RunsOf(const KnownFailure& e, const std::vector<Failing>& failing) {
  std::vector<const Failing*> runs;
  for (const auto& f : failing)
    if (e.Lists(f.id, f.locale)) runs.push_back(&f);
  return runs;
}

// The line of an entry the run covered, given its failing runs: dropped when they passed,
// given their signature, or, for an every-locale entry that no longer stands for every
// locale alike, dropped for one new line per locale.
void Rewrite(const KnownFailure& e, const std::vector<const Failing*>& runs, std::size_t locales,
             std::optional<std::string>& line, std::map<std::string, NewLines>& fresh) {
  if (runs.empty()) {
    line.reset();
  } else if (!e.locale && (runs.size() < locales || !Alike(runs))) {
    line.reset();
    for (const auto* f : runs) fresh[f->id].Add(f, e.note);
  } else if (e.signature != runs.front()->signature) {
    line = Line(e.id + (e.locale ? "@" + *e.locale : ""), runs.front()->signature, e.note);
  }
}

}  // namespace

const KnownFailure* KnownFailures::Find(std::string_view id, std::string_view locale) const {
  for (const auto& e : entries)
    if (e.Lists(id, locale)) return &e;
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
                                 const Covered& covered) {
  auto covers = [&](const KnownFailure& e) {
    return covered.ids.contains(e.id) &&
           (!e.locale || std::find(covered.locales.begin(), covered.locales.end(), *e.locale) != covered.locales.end());
  };
  std::vector<std::optional<std::string>> lines(known.lines.begin(), known.lines.end());  // nullopt: dropped
  std::map<std::string, NewLines> fresh;
  for (const auto& e : known.entries)
    if (covers(e))
      Rewrite(e, RunsOf(e, failing), covered.locales.size(), lines[static_cast<std::size_t>(e.line - 1)], fresh);
  for (const auto& f : failing)
    if (!known.Find(f.id, f.locale)) fresh[f.id].Add(&f, f.why);
  std::string out;
  for (const auto& line : lines)
    if (line) out += *line + "\n";
  for (const auto& [id, group] : fresh) out += Render(id, group, covered.locales.size());
  return out;
}

}  // namespace trtc::gate
