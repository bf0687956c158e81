#include "harness/catalog/importer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "harness/catalog/catalog_json.h"
#include "harness/catalog/source_docs.h"
#include "harness/common/file_io.h"

namespace trtc::catalog {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kFixtures = TRTC_FIXTURES_DIR;

// The import of the real documents, done once for the whole suite.
const ImportResult& Imported() {
  static const ImportResult result = ImportFixtures(kFixtures);
  return result;
}

std::vector<const Entry*> EntriesOf(Table table) {
  std::vector<const Entry*> out;
  for (const Entry& entry : Imported().entries) {
    if (entry.table == table) out.push_back(&entry);
  }
  return out;
}

int CountIn(Table table, Locale locale) {
  int n = 0;
  for (const Entry* entry : EntriesOf(table)) n += entry->InLocale(locale) != nullptr;
  return n;
}

const Entry* ById(const std::string& id) {
  for (const Entry& entry : Imported().entries) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

TEST(ImportDocuments, SucceedsWithoutDiagnostics) {
  for (const Diagnostic& diagnostic : Imported().diagnostics) ADD_FAILURE() << diagnostic.ToString();
  EXPECT_EQ(Imported().entries.size(), 187u);
}

TEST(ImportDocuments, WebV4CountsMatchTheDocuments) {
  EXPECT_EQ(EntriesOf(Table::kSdk).size(), 26u);
  EXPECT_EQ(CountIn(Table::kSdk, Locale::kEn), 11);
  EXPECT_EQ(EntriesOf(Table::kAccount).size(), 62u);
  EXPECT_EQ(CountIn(Table::kAccount, Locale::kEn), 61);
  EXPECT_EQ(ById("web-v4/account/-8")->InLocale(Locale::kEn), nullptr);
  EXPECT_EQ(EntriesOf(Table::kJoinRoom).size(), 10u);
  EXPECT_EQ(CountIn(Table::kJoinRoom, Locale::kEn), 0);
  EXPECT_EQ(CountIn(Table::kJoinRoom, Locale::kZh), 9);
  EXPECT_EQ(CountIn(Table::kJoinRoom, Locale::kKo), 9);
  EXPECT_EQ(CountIn(Table::kJoinRoom, Locale::kJa), 10);
  EXPECT_EQ(EntriesOf(Table::kCommonError).size(), 16u);
  EXPECT_EQ(CountIn(Table::kCommonError, Locale::kEn), 16);
  for (Locale locale : {Locale::kZh, Locale::kJa, Locale::kKo}) EXPECT_EQ(CountIn(Table::kCommonError, locale), 14);
}

TEST(ImportDocuments, RoomEngineAndRestCountsMatchTheDocument) {
  int roomengine = 0, rest = 0, rest_private = 0;
  for (const Entry& entry : Imported().entries) {
    roomengine += entry.family == Family::kRoomEngine;
    rest += entry.family == Family::kRest;
    rest_private += entry.table == Table::kRestPrivate;
  }
  EXPECT_EQ(roomengine, 46);
  EXPECT_EQ(rest, 27);
  EXPECT_EQ(rest_private, 7);
  EXPECT_EQ(EntriesOf(Table::kGeneral).front()->code, 0);
  EXPECT_EQ(EntriesOf(Table::kSeat).back()->code, -2381);
}

TEST(ImportDocuments, KeepsTheDocumentedSpellingsAndLocaleOnlyRows) {
  ASSERT_NE(ById("web-v4/sdk/SIGNAL_CAHNNEL_SETUP_FAILED"), nullptr);
  ASSERT_NE(ById("web-v4/sdk/UNKOWN"), nullptr);
  EXPECT_EQ(ById("web-v4/sdk/UNKOWN")->code, 65535);
  const Entry* only_ja = ById("web-v4/join-room/-100027");
  ASSERT_NE(only_ja, nullptr);
  EXPECT_EQ(only_ja->locales.size(), 1u);
  EXPECT_NE(only_ja->InLocale(Locale::kJa), nullptr);
}

TEST(ImportDocuments, HexColumnAgreesWithTheCode) {
  for (const Entry* entry : EntriesOf(Table::kSdk)) {
    ASSERT_TRUE(entry->code.has_value()) << entry->id;
    EXPECT_EQ(ParseInt(entry->hex, true), entry->code) << entry->id;
  }
  EXPECT_EQ(ById("web-v4/sdk/SWITCH_ROLE_FAILED")->hex, "0x404a");
}

// Every raw text must stand verbatim where its source points: nothing retyped.
TEST(ImportDocuments, RawTextIsExactlyWhatTheDocumentSays) {
  std::map<std::string, std::vector<std::string_view>> lines;
  std::map<std::string, std::string> texts;
  for (const Entry& entry : Imported().entries) {
    for (const auto& [locale, text] : entry.locales) {
      std::string file = text.source.substr(0, text.source.rfind(':'));
      int line = std::stoi(text.source.substr(file.size() + 1));
      if (!texts.contains(file)) {
        texts[file] = ReadFile(kFixtures / "docs" / file).value();
        lines[file] = SplitLines(texts[file]);
      }
      // A plain-text listing row starts at its code line; its text is the next line.
      std::size_t index = static_cast<std::size_t>(line - 1);
      if (file.ends_with(".txt")) {
        EXPECT_EQ(ParseInt(lines[file].at(index)), entry.code) << entry.id;
        ++index;
      }
      std::string_view source_line = lines[file].at(index);
      EXPECT_THAT(std::string(source_line), HasSubstr(text.description.raw)) << entry.id;
      if (text.solution) {
        EXPECT_THAT(std::string(source_line), HasSubstr(text.solution->raw)) << entry.id;
      }
    }
  }
}

TEST(ImportDocuments, CommonErrorsCarryReasonAndSolutionPerLocale) {
  const Entry* entry = ById("web-v4/common-error/NotAllowedError");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->code, std::nullopt);
  ASSERT_TRUE(entry->InLocale(Locale::kZh)->solution.has_value());
  EXPECT_EQ(entry->InLocale(Locale::kZh)->solution->plain, "用户需授权摄像头/麦克风访问，才能进行音视频通话");
  EXPECT_EQ(entry->InLocale(Locale::kEn)->description.plain,
            "The user has rejected the request to access audio, video, or screen sharing made by the current browser "
            "instance");
}

TEST(ImportDocuments, RecordsTheDocumentedExtraCodeLinks) {
  for (const Entry* entry : EntriesOf(Table::kAccount)) {
    ASSERT_TRUE(entry->surfaces_as.has_value()) << entry->id;
    EXPECT_EQ(*entry->surfaces_as, (SurfacesAs{"SIGNAL_CAHNNEL_SETUP_FAILED", 0x4001}));
  }
  for (const Entry* entry : EntriesOf(Table::kJoinRoom)) {
    ASSERT_TRUE(entry->surfaces_as.has_value()) << entry->id;
    EXPECT_EQ(*entry->surfaces_as, (SurfacesAs{"JOIN_ROOM_FAILED", 0x4004}));
  }
  EXPECT_FALSE(ById("web-v4/sdk/JOIN_ROOM_FAILED")->surfaces_as.has_value());
}

TEST(ImportDocuments, EveryEntryHasAHandlingFromANamedRule) {
  for (const Entry& entry : Imported().entries) EXPECT_FALSE(entry.handling.rule.empty()) << entry.id;
  EXPECT_EQ(ById("web-v4/account/70050")->handling.ToString(), "retry-after(60)");
  EXPECT_EQ(ById("rest/rest-private/100012")->handling.ToString(), "retry-after(1)");
  EXPECT_EQ(ById("web-v4/account/70001")->handling.action, Action::kRegenerateUserSig);
  EXPECT_EQ(ById("web-v4/sdk/PLAY_NOT_ALLOWED")->handling.action, Action::kResumePlaybackOnGesture);
  EXPECT_EQ(ById("web-v4/sdk/JOIN_ROOM_FAILED")->handling.action, Action::kFollowExtraCode);
}

TEST(ImportDocuments, CommittedCatalogIsUpToDate) {
  std::optional<std::string> committed = ReadFile(CatalogPath(kFixtures));
  ASSERT_TRUE(committed.has_value());
  EXPECT_TRUE(*committed == CatalogToJson(Imported().entries))
      << "fixtures/catalog/error-catalog.json is stale: run `trtc-harness catalog import` and commit it";
}

// --- malformed input --------------------------------------------------------------

constexpr std::string_view kMinimalCuration = R"({"format":"trtc-conformance/catalog-curation","version":1,
  "links":[], "handling_rules":[{"id":"all","action":"none","match":{"family":"web-v4"},"why":"test"}]})";

// The diagnostics about the documents (the test curation's own, such as a rule left
// unused by a document that yields nothing, are not the point here).
Diagnostics DocumentDiagnostics(std::span<const SourceDoc> docs) {
  Diagnostics out;
  for (Diagnostic& d : Import(docs, kMinimalCuration, "curation.json").diagnostics) {
    if (d.file != "curation.json") out.push_back(std::move(d));
  }
  return out;
}

Diagnostics ImportOne(const std::string& name, const std::string& text) {
  SourceDoc doc{name, text};
  return DocumentDiagnostics({&doc, 1});
}

std::string Only(const Diagnostics& diagnostics) {
  if (diagnostics.size() != 1) {
    std::string all;
    for (const auto& d : diagnostics) all += d.ToString() + "\n";
    return "expected one diagnostic, got " + std::to_string(diagnostics.size()) + ":\n" + all;
  }
  return diagnostics.front().ToString();
}

constexpr std::string_view kSdkHeader = "| Key | getCode | Error Code | Description |\n|---|---|---|---|\n";

TEST(ImportMalformed, NamesFileLineAndColumnOfABadRow) {
  std::string doc = std::string(kSdkHeader) + "| GOOD | 1 | 0x1 | fine |\n| bad key | 2 | 0x2 | x |\n";
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.en.md", doc)),
            "web-sdk-v4-errors.en.md:4: Key: 'bad key' is not an error key (A-Z, 0-9, _)");
  doc = std::string(kSdkHeader) + "| KEY | 16 | 0x11 | x |\n";
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.en.md", doc)),
            "web-sdk-v4-errors.en.md:3: Error Code: 0x11 is 17 but the code is 16");
  doc = std::string(kSdkHeader) + "| KEY | sixteen | 0x10 | x |\n";
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.zh.md", doc)),
            "web-sdk-v4-errors.zh.md:3: getCode: 'sixteen' is not an integer code");
  doc = std::string(kSdkHeader) + "| KEY | 16 | 0x10 |  |\n";
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.ja.md", doc)), "web-sdk-v4-errors.ja.md:3: Description: empty cell");
}

TEST(ImportMalformed, ReportsDuplicateRowsAndCrossLocaleConflicts) {
  std::string doc = std::string(kSdkHeader) + "| KEY | 16 | 0x10 | a |\n| KEY | 16 | 0x10 | b |\n";
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.en.md", doc)),
            "web-sdk-v4-errors.en.md:4: duplicate row for web-v4/sdk/KEY (first at web-sdk-v4-errors.en.md:3)");
  SourceDoc docs[] = {{"web-sdk-v4-errors.en.md", std::string(kSdkHeader) + "| KEY | 16 | 0x10 | a |\n"},
                      {"web-sdk-v4-errors.zh.md", std::string(kSdkHeader) + "| KEY | 17 | 0x11 | b |\n"}};
  EXPECT_EQ(Only(DocumentDiagnostics(docs)),
            "web-sdk-v4-errors.zh.md:3: code of web-v4/sdk/KEY differs from web-sdk-v4-errors.en.md:3");
}

TEST(ImportMalformed, ReportsUnknownTablesDocumentsAndHeadings) {
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.en.md", "| a | b | c | d | e |\n|-|-|-|-|-|\n| 1 | 2 | 3 | 4 | 5 |\n")),
            "web-sdk-v4-errors.en.md:1: unrecognised table layout (5 columns)");
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.fr.md", "")), "web-sdk-v4-errors.fr.md: not a source document name");
  EXPECT_EQ(Only(ImportOne("roomengine-errors.en.txt", "Mystery Section\nError Code\nDescription\n-1\nx\n")),
            "roomengine-errors.en.txt:2: listing under an unrecognised heading");
}

TEST(ImportMalformed, InvalidUtf8IsRejectedWithItsLine) {
  EXPECT_EQ(Only(ImportOne("web-sdk-v4-errors.ko.md", "| A | B |\n|--|--|\n| 1 | \xc3 |\n")),
            "web-sdk-v4-errors.ko.md:3: invalid UTF-8 at byte 24; document skipped");
}

TEST(ImportMalformed, BinaryGarbageGivesDiagnosticsNotACrash) {
  std::string garbage("| \x01\x02 | \x00 |\n|--|--|\n| \x7f | 0x |\n", 26);
  Diagnostics diagnostics = ImportOne("web-sdk-v4-errors.ko.md", garbage);
  EXPECT_FALSE(diagnostics.empty());
}

}  // namespace
}  // namespace trtc::catalog
