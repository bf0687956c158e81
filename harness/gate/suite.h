// Runs a selection of scenarios against a client in one or more locales and turns what the
// runner found into a report::Report, with known failures applied and, optionally, one
// shard of the suite. The `gate` and `run` commands and the installed test main use it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "harness/gate/known_failures.h"
#include "harness/report/report.h"
#include "harness/scenario/runner.h"

namespace trtc::gate {

// "--shard i/n", 1-based like GitLab's CI_NODE_INDEX/CI_NODE_TOTAL ("2/3" is the second of three).
[[nodiscard]] std::variant<report::Shard, std::string> ParseShardFlag(std::string_view text);
// GoogleTest's GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX (0-based); nullopt when unset.
std::optional<std::variant<report::Shard, std::string>> ShardFromEnvironment();
// Scenario i (in id order) goes to shard i % total; all locales of a scenario stay together.
std::vector<scenario::Scenario> InShard(std::vector<scenario::Scenario> scenarios, report::Shard shard);

struct SuiteOptions {
  scenario::ClientFactory factory;
  std::string client_label;  // "reference client" or the client command
  std::vector<catalog::Locale> locales = {catalog::Locale::kEn};
  const KnownFailures* known = nullptr;
  report::Shard shard;
  bool strict = false;  // recommended-level failures fail runs too
  scenario::RunOptions run;
  // Runs at once, each on a thread of its own with its own servers and client. The report
  // is the same whatever the number (wall times aside).
  int jobs = 1;
  // When set, runs start in an order shuffled by this seed (the report keeps its order), so
  // a run that depends on another's leftovers or on timing shows up as a changed report.
  std::optional<std::uint32_t> shuffle_seed;
  // Called after each run, in the order runs end, for progress lines (never concurrently).
  std::function<void(const report::CaseResult&, std::size_t done, std::size_t total)> on_case;
};

// Stops early when the client is broken (it could not start, or broke the protocol):
// hundreds more runs would only repeat that. The report ends with the first broken run.
report::Report RunSuite(const std::vector<scenario::Scenario>& scenarios, const SuiteOptions& options);

// The failing runs of a report, and what it covered, for RewriteKnownFailures.
[[nodiscard]] std::vector<Failing> FailingRuns(const report::Report& report);
[[nodiscard]] Covered CoveredBy(const report::Report& report);

}  // namespace trtc::gate
