#include "harness/catalog/source_docs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseInt, AcceptsWholeDecimalAndHexOnly) {
  EXPECT_EQ(ParseInt("-10011"), -10011);
  EXPECT_EQ(ParseInt("0"), 0);
  EXPECT_EQ(ParseInt("0x404a", true), 0x404a);
  EXPECT_EQ(ParseInt("0XFFFF", true), 0xFFFF);
  EXPECT_EQ(ParseInt("0x10", false), std::nullopt);
  EXPECT_EQ(ParseInt("12a"), std::nullopt);
  EXPECT_EQ(ParseInt("--1"), std::nullopt);
  EXPECT_EQ(ParseInt("+1"), std::nullopt);
  EXPECT_EQ(ParseInt(""), std::nullopt);
  EXPECT_EQ(ParseInt("-"), std::nullopt);
  EXPECT_EQ(ParseInt("99999999999"), std::nullopt);
  EXPECT_EQ(ParseInt("-2147483648"), -2147483647 - 1);
}

TEST(ReadPipeTables, ReadsHeaderAndRowsWithLineNumbers) {
  Diagnostics diagnostics;
  auto tables =
      ReadPipeTables("intro\n| A | B |\n|:--|--:|\n| 1 | x \\| y |\n|2|z|\n\n| not | a table |\n", "t.md", diagnostics);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_EQ(tables[0].line, 2);
  EXPECT_THAT(tables[0].header, ElementsAre("A", "B"));
  ASSERT_EQ(tables[0].rows.size(), 2u);
  EXPECT_EQ(tables[0].rows[0].line, 4);
  EXPECT_THAT(tables[0].rows[0].cells, ElementsAre("1", "x \\| y"));
  EXPECT_THAT(tables[0].rows[1].cells, ElementsAre("2", "z"));
}

TEST(ReadPipeTables, ReportsRowsWithTheWrongCellCount) {
  Diagnostics diagnostics;
  auto tables = ReadPipeTables("| A | B |\r\n|---|---|\r\n| 1 | 2 | 3 |\r\n| 4 | 5 |\r\n", "t.md", diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(), "t.md:3: table row has 3 cells, its header has 2");
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows.size(), 1u);
}

TEST(ReadCodeListings, PairsCodesWithDescriptionsAndKeepsTheHeading) {
  Diagnostics diagnostics;
  auto listings = ReadCodeListings(
      "General\n\nError Code\nDescription\n0\nOK\n-1\nBad\n\nNext Section\nError code\n"
      "Description\n7\nSeven\n",
      "r.txt", diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  ASSERT_EQ(listings.size(), 2u);
  EXPECT_EQ(listings[0].context, "General");
  EXPECT_EQ(listings[0].line, 3);
  ASSERT_EQ(listings[0].rows.size(), 2u);
  EXPECT_THAT(listings[0].rows[1].cells, ElementsAre("-1", "Bad"));
  EXPECT_EQ(listings[0].rows[1].line, 7);
  EXPECT_EQ(listings[1].context, "Next Section");
  EXPECT_THAT(listings[1].rows[0].cells, ElementsAre("7", "Seven"));
}

TEST(ReadCodeListings, ReportsACodeWithoutDescription) {
  Diagnostics diagnostics;
  auto listings = ReadCodeListings("H\nError Code\nDescription\n1\n2\nTwo\n3\n", "r.txt", diagnostics);
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_THAT(diagnostics[0].ToString(), HasSubstr("r.txt:4: description: code 1 is not followed"));
  EXPECT_THAT(diagnostics[1].ToString(), HasSubstr("r.txt:7: description: code 3"));
  ASSERT_EQ(listings.size(), 1u);
  EXPECT_EQ(listings[0].rows.size(), 1u);
}

}  // namespace
}  // namespace trtc::catalog
