#include "harness/service/rest_api.h"

#include "harness/service/service_test_support.h"

namespace trtc::service::testing {
namespace {

using nlohmann::json;

class RestApiTest : public ServiceTest {
 protected:
  explicit RestApiTest(ServiceConfig config = DefaultServiceConfig()) : ServiceTest(std::move(config)) {}

  std::string AdminSig(std::int64_t expire = 86400) {
    return usersig::GenerateUserSig(std::string(kDefaultSecretKey), kDefaultSdkAppId, "administrator", expire,
                                    clock_.NowSeconds());
  }
  std::string Target(const std::string& command, const std::string& sig) {
    return std::string(kRestPathPrefix) + command + "?sdkappid=1400000001&identifier=administrator&usersig=" + sig +
           "&random=99&contenttype=json";
  }
  RestResponse Post(const std::string& target, const std::string& body) {
    return service_.rest().Handle({"POST", target, body, "127.0.0.1"});
  }
  int Code(const std::string& command, const json& body) {
    return Post(Target(command, AdminSig()), body.dump()).error_code();
  }
  static json Room(const std::string& id, const json& extra = json::object()) {
    json info{{"RoomId", id}, {"Owner_Account", "owner"}, {"RoomName", "n"}};
    info.update(extra);
    return {{"RoomInfo", info}};
  }
};

TEST_F(RestApiTest, CreateGetDestroyAnswerWithTheEnvelope) {
  auto created =
      Post(Target("create_room", AdminSig()), Room("r1", {{"IsSeatEnabled", true}, {"MaxSeatCount", 4}}).dump());
  EXPECT_EQ(created.body["ActionStatus"], "OK");
  EXPECT_EQ(created.body["ErrorCode"], 0);
  EXPECT_EQ(created.body["ErrorInfo"], "");
  auto info = Post(Target("get_room_info", AdminSig()), R"({"RoomId":"r1"})");
  EXPECT_EQ(info.body["RoomInfo"]["Owner_Account"], "owner");
  EXPECT_EQ(info.body["RoomInfo"]["MaxSeatCount"], 4);
  EXPECT_EQ(Code("destroy_room", {{"RoomId", "r1"}}), 0);
  auto gone = Post(Target("get_room_info", AdminSig()), R"({"RoomId":"r1"})");
  EXPECT_EQ(gone.body["ActionStatus"], "FAIL");
  EXPECT_EQ(gone.error_code(), 100002);
}

TEST_F(RestApiTest, ARoomCreatedOverRestCanBeEnteredByARoomEngineClient) {
  ASSERT_EQ(Code("create_room", Room("shared")), 0);
  EXPECT_EQ(LoggedIn("bob")->Code(wire::RoomEnter{"shared"}), 0);
}

// docs/protocol.md section 7: the request line and query (60002), then the path (60009),
// then the SDKAppID (60012, 60006).
TEST_F(RestApiTest, RequestLineAndQueryProblemsComeFirst) {
  const std::string sig = AdminSig();
  const std::string prefix(kRestPathPrefix);
  EXPECT_EQ(Post("create_room", "{}").error_code(), 60002);
  EXPECT_EQ(Post("*", "{}").error_code(), 60002);
  EXPECT_EQ(Post(prefix + "create_room", "{}").error_code(), 60002);   // a POST with no query
  EXPECT_EQ(Post("/v4/other/create_room", "{}").error_code(), 60002);  // an unknown path without query
  EXPECT_EQ(Post(prefix + "no_such_command?sdkappid=1", "{}").error_code(), 60002);
  EXPECT_EQ(Post(prefix + "create_room?sdkappid=abc", "{}").error_code(), 60002);
  EXPECT_EQ(Post(prefix + "create_room?sdkappid=1400000001&identifier=administrator", "{}").error_code(), 60002);
  const std::string caller = "identifier=administrator&usersig=" + sig;
  EXPECT_EQ(Post(prefix + "create_room?" + caller + "&random=-1&contenttype=json", "{}").error_code(), 60002);
  EXPECT_EQ(Post(prefix + "create_room?" + caller + "&random=1&contenttype=xml", "{}").error_code(), 60002);
  EXPECT_EQ(service_.rest().Handle({"GET", Target("create_room", sig), "{}", "127.0.0.1"}).error_code(), 60002);
  EXPECT_EQ(service_.rest().Handle({"GET", "/v4/other/x", "{}", "127.0.0.1"}).error_code(), 60002);
}

TEST_F(RestApiTest, ThenThePathThenTheSdkAppId) {
  const std::string prefix(kRestPathPrefix);
  const std::string caller = "identifier=administrator&usersig=" + AdminSig() + "&random=1&contenttype=json";
  EXPECT_EQ(Post("/v4/other/create_room?" + caller, "{}").error_code(), 60009);
  EXPECT_EQ(Post(prefix + "no_such_command?" + caller, "{}").error_code(), 60009);
  EXPECT_EQ(Post(prefix + "create_room?" + caller, "{}").error_code(), 60012);
  EXPECT_EQ(Post(prefix + "create_room?sdkappid=abc&" + caller, "{}").error_code(), 60006);
  EXPECT_EQ(Post(prefix + "create_room?sdkappid=1400000002&" + caller, "{}").error_code(), 60006);
}

TEST_F(RestApiTest, AnAbsoluteFormTargetIsAccepted) {  // RFC 7230 5.3.2
  const std::string sig = AdminSig();
  EXPECT_EQ(Post("http://127.0.0.1:8080" + Target("create_room", sig), Room("r1").dump()).error_code(), 0);
  EXPECT_EQ(Post("HTTPS://rest.example" + Target("get_room_info", sig), R"({"RoomId":"r1"})").error_code(), 0);
  EXPECT_EQ(Post("ftp://rest.example" + Target("get_room_info", sig), R"({"RoomId":"r1"})").error_code(), 60002);
  EXPECT_EQ(Post("http:" + Target("get_room_info", sig), R"({"RoomId":"r1"})").error_code(), 60002);
}

TEST(OriginFormOf, KeepsPathAndQueryOfBothForms) {
  EXPECT_EQ(OriginFormOf("/v4/x?a=%20b"), "/v4/x?a=%20b");
  EXPECT_EQ(OriginFormOf("http://host:81/v4/x?a=%20b"), "/v4/x?a=%20b");
  EXPECT_EQ(OriginFormOf("http://[::1]/v4/x"), "/v4/x");
  EXPECT_EQ(OriginFormOf("http://host"), "/");
  EXPECT_EQ(OriginFormOf("host:81"), std::nullopt);  // authority form: CONNECT only
  EXPECT_EQ(OriginFormOf("*"), std::nullopt);
  EXPECT_EQ(OriginFormOf(""), std::nullopt);
}

TEST_F(RestApiTest, SignatureAndAdminChecks) {
  EXPECT_EQ(Post(Target("get_room_info", "garbage"), "{}").error_code(), 60004);
  const std::string old_sig = AdminSig(/*expire=*/10);
  clock_.Advance(std::chrono::seconds(11));
  EXPECT_EQ(Post(Target("get_room_info", old_sig), "{}").error_code(), 60005);
  std::string bob_sig =
      usersig::GenerateUserSig(std::string(kDefaultSecretKey), kDefaultSdkAppId, "bob", 86400, clock_.NowSeconds());
  std::string target = std::string(kRestPathPrefix) +
                       "get_room_info?sdkappid=1400000001&identifier=bob&usersig=" + bob_sig +
                       "&random=1&contenttype=json";
  EXPECT_EQ(Post(target, "{}").error_code(), 60010);
}

TEST_F(RestApiTest, BodyProblems) {
  EXPECT_EQ(Post(Target("create_room", AdminSig()), "{not json").error_code(), 60003);
  EXPECT_EQ(Post(Target("create_room", AdminSig()), "[]").error_code(), 60003);
  EXPECT_EQ(Code("create_room", json::object()), 100002);
  EXPECT_EQ(Code("create_room", Room(std::string(49, 'x'))), 100002);
  EXPECT_EQ(Code("create_room", Room("r1", {{"Owner_Account", 12345}})), 60015);
  EXPECT_EQ(Code("create_room", Room("r1", {{"MaxSeatCount", "four"}})), 100002);
  EXPECT_EQ(Code("create_room", Room("r1", {{"RoomType", "Live"}})), 100007);
}

TEST_F(RestApiTest, ExistingRoomIdsAndTheOncePerSecondCreateLimit) {
  ASSERT_EQ(Code("create_room", Room("r1")), 0);
  EXPECT_EQ(Code("create_room", Room("r1")), 100012);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(Code("create_room", Room("r1")), 100010);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(Code("create_room", Room("r1", {{"Owner_Account", "someone-else"}})), 100003);
}

TEST_F(RestApiTest, TwoHundredCallsASecondPerApp) {
  int app_limited = 0, command_limited = 0;
  const std::string sig = AdminSig();
  const char* commands[] = {"get_room_info", "destroy_room", "create_room"};
  for (int i = 0; i < 300; ++i) {
    int code = Post(Target(commands[i % 3], sig), R"({"RoomId":"none"})").error_code();
    app_limited += code == 60011;
    command_limited += code == 60007;
  }
  EXPECT_EQ(app_limited, 100);
  EXPECT_EQ(command_limited, 0);
  clock_.Advance(std::chrono::seconds(1));
  for (int i = 0; i < 101; ++i) command_limited += Post(Target("get_room_info", sig), "{}").error_code() == 60007;
  EXPECT_EQ(command_limited, 1);
}

ServiceConfig RestConfig() {
  ServiceConfig config = DefaultServiceConfig();
  config.apps.front().chat_group_ids = {"im-group"};
  config.apps.front().rest_disabled_commands = {"destroy_room"};
  config.apps.front().rest_allowed_ips = {"127.0.0.1"};
  return config;
}

class RestPolicyTest : public RestApiTest {
 protected:
  RestPolicyTest() : RestApiTest(RestConfig()) {}
};

TEST_F(RestPolicyTest, ChatGroupsDisabledCommandsAndSourceIps) {
  EXPECT_EQ(Code("create_room", Room("im-group")), 100011);
  EXPECT_EQ(Code("destroy_room", {{"RoomId", "x"}}), 60017);
  EXPECT_EQ(service_.rest().Handle({"POST", Target("get_room_info", AdminSig()), "{}", "10.0.0.9"}).error_code(),
            60021);
}

ServiceConfig DisabledRest(bool expired) {
  ServiceConfig config = DefaultServiceConfig();
  (expired ? config.apps.front().package_expired : config.apps.front().rest_disabled) = true;
  return config;
}
class RestDisabledTest : public RestApiTest {
 protected:
  RestDisabledTest() : RestApiTest(DisabledRest(false)) {}
};
TEST_F(RestDisabledTest, Gives60016) { EXPECT_EQ(Code("get_room_info", {{"RoomId", "r"}}), 60016); }
class RestExpiredTest : public RestApiTest {
 protected:
  RestExpiredTest() : RestApiTest(DisabledRest(true)) {}
};
TEST_F(RestExpiredTest, Gives60020) { EXPECT_EQ(Code("get_room_info", {{"RoomId", "r"}}), 60020); }

}  // namespace
}  // namespace trtc::service::testing
