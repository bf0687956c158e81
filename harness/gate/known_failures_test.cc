#include "harness/gate/known_failures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::gate {
namespace {

using testing::HasSubstr;

const std::set<std::string> kIds = {"web-v4/join/arrears", "web-v4/join/timeout", "rest/create/exists"};

KnownFailures Parse(std::string_view text) {
  auto parsed = ParseKnownFailures(text, "known.txt", kIds);
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    ADD_FAILURE() << problems->front().ToString();
    return {};
  }
  return std::get<KnownFailures>(parsed);
}

std::string ProblemOf(std::string_view text) {
  auto parsed = ParseKnownFailures(text, "known.txt", kIds);
  if (!std::holds_alternative<Diagnostics>(parsed)) return "accepted";
  return std::get<Diagnostics>(parsed).front().ToString();
}

TEST(KnownFailures, ParsesIdsLocalesNotesAndComments) {
  auto known = Parse(
      "# our SDK's known gaps\n\nweb-v4/join/arrears   # SDK-12: wrong extra code\n"
      "web-v4/join/timeout@zh\n");
  ASSERT_EQ(known.entries.size(), 2u);
  EXPECT_EQ(known.entries[0].note, "SDK-12: wrong extra code");
  EXPECT_EQ(known.entries[0].line, 3);
  EXPECT_EQ(known.entries[1].locale, "zh");
  EXPECT_NE(known.Find("web-v4/join/arrears", "ko"), nullptr);
  EXPECT_NE(known.Find("web-v4/join/timeout", "zh"), nullptr);
  EXPECT_EQ(known.Find("web-v4/join/timeout", "en"), nullptr);
}

TEST(KnownFailures, RejectsWhatCannotBeRightWithFileAndLine) {
  EXPECT_EQ(ProblemOf("web-v4/join/arrears\nweb-v4/join/nope\n"),
            "known.txt:2: no scenario has the id 'web-v4/join/nope' (trtc-harness list shows the ids)");
  EXPECT_THAT(ProblemOf("web-v4/join/arrears@fr"), HasSubstr("known.txt:1: unknown locale 'fr'"));
  EXPECT_THAT(ProblemOf("web-v4/join/arrears wrong code"), HasSubstr("one scenario id per line"));
  EXPECT_THAT(ProblemOf("web-v4/join/arrears\n# x\nweb-v4/join/arrears"),
              HasSubstr("known.txt:3: listed twice (first on line 1)"));
}

TEST(KnownFailures, RewriteDropsWhatPassesKeepsCommentsAndAddsNewFailures) {
  auto known = Parse("# header\nweb-v4/join/arrears  # SDK-12\nweb-v4/join/timeout\n");
  std::vector<Failing> failing = {{"web-v4/join/arrears", "en", "x"},
                                  {"web-v4/join/arrears", "zh", "x"},
                                  {"rest/create/exists", "zh", "expected 100004\n    surfaced 0"}};
  EXPECT_EQ(RewriteKnownFailures(known, failing, {"en", "zh"}),
            "# header\nweb-v4/join/arrears  # SDK-12\nrest/create/exists@zh  # expected 100004\n");
}

TEST(KnownFailures, RewriteNarrowsAnEveryLocaleEntryThatNowFailsInFewer) {
  auto known = Parse("web-v4/join/arrears  # SDK-12\n");
  EXPECT_EQ(RewriteKnownFailures(known, {{"web-v4/join/arrears", "ja", "x"}}, {"en", "zh", "ja", "ko"}),
            "web-v4/join/arrears@ja  # SDK-12\n");
}

}  // namespace
}  // namespace trtc::gate
