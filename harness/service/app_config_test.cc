#include "harness/service/app_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::service {
namespace {

TEST(ParseServiceConfig, ReadsAppsAndLimits) {
  auto parsed = ParseServiceConfig(R"({
  "apps": [{"sdkAppId": 1400000002, "secretKey": "k", "state": "arrears", "requirePrivateMapKey": true}],
  "limits": {"heartbeatTimeoutMs": 5000}
})",
                                   "apps.json");
  ASSERT_TRUE(std::holds_alternative<ServiceConfig>(parsed));
  const auto& config = std::get<ServiceConfig>(parsed);
  ASSERT_EQ(config.apps.size(), 1u);
  EXPECT_EQ(config.apps[0].state, AppState::kArrears);
  EXPECT_TRUE(config.apps[0].require_private_map_key);
  EXPECT_EQ(config.limits.heartbeat_timeout_ms, 5000);
}

TEST(ParseServiceConfig, NamesFileLineAndFieldOfEachMistake) {
  auto parsed = ParseServiceConfig(R"({
  "apps": [
    {"sdkAppId": 1, "secretKey": "k"},
    {"sdkAppId": 2, "secretKey": 5, "colour": "red"}
  ]
})",
                                   "apps.json");
  ASSERT_TRUE(std::holds_alternative<Diagnostics>(parsed));
  std::vector<std::string> lines;
  for (const auto& d : std::get<Diagnostics>(parsed)) lines.push_back(d.ToString());
  EXPECT_THAT(lines, testing::ElementsAre("apps.json:4: apps[1].secretKey: must be a string",
                                          "apps.json:4: apps[1].colour: is not a field here"));
}

TEST(ParseServiceConfig, RejectsDocumentsThatAreNotConfigs) {
  EXPECT_TRUE(std::holds_alternative<Diagnostics>(ParseServiceConfig("[]", "x.json")));
  EXPECT_TRUE(std::holds_alternative<Diagnostics>(ParseServiceConfig(R"({"apps":[]})", "x.json")));
  EXPECT_TRUE(std::holds_alternative<Diagnostics>(ParseServiceConfig(R"({"apps":[{"state":"odd"}]})", "x.json")));
}

}  // namespace
}  // namespace trtc::service
