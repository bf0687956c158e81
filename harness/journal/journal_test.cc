#include "harness/journal/journal.h"

#include <gtest/gtest.h>

namespace trtc::journal {
namespace {

Entry Request(std::int64_t at_ms, std::string type, std::string user, std::uint64_t connection = 1) {
  Entry e;
  e.at_ms = at_ms;
  e.kind = Kind::kRequest;
  e.server = "signaling";
  e.connection = connection;
  e.type = std::move(type);
  e.user = std::move(user);
  return e;
}

Entry Answer(std::int64_t at_ms, std::string type, int code, std::uint64_t connection = 1) {
  Entry e = Request(at_ms, std::move(type), "", connection);
  e.kind = Kind::kAnswer;
  e.code = code;
  return e;
}

TEST(Journal, NumbersEntriesInRecordingOrder) {
  Journal journal;
  journal.Record(Request(5, "hello", "alice"));
  journal.Record(Request(1, "join", "alice"));
  auto entries = journal.Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].seq, 1u);
  EXPECT_EQ(entries[1].seq, 2u);
  EXPECT_EQ(entries[1].type, "join");
}

TEST(Journal, DropsTheOldestTenthWhenFull) {
  Journal journal;
  for (std::size_t i = 0; i < Journal::kMaxEntries + 1; ++i) journal.Record(Request(0, "heartbeat", "alice"));
  auto entries = journal.Entries();
  EXPECT_EQ(entries.size(), Journal::kMaxEntries - Journal::kMaxEntries / 10 + 1);
  EXPECT_EQ(entries.back().seq, Journal::kMaxEntries + 1);
}

TEST(JournalView, FiltersCountsAndIntervals) {
  Journal journal;
  journal.Record(Request(0, "hello", "alice"));
  journal.Record(Answer(0, "hello", 70001));
  journal.Record(Request(2000, "hello", "alice"));
  journal.Record(Request(2500, "hello", "bob", 2));
  journal.Record(Request(5000, "hello", "alice"));
  View all(journal.Entries());
  auto alice = all.OfKind(Kind::kRequest).OfType("hello").ByUser("alice");
  EXPECT_EQ(alice.count(), 3u);
  EXPECT_EQ(alice.Intervals(), (std::vector<std::int64_t>{2000, 3000}));
  EXPECT_EQ(alice.AfterSeq(2).count(), 2u);
  EXPECT_EQ(alice.BeforeSeq(3).count(), 1u);
  EXPECT_EQ(alice.Within(1000, 5000).count(), 1u);
  ASSERT_NE(all.AnswerTo(*alice.first()), nullptr);
  EXPECT_EQ(all.AnswerTo(*alice.first())->code, 70001);
  EXPECT_EQ(all.AnswerTo(*alice.last()), nullptr);
}

TEST(JournalDescribe, NamesKindTypeUserAndCode) {
  Entry e = Answer(7, "join", -10013);
  e.seq = 4;
  e.user = "alice";
  EXPECT_EQ(Describe(e), "#4 @7 signaling#1 answer join user=alice code=-10013");
}

}  // namespace
}  // namespace trtc::journal
