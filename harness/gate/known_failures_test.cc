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

TEST(KnownFailures, ASignatureInBracketsPinsHowTheRunFails) {
  auto known = Parse(
      "web-v4/join/arrears  [scenario; documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006]"
      "  # SDK-12\nweb-v4/join/timeout@zh [traffic]\nrest/create/exists\n");
  ASSERT_EQ(known.entries.size(), 3u);
  ASSERT_TRUE(known.entries[0].signature);
  EXPECT_THAT(
      known.entries[0].signature->items,
      testing::ElementsAre("documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006", "scenario"))
      << "items are kept sorted, whatever order the line gives";
  EXPECT_EQ(known.entries[0].note, "SDK-12");
  EXPECT_EQ(known.entries[1].locale, "zh");
  EXPECT_EQ(known.entries[1].signature->ToString(), "traffic");
  EXPECT_FALSE(known.entries[2].signature) << "a line without one accepts any failure, as before signatures";
}

TEST(KnownFailures, RejectsABadSignatureWithFileLineAndField) {
  EXPECT_THAT(ProblemOf("web-v4/join/arrears\nweb-v4/join/timeout  [scenario  # x"),
              HasSubstr("known.txt:2: signature: one signature in brackets after the id"));
  EXPECT_THAT(ProblemOf("web-v4/join/arrears  [scenario] [traffic]"),
              HasSubstr("known.txt:1: signature: one signature"));
  EXPECT_THAT(ProblemOf("web-v4/join/arrears  []"), HasSubstr("known.txt:1: signature: an empty signature"));
  EXPECT_THAT(ProblemOf("web-v4/join/arrears  [scenario;; traffic]"),
              HasSubstr("known.txt:1: signature: an empty item"));
  EXPECT_THAT(ProblemOf("web-v4/join/arrears extra [scenario]"), HasSubstr("known.txt:1: one scenario id per line"));
}

const Signature kWrongExtra{{"documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006"}};
const Signature kNoResult{{"scenario"}};

TEST(KnownFailures, RewriteDropsWhatPassesKeepsCommentsAndAddsNewFailures) {
  auto known = Parse("# header\nweb-v4/join/arrears  # SDK-12\nweb-v4/join/timeout\n");
  std::vector<Failing> failing = {{"web-v4/join/arrears", "en", kWrongExtra, "x"},
                                  {"web-v4/join/arrears", "zh", kWrongExtra, "x"},
                                  {"rest/create/exists", "zh", kNoResult, "expected 100004"}};
  EXPECT_EQ(RewriteKnownFailures(known, failing, {kIds, {"en", "zh"}}),
            "# header\nweb-v4/join/arrears  [" + kWrongExtra.ToString() +
                "]  # SDK-12\nrest/create/exists@zh  [scenario]  # expected 100004\n");
}

TEST(KnownFailures, RewriteWritesTheSignatureOfAListedFailureAndKeepsALineThatHasIt) {
  const std::string signed_line = "web-v4/join/timeout@zh   [scenario]   # SDK-7, aligned by hand";
  auto known = Parse("web-v4/join/arrears  # SDK-12\n" + signed_line + "\n");
  std::vector<Failing> failing = {{"web-v4/join/arrears", "zh", kNoResult, "x"},
                                  {"web-v4/join/timeout", "zh", kNoResult, "x"}};
  EXPECT_EQ(RewriteKnownFailures(known, failing, {kIds, {"zh"}}),
            "web-v4/join/arrears  [scenario]  # SDK-12\n" + signed_line + "\n");
  failing[0].signature = kWrongExtra;
  failing[1].signature = kWrongExtra;
  EXPECT_EQ(RewriteKnownFailures(known, failing, {kIds, {"zh"}}),
            "web-v4/join/arrears  [" + kWrongExtra.ToString() + "]  # SDK-12\nweb-v4/join/timeout@zh  [" +
                kWrongExtra.ToString() + "]  # SDK-7, aligned by hand\n")
      << "a changed signature is rewritten, the note kept";
}

TEST(KnownFailures, RewriteSplitsAnEveryLocaleEntryWhoseLocalesFailDifferently) {
  auto known = Parse("web-v4/join/arrears  # SDK-12\n");
  std::vector<Failing> failing = {{"web-v4/join/arrears", "en", kWrongExtra, "x"},
                                  {"web-v4/join/arrears", "zh", kNoResult, "x"}};
  EXPECT_EQ(RewriteKnownFailures(known, failing, {kIds, {"en", "zh"}}),
            "web-v4/join/arrears@en  [" + kWrongExtra.ToString() +
                "]  # SDK-12\nweb-v4/join/arrears@zh  [scenario]  # SDK-12\n");
}

TEST(KnownFailures, RewriteNarrowsAnEveryLocaleEntryThatNowFailsInFewer) {
  auto known = Parse("web-v4/join/arrears  # SDK-12\n");
  EXPECT_EQ(
      RewriteKnownFailures(known, {{"web-v4/join/arrears", "ja", kNoResult, "x"}}, {kIds, {"en", "zh", "ja", "ko"}}),
      "web-v4/join/arrears@ja  [scenario]  # SDK-12\n");
}

TEST(KnownFailures, RewriteKeepsTheLinesOfWhatTheRunDidNotCover) {
  auto known = Parse("web-v4/join/arrears@zh  # not run in English\nrest/create/exists  # not selected\n");
  EXPECT_EQ(RewriteKnownFailures(known, {}, {{"web-v4/join/arrears"}, {"en"}}),
            "web-v4/join/arrears@zh  # not run in English\nrest/create/exists  # not selected\n");
}

}  // namespace
}  // namespace trtc::gate
