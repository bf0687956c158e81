#include <gmock/gmock.h>

#include <thread>

#include "harness/servers/server_set.h"
#include "harness/servers/test_clients.h"
#include "harness/service/rest_api.h"
#include "harness/service/service.h"
#include "harness/usersig/usersig.h"

namespace trtc::servers::testing {
namespace {

class HttpServersTest : public ServersTest {
 protected:
  void StartWithControlToken(std::string token) {
    scenario::WorldOptions options;
    options.servers.control_token = std::move(token);
    StartServers(std::move(options));
  }

  std::string Target(const std::string& command) {
    std::string sig = usersig::GenerateUserSig(std::string(service::kDefaultSecretKey), service::kDefaultSdkAppId,
                                               "administrator", 86400, kStartMs / 1000);
    return std::string(service::kRestPathPrefix) + command +
           "?sdkappid=1400000001&identifier=administrator&usersig=" + sig + "&random=12345&contenttype=json";
  }
  HttpResult Rest(const std::string& command, const json& body) {
    return HttpCall(servers_->port("rest"), "POST", Target(command), body.dump());
  }
  // A control request as a script sends it: a body declared JSON, plus `headers`.
  HttpResult Control(const std::string& method, const std::string& target, const std::string& body = "",
                     Headers headers = {}) {
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return ControlAsIs(method, target, body, headers);
  }
  HttpResult ControlAsIs(const std::string& method, const std::string& target, const std::string& body,
                         const Headers& headers) {
    return HttpCall(servers_->port("control"), method, target, body, headers);
  }
  std::string Url(const std::string& name) {
    for (const auto& e : servers_->endpoints())
      if (e.name == name) return e.url;
    return {};
  }
  void AddFault(const std::string& fault) { ASSERT_EQ(Control("POST", "/faults", fault).status, 201u); }
};

json Room(const std::string& id) { return {{"RoomInfo", {{"RoomId", id}, {"Owner_Account", "owner"}}}}; }

TEST_F(HttpServersTest, RestCreatesAndReadsRoomsWithTheVendorsEnvelope) {
  auto created = Rest("create_room", Room("r1"));
  ASSERT_EQ(created.error, "");
  EXPECT_EQ(created.status, 200u);
  EXPECT_EQ(created.Json()["ActionStatus"], "OK");
  auto info = Rest("get_room_info", {{"RoomId", "r1"}});
  EXPECT_EQ(info.Json()["RoomInfo"]["Owner_Account"], "owner");
  EXPECT_EQ(Rest("create_room", Room("r1")).Json()["ErrorCode"], 100012);
}

TEST_F(HttpServersTest, GarbageInsteadOfHttpGets400With60002AndTheServerGoesOn) {
  std::string answer = RawExchange(servers_->port("rest"), "\x16\x03\x01 not http at all\r\n\r\n");
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(answer, ::testing::HasSubstr("\"ErrorCode\":60002"));
  EXPECT_EQ(Rest("get_room_info", {{"RoomId", "x"}}).Json()["ErrorCode"], 100002);
}

TEST_F(HttpServersTest, ATargetThatDecodesToInvalidUtf8IsAnsweredAndTheServerGoesOn) {
  const std::string target =
      std::string(service::kRestPathPrefix) + "%FF?sdkappid=%FE&identifier=a&usersig=b&random=1&contenttype=json";
  auto answer = HttpCall(servers_->port("rest"), "POST", target, "{}");
  ASSERT_EQ(answer.error, "");
  EXPECT_EQ(answer.Json()["ErrorCode"], 60009);
  EXPECT_EQ(Rest("get_room_info", {{"RoomId", "x"}}).Json()["ErrorCode"], 100002);
}

TEST_F(HttpServersTest, AnOversizedBodyIsRefused) {
  std::string answer =
      RawExchange(servers_->port("rest"),
                  "POST " + Target("get_room_info") + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(answer, ::testing::HasSubstr("\"ErrorCode\":60002"));
}

TEST_F(HttpServersTest, RestFaultsReplyMalformedTruncated) {
  AddFault(R"([{"server":"rest","on":"create_room","action":{"kind":"reply","code":100001,"message":"forced"}},
              {"server":"rest","on":"destroy_room","action":{"kind":"malformed"}},
              {"server":"rest","on":"get_room_info","action":{"kind":"truncated"}}])");
  EXPECT_EQ(Rest("create_room", Room("r1")).Json()["ErrorCode"], 100001);
  EXPECT_TRUE(Rest("destroy_room", {{"RoomId", "r1"}}).Json().is_discarded());
  auto truncated = Rest("get_room_info", {{"RoomId", "r1"}});
  EXPECT_TRUE(truncated.Json().is_discarded());
  EXPECT_THAT(truncated.body, ::testing::StartsWith("{\"ActionStatus\""));
}

TEST_F(HttpServersTest, RestFaultsThatEndTheConnection) {
  AddFault(R"({"server":"rest","on":"create_room","times":2,"action":{"kind":"close","closeCode":1000}})");
  EXPECT_NE(Rest("create_room", Room("r1")).error, "");
  servers_->faults().Clear();
  AddFault(R"({"server":"rest","on":"create_room","action":{"kind":"reset"}})");
  EXPECT_NE(Rest("create_room", Room("r1")).error, "");
  EXPECT_EQ(Rest("create_room", Room("r1")).Json()["ErrorCode"], 0);
}

TEST_F(HttpServersTest, RestDelayAnswersAfterServerTimePasses) {
  AddFault(R"({"id":"slow","server":"rest","on":"get_room_info","action":{"kind":"delay","ms":3000}})");
  std::thread mover([&] {
    EXPECT_TRUE(servers_->faults().WaitFired("slow", kGuard));
    servers_->clock().Advance(std::chrono::seconds(3));
  });
  auto result = Rest("get_room_info", {{"RoomId", "none"}});
  mover.join();
  EXPECT_EQ(result.Json()["ErrorCode"], 100002);
}

TEST_F(HttpServersTest, ControlApiListsServersFaultsClockAndSessions) {
  auto servers = Control("GET", "/servers").Json();
  std::vector<std::string> names;
  for (const auto& s : servers["servers"]) names.push_back(s["name"]);
  EXPECT_THAT(names, ::testing::ElementsAre("signaling", "media", "rest", "stun", "webrtc", "control"));
  EXPECT_EQ(servers["apps"][0]["sdkAppId"], service::kDefaultSdkAppId);
  EXPECT_FALSE(servers["apps"][0].contains("secretKey"));

  auto added = Control("POST", "/faults", R"({"id":"f1","on":"join","action":{"kind":"drop"}})");
  EXPECT_EQ(added.status, 201u);
  EXPECT_EQ(added.Json()["ids"][0], "f1");
  EXPECT_EQ(Control("GET", "/faults").Json()["faults"][0]["id"], "f1");
  EXPECT_EQ(Control("DELETE", "/faults/f1").status, 200u);
  EXPECT_EQ(Control("DELETE", "/faults/f1").status, 404u);

  auto moved = Control("POST", "/clock", R"({"advanceMs":60000})").Json();
  EXPECT_EQ(moved["nowMs"], kStartMs + 60000);
  EXPECT_EQ(Control("GET", "/clock").Json()["nowMs"], kStartMs + 60000);
  EXPECT_EQ(Control("GET", "/sessions").Json()["sessions"].size(), 0u);
}

TEST_F(HttpServersTest, ControlApiServesTheJournalWithTokenFingerprintsOnly) {
  ASSERT_EQ(Rest("create_room", Room("r1")).error, "");
  auto journal = Control("GET", "/journal").Json()["journal"];
  ASSERT_EQ(journal.size(), 2u) << journal.dump();
  EXPECT_EQ(journal[0]["kind"], "request");
  EXPECT_EQ(journal[0]["server"], "rest");
  EXPECT_EQ(journal[0]["type"], "create_room");
  EXPECT_EQ(journal[0]["token"].get<std::string>().size(), 12u);  // a fingerprint, never the token
  EXPECT_EQ(journal[1]["kind"], "answer");
  EXPECT_EQ(journal[1]["code"], 0);
  auto later = Control("GET", "/journal?after=" + journal[0]["seq"].dump()).Json()["journal"];
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["kind"], "answer");
  EXPECT_EQ(Control("GET", "/journal?after=x").status, 400u);
}

TEST_F(HttpServersTest, ControlApiExplainsBadInput) {
  auto bad = Control("POST", "/faults", "[\n{\"action\":{\"kind\":\"explode\"}}\n]");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_THAT(bad.Json()["problems"][0].get<std::string>(),
              ::testing::StartsWith("request body:2: [0].action.kind: 'explode' is not one of"));
  EXPECT_EQ(Control("POST", "/clock", R"({"advanceMs":-5})").status, 400u);
  EXPECT_EQ(Control("GET", "/sessions/abc/frames").status, 400u);
  EXPECT_EQ(Control("GET", "/sessions/999/frames").status, 404u);
  EXPECT_EQ(Control("PUT", "/faults").status, 404u);
}

TEST_F(HttpServersTest, TheControlTokenIsRequiredWhenSet) {
  StartWithControlToken("s3cret");
  EXPECT_EQ(Control("GET", "/servers").status, 401u);
  EXPECT_EQ(Control("GET", "/servers", "", {{"Authorization", "Bearer wrong"}}).status, 401u);
  EXPECT_EQ(Control("GET", "/servers", "", {{"Authorization", "Bearer s3cret"}}).status, 200u);
  EXPECT_EQ(Control("GET", "/servers", "", {{"Authorization", "Basic s3cret"}}).status, 401u);
  EXPECT_EQ(Control("GET", "/servers", "", {{"Authorization", "Bearers3cret"}}).status, 401u);
}

TEST_F(HttpServersTest, TheAuthorizationSchemeIsMatchedWithoutRegardToCase) {  // RFC 7235 2.1
  StartWithControlToken("s3cret");
  EXPECT_EQ(Control("GET", "/servers", "", {{"Authorization", "bearer s3cret"}}).status, 200u);
  EXPECT_EQ(Control("GET", "/servers", "", {{"Authorization", "BEARER  s3cret"}}).status, 200u);
  EXPECT_EQ(Control("GET", "/servers", "", {{"Authorization", "bearer S3CRET"}}).status, 401u);
}

TEST_F(HttpServersTest, AWebPageOfAnotherOriginCannotDriveTheControlApi) {
  const std::string fault = R"({"on":"join","action":{"kind":"drop"}})";
  auto cross_origin = Control("POST", "/faults", fault, {{"Origin", "http://evil.example"}});
  EXPECT_EQ(cross_origin.status, 403u);
  EXPECT_THAT(cross_origin.Json()["error"].get<std::string>(), ::testing::HasSubstr("http://evil.example"));
  EXPECT_EQ(Control("GET", "/sessions", "", {{"Origin", "null"}}).status, 403u);
  EXPECT_EQ(Control("DELETE", "/faults", "", {{"Origin", "http://127.0.0.1:1"}}).status, 403u);
  EXPECT_EQ(Control("GET", "/clock", "", {{"Origin", "http://\xff"}}).status, 403u);
  EXPECT_TRUE(servers_->faults().List().empty());
  EXPECT_EQ(Control("POST", "/faults", fault, {{"Origin", Url("control")}}).status, 201u);
}

TEST_F(HttpServersTest, AControlRequestBodyMustBeDeclaredJson) {
  // What a page may send anywhere without a CORS preflight: text/plain, forms, or no type.
  const std::string fault = R"({"on":"join","action":{"kind":"drop"}})";
  for (std::string type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
    auto refused = ControlAsIs("POST", "/faults", fault, {{"Content-Type", type}});
    EXPECT_EQ(refused.status, 415u) << type;
    EXPECT_THAT(refused.Json()["error"].get<std::string>(), ::testing::HasSubstr("application/json")) << type;
  }
  EXPECT_EQ(ControlAsIs("POST", "/clock", R"({"advanceMs":1})", {}).status, 415u);
  EXPECT_TRUE(servers_->faults().List().empty());
  EXPECT_EQ(servers_->clock().Now().count(), kStartMs);
  EXPECT_EQ(ControlAsIs("POST", "/faults", fault, {{"Content-Type", "Application/JSON; charset=utf-8"}}).status, 201u);
}

TEST_F(HttpServersTest, TheStunUrlHasTheFormOfRfc7064) {
  EXPECT_EQ(Url("stun"), "stun:127.0.0.1:" + std::to_string(servers_->port("stun")));
  EXPECT_EQ(Url("rest"), "http://127.0.0.1:" + std::to_string(servers_->port("rest")) + "/v4/room_engine_http_srv/");
}

TEST_F(HttpServersTest, RestAcceptsAnAbsoluteFormTarget) {  // RFC 7230 5.3.2: what a client behind a proxy sends
  const std::string absolute = "http://127.0.0.1:" + std::to_string(servers_->port("rest")) + Target("create_room");
  EXPECT_EQ(HttpCall(servers_->port("rest"), "POST", absolute, Room("r1").dump()).Json()["ErrorCode"], 0);
  AddFault(R"({"server":"rest","on":"get_room_info","action":{"kind":"reply","code":60013}})");
  const std::string info = "http://localhost" + Target("get_room_info");
  EXPECT_EQ(HttpCall(servers_->port("rest"), "POST", info, R"({"RoomId":"r1"})").Json()["ErrorCode"], 60013);
}

TEST(ServerSetStart, RefusesANonLoopbackBindWithoutAToken) {
  ServerSetOptions options;
  options.bind_address = "0.0.0.0";
  auto started = ServerSet::Start(std::move(options));
  ASSERT_TRUE(std::holds_alternative<std::string>(started));
  EXPECT_THAT(std::get<std::string>(started), ::testing::HasSubstr("--control-token"));
}

TEST(ServerSetStart, ReportsAPortInUse) {
  ServerSetOptions first;
  first.enable_tls = false;
  auto a = ServerSet::Start(first);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ServerSet>>(a));
  ServerSetOptions second;
  second.enable_tls = false;
  second.rest_port = std::get<std::unique_ptr<ServerSet>>(a)->port("rest");
  auto b = ServerSet::Start(second);
  ASSERT_TRUE(std::holds_alternative<std::string>(b));
  EXPECT_THAT(std::get<std::string>(b), ::testing::HasSubstr("cannot listen on 127.0.0.1:"));
}

}  // namespace
}  // namespace trtc::servers::testing
