#include "harness/report/standing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::report {
namespace {

using testing::HasSubstr;
using testing::Not;

CaseResult CaseOf(std::string id, std::vector<std::string> covers, Outcome outcome, std::string note = {}) {
  CaseResult c;
  c.id = std::move(id);
  c.locale = "en";
  c.covers = std::move(covers);
  c.outcome = outcome;
  c.known_failure_note = std::move(note);
  if (outcome != Outcome::kPassed)
    c.failures = {{"required", "documented-error", "x.json:3: expected but not surfaced: CLIENT_BANNED\n    more"}};
  return c;
}

Report Sample() {
  Report r;
  r.client = "node bridge.mjs";
  r.locales = {"en"};
  r.known_failures_file = "known.txt";
  r.entries = {{"web-v4/sdk/A", "web-v4", "0x1 A"}, {"web-v4/sdk/B", "web-v4", "0x2 B"},
               {"web-v4/sdk/C", "web-v4", "0x3 C"}, {"web-v4/sdk/D", "web-v4", "0x4 D"},
               {"web-v4/sdk/E", "web-v4", "0x5 E"}, {"roomengine/x/F", "roomengine", "-1 F"}};
  auto wording = CaseOf("s/wording", {"web-v4/sdk/A"}, Outcome::kPassed);
  wording.failures = {{"recommended", "documented-text", "message differs"}};
  r.cases = {wording,
             CaseOf("s/kick", {"web-v4/sdk/B"}, Outcome::kKnownFailure, "emits client-banned, no 0x4040 error"),
             CaseOf("s/media-ok", {"web-v4/sdk/C"}, Outcome::kPassed),
             CaseOf("s/media", {"web-v4/sdk/C"}, Outcome::kKnownFailure, "needs the media plane: no DTLS"),
             CaseOf("s/h264", {"web-v4/sdk/D"}, Outcome::kKnownFailure, "not applicable: cannot fake H.264"),
             CaseOf("s/new", {"web-v4/sdk/A"}, Outcome::kPassed)};
  r.cases[1].surfaced = nlohmann::json::array({{{"code", 0x404B}, {"message", "exchange sdp timeout.\nRefer"}}});
  return r;
}

TEST(Standing, EachEntryIsDecidedByTheRunsThatCoverIt) {
  auto rows = Standings(Sample(), "web-v4");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].standing, Standing::kMeets);
  EXPECT_TRUE(rows[0].wording_differs);
  EXPECT_THAT(rows[0].scenarios, testing::ElementsAre("s/wording", "s/new"));
  EXPECT_EQ(rows[1].standing, Standing::kDeparts);
  EXPECT_EQ(rows[1].instead, "emits client-banned, no 0x4040 error");
  EXPECT_EQ(rows[2].standing, Standing::kNeedsMediaPlane) << "a passing run does not hide one the media plane decides";
  EXPECT_EQ(rows[3].standing, Standing::kNotApplicable);
  EXPECT_EQ(rows[4].standing, Standing::kNotJudged);
}

TEST(Standing, AnUnlistedFailureDepartsWithItsFirstRequiredFailure) {
  auto r = Sample();
  r.cases = {CaseOf("s/x", {"web-v4/sdk/A"}, Outcome::kFailed)};
  auto rows = Standings(r, "web-v4");
  EXPECT_EQ(rows[0].standing, Standing::kDeparts);
  EXPECT_EQ(rows[0].instead, "x.json:3: expected but not surfaced: CLIENT_BANNED");
}

// A known failure that changed is a new departure: the note described the old failure.
TEST(Standing, AChangedKnownFailureDepartsWithItsFirstRequiredFailureNotItsNote) {
  auto r = Sample();
  r.cases = {CaseOf("s/x", {"web-v4/sdk/A"}, Outcome::kKnownFailureChanged, "not applicable: cannot be faked")};
  auto rows = Standings(r, "web-v4");
  EXPECT_EQ(rows[0].standing, Standing::kDeparts);
  EXPECT_EQ(rows[0].instead, "x.json:3: expected but not surfaced: CLIENT_BANNED");
}

TEST(Standing, TheMarkdownCountsNamesAndListsWhatTheDocumentsLack) {
  const auto md = ToConformanceMarkdown(Sample(), "trtc-js-sdk 4.15.22", "web-v4");
  EXPECT_THAT(md, HasSubstr("Judged on **2 of the 5 web-v4 entries**: 1 meet the documents, 1 depart."));
  EXPECT_THAT(md, HasSubstr("| `web-v4/sdk/A` | 0x1 A | meets the documents † | `s/wording`, `s/new` |  |"));
  EXPECT_THAT(md, HasSubstr("| `web-v4/sdk/B` | 0x2 B | departs | `s/kick` | emits client-banned, no 0x4040 error |"));
  EXPECT_THAT(md, HasSubstr("| 0x404B | API_CALL_TIMEOUT | `s/kick` | exchange sdp timeout. |"));
  EXPECT_THAT(md, Not(HasSubstr("roomengine/x/F")));
  EXPECT_EQ(md, ToConformanceMarkdown(Sample(), "trtc-js-sdk 4.15.22", "web-v4")) << "the same report, the same page";
}

TEST(Standing, TheHtmlMatrixShowsTheSameStanding) {
  EXPECT_THAT(ToHtml(Sample()), HasSubstr("title=\"emits client-banned, no 0x4040 error\">departs</td>"));
}

}  // namespace
}  // namespace trtc::report
