// The matchers read right in a failure message: described, negated under Not(), explained
// field by field, and the client's types printed as what they are rather than their bytes.
#include "mocks/client_mocks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::mocks {
namespace {

using catalog::Action;
using catalog::Family;
using catalog::Locale;
using client::SurfacedError;
using testing::DescribeMatcher;
using testing::ExplainMatchResult;
using testing::Matcher;
using testing::Not;

// What `matcher` says about `value` when it is asked to explain itself.
template <class T>
std::string Explain(const Matcher<const T&>& matcher, const T& value) {
  testing::StringMatchResultListener why;
  ExplainMatchResult(matcher, value, &why);
  return why.str();
}

SurfacedError JoinFailed() {
  return client::MakeError(Family::kWebV4, Sdk("JOIN_ROOM_FAILED"), 10006, "10006 error", Locale::kEn, "join");
}

TEST(Matchers, EveryDescriptionReadsRightUnderNot) {
  using E = const SurfacedError&;
  EXPECT_EQ(DescribeMatcher<E>(HasCode(16388)), "has code 16388");
  EXPECT_EQ(DescribeMatcher<E>(Not(HasCode(16388))), "doesn't have code 16388");
  EXPECT_EQ(DescribeMatcher<E>(Not(HasExtraCode(10006))), "doesn't have extra code 10006");
  EXPECT_EQ(DescribeMatcher<E>(Not(HasNoExtraCode())), "has an extra code");
  EXPECT_EQ(DescribeMatcher<E>(Not(InFamily(Family::kRest))), "isn't a rest error");
  EXPECT_EQ(DescribeMatcher<E>(Not(HasReason("join room timeout"))), "doesn't have reason \"join room timeout\"");
  EXPECT_EQ(DescribeMatcher<E>(Not(RecommendsHandling(Action::kRetry))),
            "says it recommends a handling other than retry");
  EXPECT_EQ(DescribeMatcher<E>(Not(MessageIs(Locale::kJa))), "doesn't have the documented message in ja");
  EXPECT_EQ(DescribeMatcher<E>(Not(IsDocumentedBy("web-v4/join-room/10006"))),
            "isn't documented by web-v4/join-room/10006");
  EXPECT_EQ(DescribeMatcher<E>(Not(SurfacedWithin(10000))), "surfaced later than 10000 ms of client time");
  using V = const client::ClientEvent&;
  EXPECT_EQ(DescribeMatcher<V>(Not(IsEvent("peer-join"))), "isn't event peer-join");
  EXPECT_EQ(DescribeMatcher<V>(Not(IsEventWith("peer-join", nlohmann::json{{"userId", "bob"}}))),
            "isn't event peer-join with {\"userId\":\"bob\"}");
}

TEST(Matchers, NotExplainsWhatWasThere) {
  EXPECT_EQ(Explain<SurfacedError>(Not(HasCode(16388)), JoinFailed()), "code 16388");
  EXPECT_EQ(Explain<SurfacedError>(Not(HasNoExtraCode()), JoinFailed()), "extra code 10006");
}

TEST(AllOfExplained, NamesEveryMismatchingFieldNotOnlyTheFirst) {
  const auto all = AllOfExplained<SurfacedError>(
      {InFamily(Family::kWebV4), HasCode(16389), HasExtraCode(10007), IsDocumentedBy("web-v4/join-room/10006")});
  EXPECT_EQ(DescribeMatcher<const SurfacedError&>(all),
            "(is a web-v4 error) and (has code 16389) and (has extra code 10007) and (is documented by "
            "web-v4/join-room/10006)");
  EXPECT_EQ(DescribeMatcher<const SurfacedError&>(Not(all)),
            "(isn't a web-v4 error) or (doesn't have code 16389) or (doesn't have extra code 10007) or (isn't "
            "documented by web-v4/join-room/10006)");
  EXPECT_FALSE(all.Matches(JoinFailed()));
  EXPECT_EQ(Explain(all, JoinFailed()), "code 16388, and extra code 10006");
  const auto fits = AllOfExplained<SurfacedError>({HasCode(16388), HasExtraCode(10006)});
  EXPECT_TRUE(fits.Matches(JoinFailed()));
  EXPECT_EQ(Explain(fits, JoinFailed()), "code 16388, and extra code 10006");
}

TEST(IsEventWith, NamesEveryFieldThatDiffers) {
  const client::ClientEvent event{"peer-join", {{"userId", "carol"}, {"role", "anchor"}}, 0};
  const Matcher<const client::ClientEvent&> bob =
      IsEventWith("peer-leave", nlohmann::json{{"userId", "bob"}, {"reason", "kicked"}});
  EXPECT_FALSE(bob.Matches(event));
  EXPECT_EQ(Explain(bob, event), "event peer-join, and no data.reason, and data.userId \"carol\"");
}

TEST(PrintTo, TheClientsTypesPrintAsWhatTheyAreNotTheirBytes) {
  EXPECT_EQ(testing::PrintToString(JoinFailed()), client::Describe(JoinFailed()));
  EXPECT_EQ(testing::PrintToString(client::ClientEvent{"peer-join", {{"userId", "bob"}}, 12}),
            "event {\"atMs\":12,\"data\":{\"userId\":\"bob\"},\"name\":\"peer-join\"}");
  EXPECT_EQ(testing::PrintToString(client::OperationResult{7, "join", 16388, nlohmann::json::object()}),
            "result {\"code\":16388,\"data\":{},\"id\":7,\"operation\":\"join\"}");
}

}  // namespace
}  // namespace trtc::mocks
