// The HTML report: one self-contained page (inline CSS, no scripts, no external assets)
// that opens from disk. A matrix of every catalog entry × locale (passed, failed, known
// failure, not covered), each failing cell a link to its scenario's failures and trace.
#include <fmt/format.h>

#include <map>
#include <set>

#include "harness/common/json_value.h"
#include "harness/report/markup.h"
#include "harness/report/report.h"
#include "harness/report/standing.h"

namespace trtc::report {
namespace {

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em} h2{font-size:1.15em;margin-top:1.6em}
.verdict{display:inline-block;padding:.2em .7em;border-radius:4px;color:#fff;font-weight:600}
.v0{background:#2e7d32}.v1{background:#c62828}.v2{background:#6a1b9a}
table{border-collapse:collapse} td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f5f5f5;position:sticky;top:0}
td.cell{text-align:center;width:4.5em;font-weight:600}
.passed{background:#e8f5e9;color:#2e7d32}.failed{background:#ffebee;color:#c62828}
.known-failure{background:#fff8e1;color:#8d6e00}.recommended{background:#f1f8e9;color:#8d6e00}.now-passing{background:#ffebee;color:#c62828}
.known-failure-changed{background:#ffebee;color:#c62828}
.not-covered{background:#fafafa;color:#999}
.family td{background:#eceff1;font-weight:600}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;white-space:pre-wrap;margin:.3em 0}
section{border-left:4px solid #c62828;padding-left:.8em;margin:1em 0}
section.case-known-failure{border-color:#f9a825}
a{color:#1565c0} code{font-size:95%}
)";

std::string Anchor(const CaseResult& c) {
  std::string anchor = "case-";
  for (char ch : c.id + "-" + c.locale) anchor += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  return anchor;
}

// A cell's state: the worst of the cases covering the entry in that locale.
struct Cell {
  std::string state = "not-covered";
  const CaseResult* link = nullptr;  // the first case to look at
  std::vector<std::string> scenarios;
};

int Severity(const std::string& state) {
  if (auto outcome = ParseOutcome(state); outcome && FailsTheGate(*outcome)) return 4;
  if (state == "known-failure") return 3;
  if (state == "recommended") return 2;
  if (state == "passed") return 1;
  return 0;
}

// Passed with recommended-level failures only (a --strict gate would count them).
bool RecommendedOnly(const CaseResult& c) { return c.outcome == Outcome::kPassed && !c.failures.empty(); }

std::map<std::pair<std::string, std::string>, Cell> Cells(const Report& report) {
  std::map<std::pair<std::string, std::string>, Cell> cells;
  for (const auto& c : report.cases) {
    for (const auto& entry : c.covers) {
      auto& cell = cells[{entry, c.locale}];
      const std::string state = RecommendedOnly(c) ? "recommended" : std::string(ToString(c.outcome));
      cell.scenarios.push_back(c.id + ": " + state);
      if (Severity(state) > Severity(cell.state)) {
        cell.state = state;
        cell.link = state == "passed" ? nullptr : &c;
      }
    }
  }
  return cells;
}

std::string CellSymbol(const std::string& state) {
  if (state == "passed") return "✓";
  if (state == "failed") return "✗";
  if (state == "now-passing") return "✓!";
  if (state == "known-failure") return "K";
  if (state == "known-failure-changed") return "K!";
  if (state == "recommended") return "✓r";
  return "–";
}

void WriteMatrix(std::string& html, const Report& report) {
  auto cells = Cells(report);
  html +=
      "<h2>Conformance matrix</h2>\n<p>Every catalog entry in every locale: <span class=passed>✓ passed</span> "
      "<span class=failed>✗ failed</span> <span class=known-failure>K known failure</span> "
      "<span class=now-passing>✓! known failure now passing</span> <span class=known-failure-changed>K! known "
      "failure changed</span> <span class=recommended>✓r required level passed, "
      "recommended level failed</span> <span class=not-covered>– not covered</span>. "
      "A failing cell links to its scenario. <em>standing</em>: where the client meets or departs from the "
      "documents, as the published conformance reports say it.</p>\n<table>\n<tr><th>entry</th><th>code</th>"
      "<th>standing</th>";
  for (const auto& locale : report.locales) html += "<th>" + Escaped(locale) + "</th>";
  html += "</tr>\n";
  std::map<std::string, EntryStanding> standings;
  for (auto& row : Standings(report)) standings.emplace(row.entry->id, std::move(row));
  std::string family;
  for (const auto& entry : report.entries) {
    if (entry.family != family) {
      family = entry.family;
      html += fmt::format("<tr class=family><td colspan={}>{}</td></tr>\n", report.locales.size() + 3, Escaped(family));
    }
    const auto& standing = standings.at(entry.id);
    html += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td title=\"{}\">{}{}</td>", Escaped(entry.id),
                        Escaped(entry.label), Escaped(standing.instead), ToString(standing.standing),
                        standing.standing == Standing::kMeets && standing.wording_differs ? " †" : "");
    for (const auto& locale : report.locales) {
      auto it = cells.find({entry.id, locale});
      const Cell cell = it == cells.end() ? Cell{} : it->second;
      std::string tip;
      for (const auto& s : cell.scenarios) tip += s + "\n";
      std::string symbol = CellSymbol(cell.state);
      if (cell.link) symbol = fmt::format("<a href=\"#{}\">{}</a>", Anchor(*cell.link), symbol);
      html += fmt::format("<td class=\"cell {}\" title=\"{}\">{}</td>", cell.state, Escaped(tip), symbol);
    }
    html += "</tr>\n";
  }
  html += "</table>\n";
}

std::string ErrorsTable(const nlohmann::json& errors) {
  if (errors.empty()) return "<p>none</p>\n";
  std::string html =
      "<table><tr><th>family</th><th>code</th><th>extra code</th><th>reason</th><th>handling</th>"
      "<th>message</th><th>locale</th><th>at (ms)</th></tr>\n";
  for (const auto& e : errors) {
    auto text = [&](const char* key) {
      if (!e.is_object() || !e.contains(key) || e[key].is_null()) return std::string();
      return e[key].is_string() ? e[key].get<std::string>() : e[key].dump();
    };
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        Escaped(text("family")), Escaped(text("code")), Escaped(text("extraCode")), Escaped(text("reason")),
        Escaped(text("handling")), Escaped(text("message")), Escaped(text("locale")), Escaped(text("atMs")));
  }
  return html + "</table>\n";
}

void WriteCase(std::string& html, const CaseResult& c, const Report& report) {
  html += fmt::format("<section id=\"{}\" class=\"case-{}\">\n<h3>{} [{}]: {}</h3>\n<p>{} · <code>{}</code>", Anchor(c),
                      ToString(c.outcome), Escaped(c.id), Escaped(c.locale), ToString(c.outcome), Escaped(c.title),
                      Escaped(c.file));
  if (!c.known_failure_note.empty()) html += " · known failure: " + Escaped(c.known_failure_note);
  if (!c.signature.empty()) html += " · signature: <code>[" + Escaped(c.signature) + "]</code>";
  html += "</p>\n";
  if (c.outcome == Outcome::kKnownFailureChanged)
    html += "<p>" + Escaped(ChangedKnownFailure(c)) + ": " +
            Escaped(ChangedKnownFailureAdvice(report.known_failures_file)) + ".</p>\n";
  if (c.outcome == Outcome::kNowPassing)
    html += "<p>Listed as a known failure, but it passes: remove it from <code>" + Escaped(report.known_failures_file) +
            "</code> (or run the gate with --fix-known-failures).</p>\n";
  std::string failures;
  for (const auto& f : c.failures) failures += Describe(f) + "\n";
  if (!failures.empty()) html += "<pre>" + Escaped(failures) + "</pre>\n";
  html += "<h4>Expected</h4>\n" + ErrorsTable(c.expected) + "<h4>Surfaced</h4>\n" + ErrorsTable(c.surfaced);
  std::string trace;
  for (const auto& line : c.trace) trace += line + "\n";
  html += "<details><summary>trace</summary><pre>" + Escaped(trace) + "</pre></details>\n</section>\n";
}

}  // namespace

std::string ToHtml(const Report& report) {
  const auto counts = report.counts();
  const int verdict = Verdict(report);
  std::string html =
      "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n<title>trtc-conformance report</title>\n";
  html += "<style>" + std::string(kStyle) + "</style></head><body>\n";
  html += fmt::format("<h1>trtc-conformance report</h1>\n<p><span class=\"verdict v{}\">{}</span> {}</p>\n", verdict,
                      verdict == 0   ? "PASS"
                      : verdict == 1 ? "FAIL"
                                     : "BROKEN CLIENT",
                      Escaped(report.client));
  html += fmt::format(
      "<p>{} run(s): {} passed, {} failed, {} known failure(s), {} known failure(s) changed, {} known failure(s) now "
      "passing · locales {} · {:.1f} s</p>\n",
      counts.total(), counts.passed, counts.failed, counts.known_failures, counts.known_failures_changed,
      counts.now_passing, Escaped(fmt::format("{}", fmt::join(report.locales, ", "))), report.wall_seconds);
  if (const auto* broken = report.FirstBrokenClient())
    html += "<p><strong>The client is broken:</strong> " + Escaped(broken->client_broken) + "</p>\n";
  const int problems = counts.failed + counts.known_failures_changed + counts.now_passing + counts.known_failures;
  if (problems > 0) html += fmt::format("<p><a href=\"#failures\">{} run(s) to look at</a></p>\n", problems);
  WriteMatrix(html, report);
  html += "<h2 id=failures>Failures</h2>\n";
  bool any = false;
  for (const auto& c : report.cases) {
    if (c.outcome == Outcome::kPassed && !RecommendedOnly(c)) continue;
    WriteCase(html, c, report);
    any = true;
  }
  if (!any) html += "<p>None.</p>\n";
  html += "<h2>Every run</h2>\n<details><summary>" + std::to_string(counts.total()) +
          " scenario runs</summary>\n<table><tr><th>scenario</th><th>locale</th><th>outcome</th><th>ms</th></tr>\n";
  for (const auto& c : report.cases) {
    const std::string name =
        c.outcome == Outcome::kPassed ? Escaped(c.id) : fmt::format("<a href=\"#{}\">{}</a>", Anchor(c), Escaped(c.id));
    html += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{:.0f}</td></tr>\n", name,
                        Escaped(c.locale), ToString(c.outcome), ToString(c.outcome), c.wall_ms);
  }
  html += "</table></details>\n</body></html>\n";
  return html;
}

}  // namespace trtc::report
