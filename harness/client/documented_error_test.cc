#include "harness/client/documented_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::client {
namespace {

using catalog::Action;
using catalog::Family;
using catalog::Locale;

TEST(DocumentedEntry, AnExtraCodeTheCatalogDocumentsSpeaksForTheError) {
  auto error = MakeError(Family::kWebV4, 0x4004, 70001, "", Locale::kEn, "join");
  ASSERT_TRUE(error.handling);
  EXPECT_EQ(error.handling->action, Action::kRegenerateUserSig);
  EXPECT_EQ(error.message, DocumentedEntry(Family::kWebV4, 0, 70001, "")->locales.at(Locale::kEn).description.plain);
  EXPECT_EQ(error.extra_code, 70001);
  EXPECT_EQ(error.operation, "join");
}

// docs/adapter.md, "Which catalog entry speaks for an error": on every wrapper code.
TEST(DocumentedEntry, ADocumentedExtraCodeSpeaksOnAnyWrapperButNotAnSdkCode) {
  const int switch_role_failed = *SdkCode("SWITCH_ROLE_FAILED");
  EXPECT_EQ(DocumentedEntry(Family::kWebV4, switch_role_failed, -10018, "")->id, "web-v4/join-room/-10018");
  EXPECT_EQ(DocumentedEntry(Family::kWebV4, switch_role_failed, 0x4004, "")->key, "SWITCH_ROLE_FAILED");
  EXPECT_EQ(DocumentedEntry(Family::kWebV4, switch_role_failed, 12345, "")->key, "SWITCH_ROLE_FAILED");
}

TEST(DocumentedEntry, ACommonErrorSpeaksWhenThereIsNoDocumentedExtraCode) {
  const auto* entry = DocumentedEntry(Family::kWebV4, 0x4004, std::nullopt, "join room timeout");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->id, "web-v4/common-error/join room timeout");
  entry = DocumentedEntry(Family::kWebV4, 0x4001, -100018, "-100018 get tinyid error");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->id, "web-v4/common-error/-100018 get tinyid error");
}

TEST(DocumentedEntry, OtherwiseTheCodesOwnEntry) {
  EXPECT_EQ(DocumentedEntry(Family::kWebV4, 0x4040, std::nullopt, "")->key, "CLIENT_BANNED");
  EXPECT_EQ(DocumentedEntry(Family::kRoomEngine, -2342, std::nullopt, "")->id, "roomengine/seat/-2342");
  EXPECT_EQ(DocumentedEntry(Family::kWebV4, 12345, std::nullopt, ""), nullptr);
}

TEST(TextIn, FallsBackToTheFirstLocaleThatDocumentsTheEntry) {
  const auto* entry = catalog::Catalog::Builtin().FindById("web-v4/common-error/-100018 get tinyid error");
  ASSERT_NE(entry, nullptr);
  ASSERT_FALSE(entry->InLocale(Locale::kJa));
  auto [text, locale] = TextIn(*entry, Locale::kJa);
  EXPECT_EQ(locale, Locale::kEn);
  EXPECT_EQ(text, entry->locales.at(Locale::kEn).description.plain);
  auto error = MakeError(Family::kWebV4, 0x4004, std::nullopt, "join room timeout", Locale::kKo);
  EXPECT_EQ(error.locale, Locale::kKo);
  EXPECT_EQ(error.reason, "join room timeout");
}

TEST(SdkCode, ReadsTheCatalog) {
  EXPECT_EQ(SdkCode("JOIN_ROOM_FAILED"), 0x4004);
  EXPECT_EQ(SdkCode("NO_SUCH_KEY"), std::nullopt);
}

TEST(ErrorJson, RoundTrips) {
  auto error = MakeError(Family::kWebV4, 0x4004, 70050, "", Locale::kZh, "join");
  error.at_ms = 42;
  std::string why;
  auto back = ErrorFromJson(ToJson(error), why);
  ASSERT_TRUE(back) << why;
  EXPECT_EQ(ToJson(*back), ToJson(error));
  ASSERT_TRUE(back->handling);
  EXPECT_EQ(back->handling->action, Action::kRetryAfter);
  EXPECT_FALSE(ErrorFromJson({{"family", "web-v4"}}, why));
  EXPECT_EQ(why, "code: is required");
}

// A bridge to a real SDK reports what the SDK surfaced: its message and error name, no reason.
TEST(ErrorJson, TheHarnessRecognisesTheReasonInTheSdksOwnWording) {
  std::string why;
  auto timeout = ErrorFromJson({{"family", "web-v4"},
                                {"code", 0x4004},
                                {"extraCode", 0},
                                {"message", "join room timeout. \nRefer to: https://example.invalid"},
                                {"name", "RtcError"},
                                {"locale", "en"}},
                               why);
  ASSERT_TRUE(timeout) << why;
  EXPECT_EQ(timeout->reason, "join room timeout");
  EXPECT_TRUE(timeout->reason_from_wording);
  EXPECT_FALSE(timeout->extra_code.has_value()) << "the SDK's extraCode 0 means none";
  auto capture = ErrorFromJson({{"family", "web-v4"},
                                {"code", 0x1004},
                                {"message", "initialize failed"},
                                {"name", "NotAllowedError"},
                                {"locale", "en"}},
                               why);
  ASSERT_TRUE(capture) << why;
  EXPECT_EQ(capture->reason, "NotAllowedError");
  auto plain = ErrorFromJson({{"family", "web-v4"},
                              {"code", 0x4004},
                              {"extraCode", 70001},
                              {"message", "Failed to join room"},
                              {"locale", "en"}},
                             why);
  ASSERT_TRUE(plain) << why;
  EXPECT_EQ(plain->reason, "");
  EXPECT_EQ(plain->extra_code, 70001);
  EXPECT_EQ(RecognizedReason(Family::kWebV4, "", "no such wording"), "");
}

TEST(ErrorJson, ACodeOutsideTheDocumentsIsNamedAsTheSdkNamesIt) {
  SurfacedError error;
  error.family = "web-v4";
  error.code = 0x404B;
  EXPECT_THAT(Describe(error), testing::HasSubstr("API_CALL_TIMEOUT, trtc-js-sdk's own: not in the documents"));
}

}  // namespace
}  // namespace trtc::client
