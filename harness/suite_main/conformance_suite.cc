#include "harness/suite_main/conformance_suite.h"

#include <gtest/gtest.h>

namespace trtc::conformance {

void ExpectScenarioPasses(const scenario::Scenario& s, catalog::Locale locale, const scenario::ClientFactory& factory,
                          bool strict) {
  scenario::RunOptions options;
  options.locale = locale;
  auto result = scenario::RunScenario(s, factory, options);
  if (result.passed && (!strict || result.failures.empty())) return;
  std::string text;
  for (const auto& f : result.failures) text += "  " + scenario::Describe(f) + "\n";
  text += "trace:\n";
  for (const auto& line : result.trace) text += "  " + line + "\n";
  ADD_FAILURE() << s.file << " (" << s.title << "):\n" << text;
}

namespace {

class ScenarioTest : public testing::Test {
 public:
  ScenarioTest(const scenario::Scenario& s, catalog::Locale locale, scenario::ClientFactory factory)
      : scenario_(s), locale_(locale), factory_(std::move(factory)) {}
  void TestBody() override { ExpectScenarioPasses(scenario_, locale_, factory_); }

 private:
  const scenario::Scenario& scenario_;
  catalog::Locale locale_;
  scenario::ClientFactory factory_;
};

}  // namespace

void RegisterScenarioTests(const char* suite, const std::vector<scenario::Scenario>& scenarios,
                           const std::vector<catalog::Locale>& locales, scenario::ClientFactory factory) {
  for (const auto& s : scenarios) {
    for (auto locale : locales) {
      std::string name = s.id + "_" + std::string(catalog::ToString(locale));
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      testing::RegisterTest(suite, name.c_str(), nullptr, s.id.c_str(), s.file.c_str(), s.line,
                            [&s, locale, factory]() -> testing::Test* { return new ScenarioTest(s, locale, factory); });
    }
  }
}

}  // namespace trtc::conformance
