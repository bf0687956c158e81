#include "harness/catalog/catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/catalog/catalog_json.h"

namespace trtc::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Ids(const std::vector<const Entry*>& entries) {
  std::vector<std::string> ids;
  for (const Entry* entry : entries) ids.push_back(entry->id);
  return ids;
}

const Catalog& Builtin() { return Catalog::Builtin(); }

TEST(BuiltinCatalog, HoldsEveryEntryWithUniqueIds) {
  EXPECT_EQ(Builtin().entries().size(), 187u);
  for (const Entry& entry : Builtin().entries()) EXPECT_EQ(Builtin().FindById(entry.id), &entry);
}

TEST(BuiltinCatalog, FindsByKeyAndByFamilyAndCode) {
  const Entry* join_failed = Builtin().FindByKey("JOIN_ROOM_FAILED");
  ASSERT_NE(join_failed, nullptr);
  EXPECT_EQ(join_failed->code, 0x4004);
  EXPECT_EQ(Builtin().Find(Family::kWebV4, 0x4004), join_failed);
  EXPECT_EQ(Builtin().Find(Family::kRoomEngine, -2100)->id, "roomengine/room/-2100");
  EXPECT_EQ(Builtin().Find(Family::kRest, -2100), nullptr);
  EXPECT_EQ(Builtin().FindByKey("JOIN_ROOM_FAILURE"), nullptr);
}

TEST(BuiltinCatalog, FindsByCodeAcrossFamilies) {
  EXPECT_THAT(Ids(Builtin().FindByCode(70001)), ElementsAre("web-v4/account/70001"));
  EXPECT_THAT(Ids(Builtin().FindByCode(0)), ElementsAre("roomengine/general/0"));
  EXPECT_THAT(Builtin().FindByCode(12345), IsEmpty());
}

TEST(BuiltinCatalog, FindsByMessageInAnyLocale) {
  EXPECT_THAT(Ids(Builtin().FindByMessage("join room timeout")), ElementsAre("web-v4/common-error/join room timeout"));
  EXPECT_THAT(Ids(Builtin().FindByMessage("Mic is Occupied")), ElementsAre("roomengine/device/-1106"));
  EXPECT_THAT(
      Ids(Builtin().FindByMessage("无效参数\n处理建议：请检查传入参数是否符合 SDK 要求，例如参数类型是否正确。")),
      ElementsAre("web-v4/sdk/INVALID_PARAMETER"));
  // 70003 and 70004 share their text in every locale.
  EXPECT_THAT(Ids(Builtin().FindByMessage(
                  Builtin().FindById("web-v4/account/70003")->InLocale(Locale::kEn)->description.plain)),
              ElementsAre("web-v4/account/70003", "web-v4/account/70004"));
}

TEST(BuiltinCatalog, LookupAcceptsWhatAUserTypes) {
  EXPECT_THAT(Ids(Builtin().Lookup("0x4001")), ElementsAre("web-v4/sdk/SIGNAL_CAHNNEL_SETUP_FAILED"));
  EXPECT_THAT(Ids(Builtin().Lookup(" 16385 ")), ElementsAre("web-v4/sdk/SIGNAL_CAHNNEL_SETUP_FAILED"));
  EXPECT_THAT(Ids(Builtin().Lookup("UNKOWN")), ElementsAre("web-v4/sdk/UNKOWN"));
  EXPECT_THAT(Ids(Builtin().Lookup("rest/rest-private/100012")), ElementsAre("rest/rest-private/100012"));
  EXPECT_THAT(Ids(Builtin().Lookup("NotAllowedError")), ElementsAre("web-v4/common-error/NotAllowedError"));
  EXPECT_THAT(Builtin().Lookup("no such thing"), IsEmpty());
}

TEST(CatalogJson, RoundTripsEveryEntry) {
  std::string json = CatalogToJson(Builtin().entries());
  ParsedCatalog parsed = ParseCatalogJson(json, "x");
  ASSERT_THAT(parsed.diagnostics, IsEmpty());
  ASSERT_EQ(parsed.entries.size(), Builtin().entries().size());
  for (std::size_t i = 0; i < parsed.entries.size(); ++i) EXPECT_EQ(parsed.entries[i], Builtin().entries()[i]);
}

TEST(CatalogJson, ReportsBadFilesAndBadEntries) {
  EXPECT_EQ(ParseCatalogJson("[", "c.json").diagnostics.at(0).ToString(), "c.json: not a JSON object");
  EXPECT_EQ(ParseCatalogJson(R"({"format":"x"})", "c.json").diagnostics.at(0).field, "format");
  ParsedCatalog parsed = ParseCatalogJson(
      R"({"format":"trtc-conformance/error-catalog","version":1,"entries":[{"id":"a","family":"web-v5"}]})", "c.json");
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics[0].field, "entries[0]");
  EXPECT_THAT(parsed.diagnostics[0].reason, HasSubstr("web-v5"));
}

TEST(Names, RoundTripThroughTheirStrings) {
  for (Family family : kAllFamilies) EXPECT_EQ(ParseFamily(ToString(family)), family);
  for (Locale locale : kAllLocales) EXPECT_EQ(ParseLocale(ToString(locale)), locale);
  for (const ActionInfo& info : AllActions()) EXPECT_EQ(ParseAction(info.name), info.action);
  EXPECT_EQ(ParseTable("rest-private"), Table::kRestPrivate);
  EXPECT_EQ(FamilyOf(Table::kRestPrivate), Family::kRest);
  EXPECT_EQ(FamilyOf(Table::kSeat), Family::kRoomEngine);
  EXPECT_EQ(ParseLocale("fr"), std::nullopt);
}

}  // namespace
}  // namespace trtc::catalog
