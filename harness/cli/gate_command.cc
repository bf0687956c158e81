// `gate` (run the suite against a client and decide whether it may ship) and
// `report-merge` (combine the reports of sharded gates). Exit codes: docs/gating.md.
#include <fmt/color.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "harness/cli/command_context.h"
#include "harness/cli/suite_selection.h"
#include "harness/common/file_io.h"
#include "harness/gate/suite.h"
#include "harness/report/standing.h"

namespace trtc::cli {
namespace {

struct GateFlags {
  SuiteOptions suite;
  std::string client;
  std::string known_failures;
  bool fix_known_failures = false;
  std::vector<std::string> locales = {"all"};
  std::string report_dir = "trtc-report";
  std::string shard;
  int patience_ms = 5000;
  bool application = false;
  bool strict = false;
  bool fresh_process = false;
  std::optional<std::uint32_t> shuffle_seed;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

// Colour and a rewritten progress line only for a person at a terminal.
bool Interactive() {
  const char* ci = std::getenv("CI");
  return isatty(fileno(stdout)) && isatty(fileno(stderr)) && !(ci && std::string(ci) == "true");
}

bool WriteText(CommandContext& context, const std::filesystem::path& path, std::string_view text) {
  if (WriteFile(path, text)) return true;
  context.Fail("cannot write " + path.string(), kExitUsage);
  return false;
}

// report.json, junit.xml and report.html in `dir`.
bool WriteReports(CommandContext& context, const report::Report& r, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    context.Fail("cannot create the report directory " + dir + ": " + ec.message(), kExitUsage);
    return false;
  }
  const std::filesystem::path root(dir);
  return WriteText(context, root / "report.json",
                   report::ToJson(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n") &&
         WriteText(context, root / "junit.xml", report::ToJUnitXml(r)) &&
         WriteText(context, root / "report.html", report::ToHtml(r));
}

void PrintVerdict(CommandContext& context, const report::Report& r, const std::string& dir) {
  std::ostringstream summary;
  report::WriteSummary(summary, r);
  std::string text = summary.str();
  if (Interactive()) {
    const int verdict = report::Verdict(r);
    const auto colour = verdict == 0 ? fmt::fg(fmt::color::green) : fmt::fg(fmt::color::red);
    const auto at = text.rfind("verdict: ");
    if (at != std::string::npos) text = text.substr(0, at) + fmt::format(colour, "{}", text.substr(at));
  }
  context.out << text;
  if (!dir.empty()) context.out << "reports: " << dir << "/report.html, junit.xml, report.json\n";
}

// The progress: a rewritten line at a terminal; otherwise a line per non-passing run and
// one every tenth of the way, so CI logs stay short.
std::function<void(const report::CaseResult&, std::size_t, std::size_t)> Progress(CommandContext& context) {
  const bool live = Interactive();
  return [&context, live](const report::CaseResult& c, std::size_t done, std::size_t total) {
    const bool notable = c.outcome != report::Outcome::kPassed;
    if (live) {
      if (notable) context.err << fmt::format("\r\033[K{} {} [{}]\n", report::ToString(c.outcome), c.id, c.locale);
      context.err << fmt::format("\r\033[K[{}/{}] {} [{}]", done, total, c.id, c.locale);
      if (done == total) context.err << "\r\033[K";
      context.err.flush();
      return;
    }
    if (notable) context.err << fmt::format("{} {} [{}]\n", report::ToString(c.outcome), c.id, c.locale);
    if (total >= 10 && done % (total / 10) == 0) context.err << fmt::format("… {}/{} runs\n", done, total);
  };
}

std::optional<report::Shard> ShardOf(CommandContext& context, const GateFlags& flags) {
  std::variant<report::Shard, std::string> shard = report::Shard{};
  if (!flags.shard.empty())
    shard = gate::ParseShardFlag(flags.shard);
  else if (auto from_env = gate::ShardFromEnvironment())
    shard = *from_env;
  if (auto* why = std::get_if<std::string>(&shard)) {
    context.Fail(*why, kExitUsage);
    return std::nullopt;
  }
  // GoogleTest's protocol: a runner that shards touches this file to say it understood.
  if (const char* status = std::getenv("GTEST_SHARD_STATUS_FILE")) std::ofstream touch(status, std::ios::app);
  return std::get<report::Shard>(shard);
}

std::optional<gate::KnownFailures> LoadKnownFailures(CommandContext& context, const GateFlags& flags,
                                                     const std::vector<scenario::Scenario>& all) {
  if (flags.known_failures.empty()) return gate::KnownFailures{};
  auto text = ReadFile(flags.known_failures);
  if (!text && flags.fix_known_failures) text = "";  // --fix-known-failures creates it
  if (!text) {
    context.Fail("cannot read the known-failures file " + flags.known_failures, kExitUsage);
    return std::nullopt;
  }
  std::set<std::string> ids;
  for (const auto& s : all) ids.insert(s.id);
  auto parsed = gate::ParseKnownFailures(*text, flags.known_failures, ids);
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    for (const auto& d : *problems) context.err << d.ToString() << "\n";
    context.Fail(fmt::format("{} problem(s) in {}", problems->size(), flags.known_failures), kExitUsage);
    return std::nullopt;
  }
  return std::get<gate::KnownFailures>(std::move(parsed));
}

void FixKnownFailures(CommandContext& context, const gate::KnownFailures& known, const report::Report& r) {
  const auto fixed = gate::RewriteKnownFailures(known, gate::FailingRuns(r), gate::CoveredBy(r));
  if (!WriteText(context, known.file, fixed)) return;
  const auto counts = r.counts();
  context.out << fmt::format(
      "rewrote {}: {} known failure(s) now passing removed, {} new failure(s) added, {} changed signature(s) "
      "updated (check their notes); every failing run's line has its signature\n",
      known.file, counts.now_passing, counts.failed, counts.known_failures_changed);
  context.exit_code = kExitOk;
}

// Entries without a signature accept any failure; say how many, so the file gets them.
void NoteUnsignedEntries(CommandContext& context, const gate::KnownFailures& known) {
  const auto unsigned_entries = std::count_if(known.entries.begin(), known.entries.end(),
                                              [](const gate::KnownFailure& e) { return !e.signature; });
  if (unsigned_entries == 0) return;
  context.out << fmt::format(
      "{} of {} known failure(s) in {} have no signature, so any failure passes for them; "
      "--fix-known-failures writes their signatures\n",
      unsigned_entries, known.entries.size(), known.file);
}

void RunGate(CommandContext& context, const GateFlags& flags) {
  auto shard = ShardOf(context, flags);
  if (!shard) return;
  if (!CheckApplicationFlag(context, flags.client, flags.application)) return;
  // A shard sees a part of every locale's runs: it cannot tell what the whole run found.
  if (flags.fix_known_failures && (flags.known_failures.empty() || shard->total > 1))
    return context.Fail("--fix-known-failures needs --known-failures FILE and an unsharded run", kExitUsage);
  auto locales = ParseLocales(context, flags.locales);
  auto all = context.exit_code == kExitOk ? LoadAll(context, flags.suite) : std::nullopt;
  auto known = all ? LoadKnownFailures(context, flags, *all) : std::nullopt;
  if (!known) return;
  auto selected = Select(context, flags.suite, std::move(*all));
  if (!selected) return;
  gate::SuiteOptions options;
  options.factory = ClientFactoryFor(flags.client, flags.application, flags.fresh_process);
  options.client_label = !flags.client.empty() ? flags.client
                         : flags.application   ? "reference client with its application"
                                               : "reference client";
  options.strict = flags.strict;
  options.locales = locales;
  options.known = flags.known_failures.empty() ? nullptr : &*known;
  options.shard = *shard;
  options.run.patience = std::chrono::milliseconds(flags.patience_ms);
  options.jobs = flags.jobs;
  options.shuffle_seed = flags.shuffle_seed;
  options.on_case = Progress(context);
  auto r = gate::RunSuite(gate::InShard(std::move(*selected), *shard), options);
  if (!WriteReports(context, r, flags.report_dir)) return;
  PrintVerdict(context, r, flags.report_dir);
  context.exit_code = report::Verdict(r);
  if (flags.fix_known_failures && context.exit_code != 2) return FixKnownFailures(context, *known, r);
  NoteUnsignedEntries(context, *known);
}

void AddGate(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "gate", "Run the suite against a client and decide: exit 0 pass, 1 new failure, 2 usage or broken client");
  auto flags = std::make_shared<GateFlags>();
  command->add_option("pattern", flags->suite.patterns, "Scenario ids or globs; all when none");
  AddSuiteFlags(*command, flags->suite);
  command->add_option("--client", flags->client,
                      "Command of the client under test (adapter protocol, docs/adapter.md); default: the "
                      "reference client");
  command->add_option("--known-failures", flags->known_failures,
                      "File of scenario ids the client is known to fail (docs/gating.md)");
  command->add_flag("--fix-known-failures", flags->fix_known_failures,
                    "After the run, rewrite --known-failures to what failed, and how (its selection only)");
  command->add_option("--locale", flags->locales, "en, zh, ja, ko or all (repeatable)")->capture_default_str();
  command->add_option("--report-dir", flags->report_dir, "Where report.json, junit.xml and report.html go")
      ->capture_default_str();
  command->add_option("--shard", flags->shard,
                      "Run shard i of n, 1-based (\"2/3\"); default from GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS");
  command->add_option("--patience-ms", flags->patience_ms, "How long a client may take to answer before a run fails")
      ->capture_default_str();
  command
      ->add_option("--jobs,-j", flags->jobs,
                   "Runs at once, each with its own servers and client (default: the number of cores); the "
                   "report is the same for any number")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command->add_option("--shuffle", flags->shuffle_seed,
                      "Start the runs in an order shuffled by this seed; the report keeps the suite's order "
                      "and should not change (ci/check-gate-determinism.sh)");
  AddApplicationFlag(*command, flags->application);
  AddFreshProcessFlag(*command, flags->fresh_process);
  command->add_flag("--strict", flags->strict,
                    "Fail on recommended-level failures too (documented text, handling label, application-level "
                    "handling); docs/gating.md");
  command->callback([&context, flags] { RunGate(context, *flags); });
}

std::optional<report::Report> ReadReport(CommandContext& context, const std::string& path) {
  auto text = ReadFile(path);
  if (!text) {
    context.Fail("cannot read " + path, kExitUsage);
    return std::nullopt;
  }
  auto json = nlohmann::json::parse(*text, nullptr, false);
  auto parsed = report::FromJson(json);
  if (auto* why = std::get_if<std::string>(&parsed)) {
    context.Fail(path + ": " + (json.is_discarded() ? "not JSON" : *why), kExitUsage);
    return std::nullopt;
  }
  return std::get<report::Report>(std::move(parsed));
}

void AddReportMerge(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("report-merge", "Combine the report.json files of sharded gates into one report");
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto dir = std::make_shared<std::string>("trtc-report");
  command->add_option("reports", *inputs, "The shards' report.json files")->required();
  command->add_option("--report-dir", *dir, "Where the merged reports go")->capture_default_str();
  command->callback([&context, inputs, dir] {
    std::vector<report::Report> shards;
    for (const auto& path : *inputs) {
      auto r = ReadReport(context, path);
      if (!r) return;
      shards.push_back(std::move(*r));
    }
    auto merged = report::Merge(shards);
    if (auto* why = std::get_if<std::string>(&merged)) return context.Fail(*why, kExitUsage);
    auto& r = std::get<report::Report>(merged);
    if (!r.complete())
      return context.Fail(fmt::format("{} of {} shards given; every shard's report.json is needed", r.shards.size(),
                                      r.shards.front().total),
                          kExitUsage);
    if (!WriteReports(context, r, *dir)) return;
    PrintVerdict(context, r, *dir);
    context.exit_code = report::Verdict(r);
  });
}

// The published conformance of a client: per catalog entry, meets / departs / needs the media
// plane / not applicable, from a gate's report (docs/vendor/trtc-js-sdk-4.15.22.md is one).
void AddReportStanding(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "report-standing", "Write where a client meets or departs from the documents, per catalog entry (Markdown)");
  struct Flags {
    std::string input, title = "The client", family = "web-v4", out;
  };
  auto flags = std::make_shared<Flags>();
  command->add_option("report", flags->input, "A gate's report.json")->required();
  command->add_option("--title", flags->title, "Who was judged (the page's heading)")->capture_default_str();
  command->add_option("--family", flags->family, "Catalog family of the matrix")->capture_default_str();
  command->add_option("--out", flags->out, "Write here instead of standard output");
  command->callback([&context, flags] {
    auto r = ReadReport(context, flags->input);
    if (!r) return;
    const std::string markdown = report::ToConformanceMarkdown(*r, flags->title, flags->family);
    if (flags->out.empty()) {
      context.out << markdown;
      return;
    }
    WriteText(context, flags->out, markdown);
  });
}

}  // namespace

void AddGateCommands(CLI::App& app, CommandContext& context) {
  AddGate(app, context);
  AddReportMerge(app, context);
  AddReportStanding(app, context);
}

}  // namespace trtc::cli
