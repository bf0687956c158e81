#include "harness/cli/cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/catalog/importer.h"
#include "harness/common/file_io.h"

namespace trtc::cli {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::filesystem::path kFixtures = TRTC_FIXTURES_DIR;

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

CliRun Cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(CatalogShow, PrintsTheDocumentedJapaneseText) {
  CliRun run = Cli({"catalog", "show", "70001", "--locale", "ja"});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_THAT(run.out, HasSubstr("ja: UserSigが期限切れです。再度生成をお試しください。"));
  EXPECT_THAT(run.out, HasSubstr("handling: regenerate-usersig"));
  EXPECT_THAT(run.out, HasSubstr("surfaces as: extra code of SIGNAL_CAHNNEL_SETUP_FAILED (16385)"));
  EXPECT_THAT(run.out, Not(HasSubstr("zh:")));
}

TEST(CatalogShow, PrintsAllFourLocalesOfAKey) {
  CliRun run = Cli({"catalog", "show", "SIGNAL_CAHNNEL_SETUP_FAILED"});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_THAT(run.out,
              AllOf(HasSubstr("en: Failed to establish the signaling channel"), HasSubstr("zh: 信令通道建立失败"),
                    HasSubstr("ja: シグナリングチャネルの確立に失敗しました"), HasSubstr("ko: 신호 채널 설정 실패")));
}

TEST(CatalogShow, NegativeCodesAreNotTakenForFlags) {
  CliRun run = Cli({"catalog", "show", "-10013"});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_THAT(run.out, HasSubstr("web-v4/join-room/-10013"));
  EXPECT_THAT(run.out, HasSubstr("surfaces as: extra code of JOIN_ROOM_FAILED (16388)"));
}

TEST(CatalogShow, RawPrintsTheMarkupAsDocumented) {
  CliRun run = Cli({"catalog", "show", "0x4006", "--locale", "zh", "--raw"});
  EXPECT_THAT(run.out, HasSubstr(R"(<ul style="margin:0"><li/>说明)"));
}

TEST(CatalogShow, UnknownCodeFailsWithOneLine) {
  CliRun run = Cli({"catalog", "show", "12345"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_THAT(run.out, IsEmpty());
  EXPECT_EQ(run.err, "trtc-harness: error: no catalog entry for '12345' (try `trtc-harness catalog list`)\n");
}

TEST(CatalogShow, TheVendorSdksOwnNamesAreNamedNotLeftAsNumbers) {
  CliRun own = Cli({"catalog", "show", "0x404B"});
  EXPECT_EQ(own.exit_code, kExitFailure);
  EXPECT_THAT(own.err,
              HasSubstr("0x404B API_CALL_TIMEOUT is not in the documents: it is trtc-js-sdk 4.15.22's own code"));
  CliRun spelled = Cli({"catalog", "show", "SIGNAL_CHANNEL_SETUP_FAILED"});
  EXPECT_EQ(spelled.exit_code, 0);
  EXPECT_THAT(spelled.out, HasSubstr("is trtc-js-sdk 4.15.22's spelling of SIGNAL_CAHNNEL_SETUP_FAILED"));
  EXPECT_THAT(spelled.out, HasSubstr("web-v4/sdk/SIGNAL_CAHNNEL_SETUP_FAILED  code 16385"));
}

TEST(CatalogShow, AnEntryMissingFromTheLocaleFails) {
  CliRun run = Cli({"catalog", "show", "PLAY_NOT_ALLOWED", "--locale", "en"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_THAT(run.out, HasSubstr("en: not documented (documented in zh,ja,ko)"));
  EXPECT_THAT(run.err, HasSubstr("is not documented in en"));
}

TEST(CatalogLocales, ListsWhatEachLocaleLacks) {
  CliRun run = Cli({"catalog", "locales"});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_THAT(run.out, HasSubstr("en lacks 26 entries"));
  EXPECT_THAT(run.out, testing::ContainsRegex("web-v4/join-room/-100027 +only ja"));
  CliRun json = Cli({"catalog", "locales", "--json"});
  EXPECT_THAT(json.out, HasSubstr(R"("web-v4/join-room/-100027": "ja")"));
}

TEST(CatalogList, FiltersByFamilyAndTable) {
  CliRun run = Cli({"catalog", "list", "--table", "join-room"});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 10);
  EXPECT_THAT(run.out, HasSubstr("check-privatemapkey"));
  CliRun rest = Cli({"catalog", "list", "--family", "rest"});
  EXPECT_EQ(std::count(rest.out.begin(), rest.out.end(), '\n'), 27);
}

TEST(CatalogExport, PrintsTheCommittedCatalog) {
  CliRun run = Cli({"catalog", "export"});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_EQ(run.out, ReadFile(catalog::CatalogPath(kFixtures)).value());
}

TEST(CatalogImport, CheckPassesOnTheFixturesAndFailsOnAStaleCatalog) {
  CliRun ok = Cli({"catalog", "import", "--fixtures", kFixtures.string(), "--check"});
  EXPECT_EQ(ok.exit_code, kExitOk) << ok.err;

  std::filesystem::path stale = std::filesystem::path(testing::TempDir()) / "stale-catalog.json";
  ASSERT_TRUE(WriteFile(stale, "{}\n"));
  CliRun run = Cli({"catalog", "import", "--fixtures", kFixtures.string(), "--out", stale.string(), "--check"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_THAT(run.err, HasSubstr("is stale: run `trtc-harness catalog import`"));

  CliRun write = Cli({"catalog", "import", "--fixtures", kFixtures.string(), "--out", stale.string()});
  EXPECT_EQ(write.exit_code, kExitOk) << write.err;
  EXPECT_EQ(ReadFile(stale), ReadFile(catalog::CatalogPath(kFixtures)));
}

TEST(CatalogSummary, CountsEveryHandlingAction) {
  CliRun run = Cli({"catalog", "summary"});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_THAT(run.out, HasSubstr("error catalog: 187 entries"));
  EXPECT_THAT(run.out, testing::ContainsRegex("retry-after +2\n"));
}

TEST(Usage, BadFlagsExitTwoWithOneLine) {
  CliRun run = Cli({"catalog", "show", "1", "--bogus"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_EQ(Cli({}).exit_code, kExitUsage);
  CliRun unknown = Cli({"catalog", "bogus"});
  EXPECT_EQ(unknown.exit_code, kExitUsage);
  EXPECT_EQ(unknown.err,
            "trtc-harness: error: unknown command 'bogus' (commands: show, list, locales, export, summary, actions, "
            "import)\n");
  EXPECT_THAT(Cli({"nope"}).err, HasSubstr("unknown command 'nope' (commands: catalog, usersig, serve, list, run, "
                                           "coverage, gate, report-merge, report-standing)"));
  EXPECT_EQ(Cli({"catalog", "list", "--table", "desk"}).exit_code, kExitUsage);
  EXPECT_EQ(Cli({"catalog", "show", "1", "--locale", "fr"}).exit_code, kExitUsage);
}

TEST(Usage, HelpWorksOnEverySubcommand) {
  for (auto args :
       std::vector<std::vector<std::string>>{{"--help"}, {"catalog", "--help"}, {"catalog", "show", "--help"}}) {
    CliRun run = Cli(args);
    EXPECT_EQ(run.exit_code, kExitOk);
    EXPECT_THAT(run.out, HasSubstr("Usage:"));
  }
}

TEST(Serve, ABadConfigFileIsNamedWithLineAndFieldAndNothingStarts) {
  std::filesystem::path config = std::filesystem::path(testing::TempDir()) / "apps.json";
  std::ofstream(config) << "{\n  \"apps\": [\n    {\"sdkAppId\": 7, \"secretKey\": 5}\n  ]\n}\n";
  CliRun run = Cli({"serve", "--config", config.string()});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_EQ(run.err, "trtc-harness: error: " + config.string() + ":3: apps[0].secretKey: must be a string\n");
}

TEST(Serve, ABadFaultsFileIsNamedWithLineAndField) {
  std::filesystem::path faults = std::filesystem::path(testing::TempDir()) / "faults.json";
  std::ofstream(faults) << "[\n  {\"on\": \"join\", \"action\": {\"kind\": \"reply\"}}\n]\n";
  CliRun run = Cli({"serve", "--faults", faults.string()});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_EQ(run.err, "trtc-harness: error: " + faults.string() + ":2: [0].action.code: is required for reply\n");
}

TEST(Serve, ANonLoopbackBindWithoutATokenIsRefused) {
  CliRun run = Cli({"serve", "--bind", "0.0.0.0"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_THAT(run.err, HasSubstr("needs a control token (--control-token)"));
}

TEST(Usage, ABrokenCatalogFileIsReported) {
  std::filesystem::path broken = std::filesystem::path(testing::TempDir()) / "broken-catalog.json";
  ASSERT_TRUE(WriteFile(broken, "not json"));
  CliRun run = Cli({"--catalog", broken.string(), "catalog", "show", "1"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  EXPECT_THAT(run.err, HasSubstr("not a JSON object"));
}

}  // namespace
}  // namespace trtc::cli

namespace trtc::cli {
namespace {

TEST(UserSigCommand, GeneratesATokenThatVerifies) {
  CliRun gen = Cli({"usersig", "gen", "--sdkappid", "1400000001", "--user", "alice", "--key", "k", "--time", "100"});
  ASSERT_EQ(gen.exit_code, kExitOk) << gen.err;
  std::string token = gen.out.substr(0, gen.out.find('\n'));
  CliRun ok =
      Cli({"usersig", "verify", token, "--sdkappid", "1400000001", "--user", "alice", "--key", "k", "--time", "200"});
  EXPECT_EQ(ok.exit_code, kExitOk);
  EXPECT_THAT(ok.out, HasSubstr("verdict     valid"));
  CliRun expired =
      Cli({"usersig", "verify", token, "--sdkappid", "1400000001", "--user", "alice", "--key", "k", "--time", "86501"});
  EXPECT_EQ(expired.exit_code, kExitFailure);
  EXPECT_THAT(expired.out, HasSubstr("verdict     70001"));
  EXPECT_THAT(expired.out, HasSubstr("handling    regenerate-usersig"));
}

TEST(UserSigCommand, PrivateMapKeyShowsItsRoomAndPrivileges) {
  CliRun gen = Cli({"usersig", "gen", "--sdkappid", "7", "--user", "bob", "--key", "k", "--time", "0", "--room-name",
                    "r-1", "--privileges", "42"});
  ASSERT_EQ(gen.exit_code, kExitOk) << gen.err;
  CliRun run = Cli({"usersig", "verify", gen.out.substr(0, gen.out.find('\n')), "--sdkappid", "7", "--user", "bob",
                    "--key", "k", "--time", "0"});
  EXPECT_THAT(run.out, HasSubstr("room \"r-1\", privileges 0x2a"));
}

TEST(UserSigCommand, VerifyJsonGivesTheFieldsTheCodeAndWhy) {
  CliRun gen = Cli({"usersig", "gen", "--sdkappid", "1400000001", "--user", "alice", "--key", "k", "--time", "100"});
  ASSERT_EQ(gen.exit_code, kExitOk) << gen.err;
  CliRun run = Cli({"usersig", "verify", gen.out.substr(0, gen.out.find('\n')), "--sdkappid", "1400000001", "--user",
                    "bob", "--key", "k", "--time", "200", "--json"});
  EXPECT_EQ(run.exit_code, kExitFailure);
  auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["valid"], false);
  EXPECT_EQ(json["token"]["identifier"], "alice");
  EXPECT_EQ(json["token"]["expiresAt"], 100 + 86400);
  EXPECT_EQ(json["entry"], "web-v4/account/" + json["code"].dump());
  EXPECT_FALSE(json["reason"].get<std::string>().empty());
  EXPECT_FALSE(json["handling"].get<std::string>().empty());
}

TEST(UserSigCommand, MissingKeyIsAUsageError) {
  unsetenv("TRTC_SECRET_KEY");
  CliRun run = Cli({"usersig", "gen", "--sdkappid", "1", "--user", "a"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_EQ(run.err, "trtc-harness: error: no secret key: pass --key or set TRTC_SECRET_KEY\n");
}

TEST(ScenarioCommands, CoverageListAndRun) {
  CliRun coverage = Cli({"coverage"});
  EXPECT_EQ(coverage.exit_code, kExitOk) << coverage.err;
  EXPECT_THAT(coverage.out, HasSubstr("187 of 187 catalog entries covered"));
  CliRun list = Cli({"list", "web-v4/common/*"});
  EXPECT_THAT(list.out, HasSubstr("web-v4/common/join-timeout"));
  EXPECT_THAT(list.out, testing::Not(HasSubstr("roomengine/")));
  CliRun run = Cli({"run", "web-v4/common/join-timeout", "--locale", "ja"});
  EXPECT_EQ(run.exit_code, kExitOk) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("PASS web-v4/common/join-timeout [ja]"));
  EXPECT_THAT(run.out, HasSubstr("1 scenario run(s): 1 passed, 0 failed"));
}

TEST(ScenarioCommands, RunReportsNoMatchAndABrokenClient) {
  CliRun none = Cli({"run", "no/such/*"});
  EXPECT_EQ(none.exit_code, kExitUsage);
  EXPECT_EQ(none.err, "trtc-harness: error: no scenario matches (trtc-harness list shows them)\n");
  CliRun broken = Cli({"run", "web-v4/common/join-timeout", "--client", "exit 3"});
  EXPECT_EQ(broken.exit_code, kExitFailure);
  EXPECT_THAT(broken.out, HasSubstr("the client did not start: the client exited before it was ready"));
  EXPECT_EQ(Cli({"run", "--locale", "fr"}).exit_code, kExitUsage);
}

}  // namespace
}  // namespace trtc::cli

namespace trtc::cli {
namespace {

std::filesystem::path Scratch(const std::string& name) {
  auto dir = std::filesystem::path(testing::TempDir()) / ("gate-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(Gate, ReferenceClientPassesAndWritesEveryReport) {
  auto dir = Scratch("pass");
  CliRun run = Cli({"gate", "web-v4/join/*", "--locale", "en", "--report-dir", dir.string()});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_THAT(run.out, HasSubstr("0 failed"));
  EXPECT_THAT(run.out, HasSubstr("verdict: PASS (exit 0)"));
  for (const char* file : {"report.json", "junit.xml", "report.html"})
    EXPECT_TRUE(std::filesystem::file_size(dir / file) > 0) << file;
}

TEST(Gate, BadUsageIsExitTwoWithOneLine) {
  CliRun shard = Cli({"gate", "--shard", "4/3"});
  EXPECT_EQ(shard.exit_code, kExitUsage);
  EXPECT_THAT(shard.err, HasSubstr("trtc-harness: error: --shard wants i/n with 1 <= i <= n"));
  CliRun fix = Cli({"gate", "--shard", "1/2", "--known-failures", "k.txt", "--fix-known-failures"});
  EXPECT_EQ(fix.exit_code, kExitUsage);
  EXPECT_THAT(fix.err, HasSubstr("needs --known-failures FILE and an unsharded run"));
}

// A known-failures line pins how the run fails: --fix-known-failures writes the signature,
// the gate then passes while the client fails that way and fails when it fails otherwise.
TEST(Gate, FixKnownFailuresWritesSignaturesAndAChangedFailureFailsTheGate) {
  auto dir = Scratch("signature");
  const std::string known = (dir / "known.txt").string();
  std::ofstream(known) << "# ours\nweb-v4/join/arrears  # SDK-1: wrong extra code\n";
  auto gate = [&](const std::string& breakage, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"gate",
                                     "web-v4/join/arrears",
                                     "--locale",
                                     "en",
                                     "--client",
                                     std::string(TRTC_REFCLIENT) + " --broken " + breakage,
                                     "--known-failures",
                                     known,
                                     "--report-dir",
                                     dir.string()};
    args.insert(args.end(), more.begin(), more.end());
    return Cli(args);
  };
  CliRun listed = gate("wrong-extra-code");
  EXPECT_EQ(listed.exit_code, kExitOk) << listed.out << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("1 of 1 known failure(s) in " + known + " have no signature"));

  CliRun fix = gate("wrong-extra-code", {"--fix-known-failures"});
  EXPECT_EQ(fix.exit_code, kExitOk) << fix.out << fix.err;
  EXPECT_EQ(ReadFile(known),
            "# ours\nweb-v4/join/arrears  [documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006]  "
            "# SDK-1: wrong extra code\n");

  CliRun same = gate("wrong-extra-code");
  EXPECT_EQ(same.exit_code, kExitOk) << same.out << same.err;
  EXPECT_THAT(same.out, Not(HasSubstr("have no signature")));

  CliRun changed = gate("swallowed", {"--patience-ms", "200"});
  EXPECT_EQ(changed.exit_code, kExitFailure) << changed.out << changed.err;
  EXPECT_THAT(changed.out,
              HasSubstr("known failure changed: web-v4/join/arrears@en: listed as [documented-error: web-v4 0x4004 "
                        "extra 10007 for web-v4/join-room/10006], now [documented-error: nothing for "
                        "web-v4/join-room/10006"));
  auto report = nlohmann::json::parse(ReadFile(dir / "report.json").value());
  EXPECT_EQ(report["cases"][0]["outcome"], "known-failure-changed");
  EXPECT_EQ(report["counts"]["knownFailuresChanged"], 1);
  EXPECT_EQ(report["cases"][0]["knownFailureSignature"],
            "documented-error: web-v4 0x4004 extra 10007 for web-v4/join-room/10006");
}

TEST(Gate, AKnownFailuresFileNamingNoScenarioIsRejectedWithItsLine) {
  auto dir = Scratch("known");
  std::ofstream(dir / "known.txt") << "# ours\nweb-v4/join/arrears\nweb-v4/join/nope  # typo\n";
  CliRun run = Cli({"gate", "--known-failures", (dir / "known.txt").string(), "--report-dir", dir.string()});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.err, HasSubstr("known.txt:3: no scenario has the id 'web-v4/join/nope'"));
}

TEST(Gate, AClientThatCannotStartIsBrokenExitTwo) {
  auto dir = Scratch("broken");
  CliRun run = Cli({"gate", "--client", (dir / "no-such-client").string(), "--report-dir", dir.string()});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.out, HasSubstr("verdict: the client is broken (exit 2): the client did not start"));
}

TEST(ReportMerge, RefusesWhatIsNotAReportAndIncompleteShards) {
  auto dir = Scratch("merge");
  std::ofstream(dir / "x.json") << "[1, 2]";
  CliRun bad = Cli({"report-merge", (dir / "x.json").string(), "--report-dir", dir.string()});
  EXPECT_EQ(bad.exit_code, kExitUsage);
  EXPECT_THAT(bad.err, HasSubstr("x.json: not a trtc-conformance report"));
  CliRun shard =
      Cli({"gate", "web-v4/join/*", "--locale", "en", "--shard", "1/2", "--report-dir", (dir / "one").string()});
  ASSERT_EQ(shard.exit_code, kExitOk) << shard.err;
  CliRun partial = Cli({"report-merge", (dir / "one" / "report.json").string(), "--report-dir", dir.string()});
  EXPECT_EQ(partial.exit_code, kExitUsage);
  EXPECT_THAT(partial.err, HasSubstr("1 of 2 shards given"));
}

}  // namespace
}  // namespace trtc::cli
