#include "harness/gate/signature.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::gate {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;

report::Failure Mismatch(std::string entry, nlohmann::json surfaced) {
  return {"required", "documented-error", "text for people: never read",
          report::ErrorMismatch{std::move(entry), "(has code 16388)", std::move(surfaced), "code 4096"}};
}

TEST(Signature, NamesWhatWasSurfacedInPlaceOfTheExpectedEntry) {
  const std::vector<report::Failure> failures = {
      Mismatch("web-v4/join-room/-10012", {{"family", "web-v4"}, {"code", 4096}, {"extraCode", nullptr}}),
      Mismatch("web-v4/sdk/CLIENT_BANNED", nullptr),
      Mismatch("", {{"family", "web-v4"}, {"code", 16448}, {"extraCode", 1}}),
      Mismatch("rest/rest-common/100004", {{"family", "rest"}, {"code", 100005}}),
  };
  EXPECT_THAT(SignatureOf(failures, false).items,
              ElementsAre("documented-error: nothing for web-v4/sdk/CLIENT_BANNED",
                          "documented-error: rest 100005 for rest/rest-common/100004",
                          "documented-error: web-v4 0x1000 for web-v4/join-room/-10012",
                          "documented-error: web-v4 0x4040 extra 1 unexpected"));
}

TEST(Signature, IsTheDistinctSortedRulesOfTheFailuresThatFailTheRun) {
  const std::vector<report::Failure> failures = {
      {"required", "scenario", "f.json:9: join: the client gave no result", std::nullopt},
      {"required", "result-agrees", "join answered 0 after 0x4004 (at 3 ms)", std::nullopt},
      {"required", "scenario", "f.json:12: the client never reported event peer-join", std::nullopt},
      {"recommended", "documented-text", "message in zh, not en", std::nullopt},
  };
  EXPECT_EQ(SignatureOf(failures, false).ToString(), "result-agrees; scenario")
      << "no times, no counts: the same failure gives the same signature";
  EXPECT_EQ(SignatureOf(failures, true).ToString(), "documented-text; result-agrees; scenario");
}

TEST(Signature, ParsesWhatToStringWritesInAnyOrder) {
  const Signature written = SignatureOf(
      {Mismatch("web-v4/account/70002", nullptr), {"required", "traffic", "expected exactly 1 hello", std::nullopt}},
      false);
  auto parsed = ParseSignature(written.ToString());
  ASSERT_TRUE(std::holds_alternative<Signature>(parsed));
  EXPECT_EQ(std::get<Signature>(parsed), written);
  auto reordered = ParseSignature("  traffic ;documented-error: nothing for web-v4/account/70002 ");
  ASSERT_TRUE(std::holds_alternative<Signature>(reordered));
  EXPECT_EQ(std::get<Signature>(reordered), written);
  EXPECT_THAT(std::get<std::string>(ParseSignature(" ")), HasSubstr("an empty signature"));
  EXPECT_THAT(std::get<std::string>(ParseSignature("scenario;")), HasSubstr("an empty item"));
}

}  // namespace
}  // namespace trtc::gate
