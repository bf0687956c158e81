// JUnit XML as CI systems read it (GitHub, GitLab, Jenkins): one <testsuite> per locale,
// one <testcase> per scenario, classname the scenario's folder, properties with the
// expected and surfaced codes, <failure> with the expected-vs-surfaced text, <skipped>
// for known failures, the trace in <system-out>.
#include <fmt/format.h>

#include <map>

#include "harness/common/json_value.h"
#include "harness/report/markup.h"
#include "harness/report/report.h"

namespace trtc::report {
namespace {

std::string CodesOf(const nlohmann::json& errors) {
  std::string text;
  for (const auto& e : errors) {
    if (!text.empty()) text += "; ";
    text += StringOr(e, "family") + " " + std::to_string(ValueOr<std::int64_t>(e, "code", 0));
    if (e.contains("extraCode") && e["extraCode"].is_number_integer())
      text += " extra " + std::to_string(e["extraCode"].get<int>());
  }
  return text.empty() ? "none" : text;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

std::string Join(const std::vector<Failure>& failures) {
  std::string text;
  for (const auto& f : failures) text += Describe(f) + "\n";
  return text;
}

void WriteCase(std::string& xml, const CaseResult& c, const std::string& known_failures_file) {
  const auto slash = c.id.rfind('/');
  const std::string classname = slash == std::string::npos ? c.id : c.id.substr(0, slash);
  xml += fmt::format("    <testcase classname=\"{}\" name=\"{} [{}]\" file=\"{}\" time=\"{:.3f}\">\n",
                     Escaped(classname), Escaped(c.id), Escaped(c.locale), Escaped(c.file), c.wall_ms / 1000.0);
  xml += "      <properties>\n";
  auto property = [&](std::string_view name, const std::string& value) {
    xml += fmt::format("        <property name=\"{}\" value=\"{}\"/>\n", name, Escaped(value));
  };
  property("expected", CodesOf(c.expected));
  property("surfaced", CodesOf(c.surfaced));
  std::string covers;
  for (const auto& id : c.covers) covers += (covers.empty() ? "" : " ") + id;
  property("covers", covers);
  property("title", c.title);
  if (!c.signature.empty()) property("signature", c.signature);
  // Recommended-level failures of a passing run: visible without failing the test.
  if (c.outcome == Outcome::kPassed && !c.failures.empty()) property("recommended-failures", Join(c.failures));
  xml += "      </properties>\n";
  const std::string head = c.failures.empty() ? "" : Describe(c.failures.front());
  const std::string first = head.substr(0, head.find('\n'));
  switch (c.outcome) {
    case Outcome::kPassed:
      break;
    case Outcome::kFailed:
      xml += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                         c.client_broken.empty() ? "conformance" : "broken-client", Escaped(first),
                         Escaped(Join(c.failures)));
      break;
    case Outcome::kKnownFailure:
      xml += fmt::format("      <skipped message=\"{}\">{}</skipped>\n",
                         Escaped("known failure" + (c.known_failure_note.empty() ? "" : ": " + c.known_failure_note)),
                         Escaped(Join(c.failures)));
      break;
    case Outcome::kKnownFailureChanged:
      xml += fmt::format("      <failure type=\"known-failure-changed\" message=\"{}\">{}</failure>\n",
                         Escaped(ChangedKnownFailure(c)), Escaped(Join(c.failures)));
      break;
    case Outcome::kNowPassing:
      xml += fmt::format("      <failure type=\"stale-known-failure\" message=\"{}\"/>\n",
                         Escaped("listed as a known failure but passes: remove it from " + known_failures_file));
      break;
  }
  if (!c.trace.empty()) xml += "      <system-out>" + Escaped(Join(c.trace)) + "</system-out>\n";
  xml += "    </testcase>\n";
}

}  // namespace

std::string ToJUnitXml(const Report& report) {
  std::map<std::string, std::vector<const CaseResult*>> by_locale;
  for (const auto& c : report.cases) by_locale[c.locale].push_back(&c);
  const auto counts = report.counts();
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format(
      "<testsuites name=\"trtc-conformance\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
      counts.total(), counts.failed + counts.known_failures_changed + counts.now_passing, counts.known_failures,
      report.wall_seconds);
  for (const auto& locale : report.locales) {
    const auto& cases = by_locale[locale];
    int failures = 0, skipped = 0;
    double seconds = 0;
    for (const auto* c : cases) {
      failures += FailsTheGate(c->outcome);
      skipped += c->outcome == Outcome::kKnownFailure;
      seconds += c->wall_ms / 1000.0;
    }
    xml += fmt::format(
        "  <testsuite name=\"trtc-conformance [{}]\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "skipped=\"{}\" time=\"{:.3f}\">\n",
        Escaped(locale), cases.size(), failures, skipped, seconds);
    xml +=
        fmt::format("    <properties><property name=\"client\" value=\"{}\"/></properties>\n", Escaped(report.client));
    for (const auto* c : cases) WriteCase(xml, *c, report.known_failures_file);
    xml += "  </testsuite>\n";
  }
  xml += "</testsuites>\n";
  return xml;
}

}  // namespace trtc::report
