#include <gmock/gmock.h>

#include "harness/servers/server_set.h"
#include "harness/servers/test_clients.h"
#include "harness/service/service.h"
#include "harness/usersig/usersig.h"
#include "harness/wire/protocol.h"

namespace trtc::servers::testing {
namespace {

constexpr std::int64_t kStartMs = 1'700'000'000'000;

class SignalingServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServers(service::DefaultServiceConfig()); }

  void StartServers(service::ServiceConfig config) {
    ServerSetOptions options;
    options.config = std::move(config);
    options.clock = {.start_unix_ms = kStartMs, .rate = 0};  // frozen: only the tests move it
    options.threads = 2;
    auto started = ServerSet::Start(std::move(options));
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<ServerSet>>(started)) << std::get<std::string>(started);
    servers_ = std::move(std::get<std::unique_ptr<ServerSet>>(started));
  }

  std::string Sig(const std::string& user) {
    return usersig::GenerateUserSig(std::string(service::kDefaultSecretKey), service::kDefaultSdkAppId, user, 86400,
                                    kStartMs / 1000);
  }
  json Hello(const std::string& user) {
    return {{"protocol", "trtc-conformance/1"},
            {"sdkAppId", service::kDefaultSdkAppId},
            {"userId", user},
            {"userSig", Sig(user)}};
  }
  std::unique_ptr<WsClient> Connected() {
    auto client = std::make_unique<WsClient>();
    EXPECT_TRUE(client->Connect(servers_->port("signaling")));
    return client;
  }
  std::unique_ptr<WsClient> LoggedIn(const std::string& user) {
    auto client = Connected();
    EXPECT_EQ(client->Call("hello", Hello(user))["code"], 0);
    return client;
  }
  void AddFault(const std::string& fault_json) {
    auto parsed = faults::ParseFaults(fault_json, "test");
    ASSERT_TRUE(std::holds_alternative<std::vector<faults::Fault>>(parsed));
    for (auto& f : std::get<std::vector<faults::Fault>>(parsed))
      servers_->faults().Add(f, servers_->clock().Now().count());
  }
  std::uint64_t Fired(const std::string& id) {
    for (const auto& [fault, count] : servers_->faults().FiredCounts())
      if (fault == id) return count;
    return 0;
  }

  std::unique_ptr<ServerSet> servers_;
};

TEST_F(SignalingServerTest, PeersJoinAndPublishOverRealSockets) {
  auto alice = LoggedIn("alice");
  auto bob = LoggedIn("bob");
  EXPECT_EQ(alice->Call("join", {{"roomId", 1234}})["code"], 0);
  auto joined = bob->Call("join", {{"roomId", 1234}, {"role", "anchor"}});
  EXPECT_EQ(joined["code"], 0);
  EXPECT_EQ(joined["data"]["members"][0]["userId"], "alice");
  EXPECT_EQ(alice->TakePush("peer-join").value_or(json())["data"]["userId"], "bob");
  EXPECT_EQ(bob->Call("publish")["code"], 0);
  EXPECT_EQ(alice->TakePush("stream-added").value_or(json())["data"]["userId"], "bob");
}

TEST_F(SignalingServerTest, WssCarriesTheSameProtocol) {
  net::ssl::context tls(net::ssl::context::tls_client);
  tls.set_verify_mode(net::ssl::verify_none);  // the server's certificate is self-signed
  WssClient client(tls);
  ASSERT_TRUE(client.Connect(servers_->port("signaling-tls")));
  EXPECT_EQ(client.Call("hello", Hello("alice"))["code"], 0);
}

TEST_F(SignalingServerTest, AccountCodesArriveInTheHelloResponse) {
  auto client = Connected();
  json hello = Hello("alice");
  hello["userSig"] = "";
  EXPECT_EQ(client->Call("hello", hello)["code"], 70002);
  hello["userSig"] = Sig("bob");
  EXPECT_EQ(client->Call("hello", hello)["code"], 70013);
}

TEST_F(SignalingServerTest, HostileFramesGetDocumentedErrorsWhileAnotherClientJoins) {
  auto attacker = Connected();
  auto victim = Connected();
  struct Case {
    std::string frame;
    bool binary;
    int code;
  };
  std::vector<Case> cases{{"{not json", false, 90001},
                          {std::string(70 * 1024, ' '), false, 90002},
                          {"\x01\x02\x03", true, 90003},
                          {R"({"type":"teleport","seq":1})", false, 90004},
                          {R"({"type":"join","seq":2,"data":{}})", false, 90005},
                          {R"({"type":"join","seq":3,"data":{"roomId":[1]}})", false, 90006},
                          {R"({"type":"join","seq":4,"data":{"roomId":1}})", false, 90009}};
  std::vector<std::string> victim_steps{"hello", "join", "publish", "heartbeat", "leave", "join", "heartbeat"};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i].binary)
      attacker->SendBinary(cases[i].frame);
    else
      attacker->SendText(cases[i].frame);
    auto error = attacker->ReadJson();
    ASSERT_TRUE(error.has_value()) << "case " << i;
    EXPECT_EQ((*error)["type"], "protocol-error");
    EXPECT_EQ((*error)["code"], cases[i].code) << (*error).dump();
    const std::string& step = victim_steps[i];
    json data = step == "hello" ? Hello("victim") : step == "join" ? json{{"roomId", 99}} : json::object();
    EXPECT_EQ(victim->Call(step, data)["code"], 0) << step;
  }
  attacker->SendText("{\"type\":\"heartbeat\",\"seq\":1,\"x\":\"\xff\xfe\"}");  // invalid UTF-8
  EXPECT_FALSE(attacker->ReadText().has_value());
  EXPECT_EQ(attacker->close_code(), 1007);
  EXPECT_EQ(victim->Call("heartbeat")["code"], 0);
}

TEST_F(SignalingServerTest, AFramePastTheHardLimitClosesWith1009) {
  EXPECT_EQ(CloseCodeForFrameHeader(servers_->port("signaling"), 2 * 1024 * 1024), 1009);
  EXPECT_EQ(Connected()->Call("hello", Hello("alice"))["code"], 0);  // and the server goes on
}

TEST_F(SignalingServerTest, SixteenProtocolErrorsInARowClose1008) {
  auto client = Connected();
  for (int i = 0; i < wire::kMaxConsecutiveProtocolErrors; ++i) {
    client->SendText("nope");
    ASSERT_TRUE(client->ReadJson().has_value());
  }
  EXPECT_FALSE(client->ReadText().has_value());
  EXPECT_EQ(client->close_code(), 1008);
}

TEST_F(SignalingServerTest, SilenceForTheHeartbeatTimeoutOfServerTimeCloses4000) {
  auto client = LoggedIn("alice");
  servers_->clock().Advance(std::chrono::milliseconds(servers_->service().config().limits.heartbeat_timeout_ms));
  EXPECT_FALSE(client->ReadText().has_value());
  EXPECT_EQ(client->close_code(), 4000);
}

TEST_F(SignalingServerTest, TheSameUserJoiningAgainGetsTheEarlierSessionBanned) {
  auto first = LoggedIn("alice");
  auto second = LoggedIn("alice");
  EXPECT_EQ(first->Call("join", {{"roomId", 5}})["code"], 0);
  EXPECT_EQ(second->Call("join", {{"roomId", 5}})["code"], 0);
  auto banned = first->TakePush("banned");
  ASSERT_TRUE(banned.has_value());
  EXPECT_EQ((*banned)["data"]["reason"], "kick");
}

// --- every fault action over a real socket ---------------------------------------

TEST_F(SignalingServerTest, FaultReplyReplacesTheAnswer) {
  AddFault(R"({"on":"join","action":{"kind":"reply","code":-10011,"message":"forced"}})");
  auto client = LoggedIn("alice");
  auto response = client->Call("join", {{"roomId", 1}});
  EXPECT_EQ(response["code"], -10011);
  EXPECT_EQ(response["message"], "forced");
  EXPECT_EQ(client->Call("join", {{"roomId", 1}})["code"], 0);  // times: 1
}

TEST_F(SignalingServerTest, FaultDelayHoldsTheRequestForServerTime) {
  AddFault(R"({"id":"slow","on":"join","action":{"kind":"delay","ms":5000}})");
  auto client = LoggedIn("alice");
  std::uint32_t join = client->NextSeq();
  client->SendText(json{{"type", "join"}, {"seq", join}, {"data", {{"roomId", 1}}}}.dump());
  ASSERT_TRUE(WaitFor([&] { return Fired("slow") == 1; }));
  servers_->clock().Advance(std::chrono::milliseconds(5000));
  EXPECT_EQ(client->ResponseTo(join)["code"], 0);
}

TEST_F(SignalingServerTest, FaultDropLeavesARequestUnanswered) {
  AddFault(R"({"on":"join","action":{"kind":"drop"}})");
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"join","seq":50,"data":{"roomId":1}})");
  auto next = client->Call("heartbeat");  // answered; the join never is
  EXPECT_EQ(next["request"], "heartbeat");
}

TEST_F(SignalingServerTest, FaultStallStopsAllAnswers) {
  AddFault(R"({"on":"join","action":{"kind":"stall"}})");
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"join","seq":50,"data":{"roomId":1}})");
  client->SendText(R"({"type":"heartbeat","seq":51})");
  std::uint64_t connection = servers_->Sessions().front().connection;
  auto inbound = [&] {
    auto frames = servers_->Frames(connection).value_or(std::vector<RecordedFrame>{});
    return std::count_if(frames.begin(), frames.end(), [](const auto& f) { return f.direction == "in"; });
  };
  ASSERT_TRUE(WaitFor([&] { return inbound() == 3; }));
  auto frames = *servers_->Frames(connection);
  EXPECT_EQ(frames.back().direction, "in");  // nothing went out after the stall
  EXPECT_EQ(std::count_if(frames.begin(), frames.end(), [](const auto& f) { return f.direction == "out"; }), 1);
}

TEST_F(SignalingServerTest, FaultCloseUsesTheGivenCloseCode) {
  AddFault(R"({"on":"publish","action":{"kind":"close","closeCode":4321,"message":"bye"}})");
  auto client = LoggedIn("alice");
  client->Call("join", {{"roomId", 1}});
  client->SendText(R"({"type":"publish","seq":99})");
  EXPECT_FALSE(client->ReadText().has_value());
  EXPECT_EQ(client->close_code(), 4321);
}

TEST_F(SignalingServerTest, FaultResetDropsTheTcpConnectionWithoutAClose) {
  AddFault(R"({"on":"join","action":{"kind":"reset"}})");
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"join","seq":9,"data":{"roomId":1}})");
  EXPECT_FALSE(client->ReadText().has_value());
  EXPECT_NE(client->last_error(), websocket::error::closed);  // no close frame: reset or eof
}

TEST_F(SignalingServerTest, FaultMalformedAndTruncatedSendBrokenFrames) {
  AddFault(R"([{"on":"join","action":{"kind":"malformed"}},
              {"on":"heartbeat","action":{"kind":"truncated"}}])");
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"join","seq":9,"data":{"roomId":1}})");
  auto malformed = client->ReadText();
  ASSERT_TRUE(malformed.has_value());
  EXPECT_TRUE(json::parse(*malformed, nullptr, false).is_discarded());
  client->SendText(R"({"type":"heartbeat","seq":10})");
  auto truncated = client->ReadText();
  ASSERT_TRUE(truncated.has_value());
  EXPECT_TRUE(json::parse(*truncated, nullptr, false).is_discarded());
  EXPECT_THAT(*truncated, ::testing::StartsWith(R"({"code":0)"));
}

TEST_F(SignalingServerTest, FaultPushSendsAServerEventFirst) {
  AddFault(R"({"on":"heartbeat","action":{"kind":"push","event":"banned","data":{"reason":"banned"}}})");
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"heartbeat","seq":7})");
  auto push = client->ReadJson();
  ASSERT_TRUE(push.has_value());
  EXPECT_EQ((*push)["event"], "banned");
  EXPECT_EQ((*push)["data"]["reason"], "banned");
  EXPECT_EQ(client->ResponseTo(7)["code"], 0);
}

TEST_F(SignalingServerTest, FaultMoveClockExpiresATokenForTheNextJoin) {
  AddFault(R"({"on":"heartbeat","action":{"kind":"move-clock","ms":11000}})");
  auto client = Connected();
  json hello = Hello("alice");
  hello["userSig"] = usersig::GenerateUserSig(std::string(service::kDefaultSecretKey), service::kDefaultSdkAppId,
                                              "alice", /*expire=*/10, kStartMs / 1000);
  EXPECT_EQ(client->Call("hello", hello)["code"], 0);
  EXPECT_EQ(client->Call("heartbeat")["code"], 0);
  EXPECT_EQ(client->Call("join", {{"roomId", 1}})["code"], -10013);  // the 10 s userSig has expired
}

TEST_F(SignalingServerTest, FaultThrottleDelaysAnswersBySize) {
  AddFault(R"({"id":"slow-link","on":"heartbeat","action":{"kind":"throttle","bytesPerSecond":100}})");
  auto client = LoggedIn("alice");
  std::uint32_t seq = client->NextSeq();
  client->SendText(json{{"type", "heartbeat"}, {"seq", seq}}.dump());
  ASSERT_TRUE(WaitFor([&] { return Fired("slow-link") == 1; }));
  servers_->clock().Advance(std::chrono::seconds(2));  // ~90 bytes at 100 B/s
  EXPECT_EQ(client->ResponseTo(seq)["code"], 0);
}

TEST_F(SignalingServerTest, FaultRefuseConnectionsClosesNewOnesWith1013) {
  AddFault(R"({"on":"heartbeat","action":{"kind":"refuse-connections","ms":1000}})");
  auto client = LoggedIn("alice");
  EXPECT_EQ(client->Call("heartbeat")["code"], 0);
  auto refused = Connected();
  EXPECT_FALSE(refused->ReadText().has_value());
  EXPECT_EQ(refused->close_code(), 1013);
  servers_->clock().Advance(std::chrono::seconds(1));
  auto later = Connected();
  EXPECT_EQ(later->Call("hello", Hello("carol"))["code"], 0);
}

TEST_F(SignalingServerTest, ConnectFaultsMatchTheConnectionNumber) {
  AddFault(R"({"on":"connect","connection":2,"action":{"kind":"close","closeCode":4444}})");
  auto first = Connected();
  auto second = Connected();
  EXPECT_FALSE(second->ReadText().has_value());
  EXPECT_EQ(second->close_code(), 4444);
  EXPECT_EQ(first->Call("hello", Hello("alice"))["code"], 0);
}

TEST_F(SignalingServerTest, RecordedFramesHideSecrets) {
  auto client = LoggedIn("alice");
  auto frames = *servers_->Frames(servers_->Sessions().front().connection);
  ASSERT_FALSE(frames.empty());
  EXPECT_THAT(frames.front().text, ::testing::Not(::testing::HasSubstr(Sig("alice"))));
  EXPECT_THAT(frames.front().text, ::testing::HasSubstr(Sig("alice").substr(0, 8) + "…"));
  EXPECT_EQ(servers_->Sessions().front().user_id, "alice");
}

TEST_F(SignalingServerTest, AHelloWhoseKeyIsEscapedIsAcceptedAndItsTokenIsStillRedacted) {
  auto client = Connected();
  const std::string sig = Sig("alice");
  client->SendText(R"({"type":"hello","seq":1,"data":{"protocol":"trtc-conformance/1","sdkAppId":)" +
                   std::to_string(service::kDefaultSdkAppId) + R"(,"userId":"alice","user\u0053ig":")" + sig +
                   R"("}})");
  ASSERT_EQ(client->ResponseTo(1)["code"], 0);
  const std::uint64_t connection = servers_->Sessions().front().connection;
  auto served =
      HttpCall(servers_->port("control"), http::verb::get, "/sessions/" + std::to_string(connection) + "/frames", "");
  ASSERT_EQ(served.status, 200u) << served.body;
  EXPECT_THAT(served.body, ::testing::Not(::testing::HasSubstr(sig)));
  EXPECT_THAT(served.Json()["frames"][0]["text"].get<std::string>(), ::testing::HasSubstr(sig.substr(0, 8) + "…"));
}

class SessionLimitTest : public SignalingServerTest {
  void SetUp() override {
    auto config = service::DefaultServiceConfig();
    config.limits.max_sessions = 1;
    StartServers(config);
  }
};

TEST_F(SessionLimitTest, ConnectionsPastTheLimitClose1013) {
  auto first = LoggedIn("alice");
  auto second = Connected();
  EXPECT_FALSE(second->ReadText().has_value());
  EXPECT_EQ(second->close_code(), 1013);
  EXPECT_EQ(first->Call("heartbeat")["code"], 0);
}

}  // namespace
}  // namespace trtc::servers::testing
