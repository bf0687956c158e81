#include "harness/common/json_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "harness/common/json_lines.h"

namespace trtc {
namespace {

using nlohmann::json;
using testing::ElementsAre;

// "kind pointer field: reason" for each problem, to compare in one expectation.
std::vector<std::string> Lines(const JsonProblems& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems.list()) {
    static constexpr const char* kKinds[] = {"missing", "wrong-type", "invalid", "unknown", "not-object"};
    out.push_back(std::string(kKinds[static_cast<int>(p.kind)]) + " " + p.pointer + " " + p.field + ": " + p.reason);
  }
  return out;
}

TEST(JsonFields, ReadsTypedMembers) {
  const json doc = json::parse(
      R"({"s":"x","b":true,"i":-3,"u":7,"d":0.5,"any":[1],"list":["a","b"],"set":["b","a","b"],"opt":"o"})");
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields f(doc, "", problems);
  std::string s;
  bool b = false;
  int i = 0;
  std::uint16_t u = 0;
  double d = 0;
  json any;
  std::vector<std::string> list;
  std::set<std::string> set;
  std::optional<std::string> opt, absent;
  EXPECT_TRUE(f.Read("s", s, Presence::kRequired));
  EXPECT_TRUE(f.Read("b", b));
  EXPECT_TRUE(f.Read("i", i));
  EXPECT_TRUE(f.Read("u", u));
  EXPECT_TRUE(f.Read("d", d));
  EXPECT_TRUE(f.Read("any", any));
  EXPECT_TRUE(f.Read("list", list));
  EXPECT_TRUE(f.Read("set", set));
  EXPECT_TRUE(f.Read("opt", opt));
  EXPECT_FALSE(f.Read("absent", absent));
  f.RejectUnknownFields();
  EXPECT_TRUE(problems.empty()) << testing::PrintToString(Lines(problems));
  EXPECT_EQ(s, "x");
  EXPECT_TRUE(b);
  EXPECT_EQ(i, -3);
  EXPECT_EQ(u, 7);
  EXPECT_EQ(d, 0.5);
  EXPECT_EQ(any, json::array({1}));
  EXPECT_THAT(list, ElementsAre("a", "b"));
  EXPECT_THAT(set, ElementsAre("a", "b"));
  EXPECT_EQ(opt, "o");
  EXPECT_EQ(absent, std::nullopt);
}

TEST(JsonFields, NamesEachKindOfProblem) {
  const json doc = json::parse(R"({"s":1,"n":"x","extra":0})");
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields f(doc, "/top", problems);
  std::string s = "kept";
  int n = 0;
  f.Read("s", s);
  f.Read("n", n);
  f.Read("gone", n, Presence::kRequired);
  f.Complain("n", "my own reason");
  f.RejectUnknownFields();
  JsonFields not_object(doc["s"], "/top/s", problems);
  EXPECT_THAT(
      Lines(problems),
      ElementsAre("wrong-type /top/s top.s: must be a string", "wrong-type /top/n top.n: must be an integer",
                  "missing /top/gone top.gone: is required", "invalid /top/n top.n: my own reason",
                  "unknown /top/extra top.extra: is not a field here", "not-object /top/s top.s: must be an object"));
  EXPECT_EQ(s, "kept");  // a value of the wrong type leaves the target alone
}

TEST(JsonFields, ChecksIntegerRanges) {
  const json doc = json::parse(R"({"big":3000000000,"neg":-1,"huge":18446744073709551615,"float":1.5,"exp":1e300})");
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields f(doc, "", problems);
  std::int32_t i32 = 0;
  std::uint64_t u64 = 0;
  std::int64_t i64 = 0;
  const std::vector<bool> read = {f.Read("big", i32),  f.Read("neg", u64),   f.Read("huge", i64),
                                  f.Read("huge", u64), f.Read("float", i64), f.Read("exp", i64)};
  EXPECT_THAT(read, ElementsAre(false, false, false, true, false, false));
  EXPECT_THAT(Lines(problems),
              ElementsAre("invalid /big big: must be between -2147483648 and 2147483647",
                          "invalid /neg neg: must not be negative",
                          "invalid /huge huge: must be between -9223372036854775808 and "
                          "9223372036854775807",
                          "wrong-type /float float: must be an integer", "wrong-type /exp exp: must be an integer"));
  EXPECT_EQ(u64, std::numeric_limits<std::uint64_t>::max());
}

TEST(JsonFields, NeverThrowsOnNumbersOutOfRange) {
  // The parser refuses 1e999 without throwing, and names its line.
  EXPECT_TRUE(json::parse(R"({"a": 1e999})", nullptr, false).is_discarded());
  EXPECT_EQ(JsonSyntaxProblem("{\n\"a\": 1e999}").first, 2);
  // A document built in code can still hold an infinity.
  const json doc = {{"inf", std::numeric_limits<double>::infinity()}};
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields f(doc, "", problems);
  double d = 0;
  int i = 0;
  EXPECT_FALSE(f.Read("inf", d));
  EXPECT_FALSE(f.Read("inf", i));
  EXPECT_THAT(Lines(problems),
              ElementsAre("invalid /inf inf: must be a finite number", "wrong-type /inf inf: must be an integer"));
}

// Two members of the wrong type and a missing one, read under `policy`.
JsonProblems ReadWrongMembers(ProblemPolicy policy) {
  const json doc = json::parse(R"({"a":1,"b":2})");
  JsonProblems problems(policy);
  JsonFields f(doc, "/data", problems);
  std::string a, b;
  f.Read("a", a);
  f.Read("b", b);
  f.Read("c", b, Presence::kRequired);
  f.RejectUnknownFields();
  return problems;
}

TEST(JsonFields, StopAtFirstKeepsOnlyTheFirstProblem) {
  const JsonProblems problems = ReadWrongMembers(ProblemPolicy::kStopAtFirst);
  EXPECT_TRUE(problems.stopped());
  EXPECT_THAT(Lines(problems), ElementsAre("wrong-type /data/a data.a: must be a string"));
  EXPECT_EQ(FirstProblemText(problems), "data.a: must be a string");
}

TEST(JsonFields, KeepAllKeepsEveryProblem) {
  const JsonProblems problems = ReadWrongMembers(ProblemPolicy::kKeepAll);
  EXPECT_FALSE(problems.stopped());
  EXPECT_THAT(Lines(problems),
              ElementsAre("wrong-type /data/a data.a: must be a string", "wrong-type /data/b data.b: must be a string",
                          "missing /data/c data.c: is required"));
}

TEST(JsonFields, AllowedAndNamedKnownMembers) {
  const json doc = json::parse(R"({"a":"x","note":"y","typo":1})");
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields f(doc, "", problems);
  std::string a;
  f.Read("a", a);
  f.Allow("note");
  f.RejectUnknownFieldsNamingKnown();
  EXPECT_THAT(Lines(problems), ElementsAre("unknown /typo typo: is not a field here (known: a, note)"));
}

TEST(JsonFields, ReadsNestedObjectsAndArrays) {
  const std::string text = R"({
  "apps": [
    {"id": "a"},
    7,
    {"id": 3}
  ],
  "limits": {"max": "x"}
})";
  const json doc = json::parse(text);
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields root(doc, "", problems);
  std::vector<std::string> ids;
  root.EachObject("apps", Presence::kRequired, [&](JsonFields& app) {
    std::string id;
    if (app.Read("id", id)) ids.push_back(id);
  });
  if (auto limits = root.Object("limits")) {
    int max = 0;
    limits->Read("max", max);
  }
  root.FindArray("limits");
  EXPECT_THAT(ids, ElementsAre("a"));
  EXPECT_THAT(Lines(problems), ElementsAre("not-object /apps/1 apps[1]: must be an object",
                                           "wrong-type /apps/2/id apps[2].id: must be a string",
                                           "wrong-type /limits/max limits.max: must be an integer",
                                           "wrong-type /limits limits: must be an array"));
  const JsonLines lines(text);
  std::vector<std::string> diagnostics;
  for (const auto& d : ToDiagnostics(problems, "f.json", lines)) diagnostics.push_back(d.ToString());
  EXPECT_THAT(diagnostics,
              ElementsAre("f.json:4: apps[1]: must be an object", "f.json:5: apps[2].id: must be a string",
                          "f.json:7: limits.max: must be an integer", "f.json:7: limits: must be an array"));
}

TEST(JsonFields, FieldsOfPointers) {
  EXPECT_EQ(FieldOfPointer(""), "");
  EXPECT_EQ(FieldOfPointer("/2/action/kind"), "[2].action.kind");
  EXPECT_EQ(FieldOfPointer("/steps/2/args/roomId"), "steps[2].args.roomId");
  EXPECT_EQ(FieldOfPointer("/a~1b/c~0d"), "a/b.c~d");
  EXPECT_EQ(ChildPointer("/x", "a/b~c"), "/x/a~1b~0c");
  EXPECT_EQ(FieldOfPointer(ChildPointer("", "TLS.ver")), "TLS.ver");
}

TEST(JsonFields, NotAnObjectReadsAsEmpty) {
  const json doc = json::parse("[1,2]");
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields f(doc, "", problems);
  std::string s;
  EXPECT_FALSE(f.Read("a", s, Presence::kRequired));
  f.RejectUnknownFields();
  EXPECT_THAT(Lines(problems), ElementsAre("not-object  : must be an object"));
}

}  // namespace
}  // namespace trtc
