#include <gmock/gmock.h>

#include "harness/servers/server_internals.h"
#include "harness/servers/server_set.h"
#include "harness/servers/test_clients.h"
#include "harness/service/service.h"
#include "harness/usersig/usersig.h"
#include "harness/wire/protocol.h"

namespace trtc::servers::testing {
namespace {

class SignalingServerTest : public ServersTest {
 protected:
  void SetUp() override { StartWith(service::DefaultServiceConfig()); }

  void StartWith(service::ServiceConfig config) {
    scenario::WorldOptions options;
    options.servers.config = std::move(config);
    options.servers.enable_tls = true;
    options.servers.threads = 2;
    StartServers(std::move(options));
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
  // The live session of `user` (the one its hello named).
  std::optional<SessionInfo> SessionOf(const std::string& user) {
    for (const auto& session : servers_->Sessions())
      if (session.user_id == user) return session;
    return std::nullopt;
  }
  std::size_t Journaled(journal::Kind kind, std::uint64_t connection) {
    auto entries = servers_->journal().Entries();
    return static_cast<std::size_t>(std::count_if(
        entries.begin(), entries.end(), [&](const auto& e) { return e.kind == kind && e.connection == connection; }));
  }
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
  WsClient client(WsTransport::kTls);  // verifies nothing: the server's certificate is self-signed
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

TEST_F(SignalingServerTest, ABurstOfBadFramesGetsEveryAnswerBeforeThe1008Close) {
  auto client = Connected();
  client->SendTextsInOneWrite(std::vector<std::string>(wire::kMaxConsecutiveProtocolErrors, "nope"));
  for (int i = 0; i < wire::kMaxConsecutiveProtocolErrors; ++i) {
    auto answer = client->ReadJson();
    ASSERT_TRUE(answer.has_value()) << "answer " << i + 1 << " did not arrive before the close";
    EXPECT_EQ((*answer)["code"], 90001);
  }
  EXPECT_FALSE(client->ReadText().has_value());
  EXPECT_EQ(client->close_code(), 1008);
}

// A throttled link on a frozen clock writes nothing, so every answer stays queued: the
// session must stop reading at the queue's bound and go on once it drains.
TEST_F(SignalingServerTest, AClientThatDoesNotReadIsNotReadFromWhileOthersAreServed) {
  ASSERT_TRUE(
      world_->AddFaults(R"({"on":"hello","user":"alice","action":{"kind":"throttle","bytesPerSecond":10000}})"));
  constexpr std::size_t kBound = WriteQueue::kMaxFrames;
  auto alice = Connected();
  std::vector<std::string> frames{json{{"type", "hello"}, {"seq", 1}, {"data", Hello("alice")}}.dump()};
  for (std::size_t seq = 2; seq <= 3 * kBound; ++seq)
    frames.push_back(json{{"type", "heartbeat"}, {"seq", seq}}.dump());
  alice->SendTextsInOneWrite(frames);
  ASSERT_TRUE(servers_->WaitUntil([&] { return SessionOf("alice").value_or(SessionInfo{}).queued == kBound; }, kGuard));
  const std::uint64_t connection = SessionOf("alice")->connection;
  EXPECT_EQ(LoggedIn("bob")->Call("heartbeat")["code"], 0);  // another client is served meanwhile
  EXPECT_EQ(Journaled(journal::Kind::kRequest, connection), kBound) << "requests read past a full queue";
  EXPECT_EQ(SessionOf("alice")->queued, kBound);
  // The queued answers (about 5 kB: 0.5 s at 10 kB/s) leave; reading resumes, and stops
  // again at the bound. (Within the 15 s heartbeat timeout, which would close the session.)
  servers_->clock().Advance(std::chrono::seconds(5));
  for (std::size_t seq = 1; seq <= kBound; ++seq) EXPECT_EQ(alice->ReadJson().value_or(json())["seq"], seq);
  ASSERT_TRUE(
      servers_->WaitUntil([&] { return Journaled(journal::Kind::kRequest, connection) == 2 * kBound; }, kGuard));
  EXPECT_TRUE(servers_->WaitUntil([&] { return SessionOf("alice")->queued == kBound; }, kGuard));
}

TEST_F(SignalingServerTest, AClientThatReadsNothingWhilePushesPileUpIsReset) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"hello","user":"alice","action":{"kind":"throttle","bytesPerSecond":1000}})"));
  auto alice = Connected();
  alice->SendTextsInOneWrite({json{{"type", "hello"}, {"seq", 1}, {"data", Hello("alice")}}.dump(),
                              json{{"type", "join"}, {"seq", 2}, {"data", {{"roomId", 7}}}}.dump()});
  ASSERT_TRUE(servers_->WaitUntil([&] { return SessionOf("alice").value_or(SessionInfo{}).queued == 2; }, kGuard));
  const std::uint64_t connection = SessionOf("alice")->connection;
  auto bob = LoggedIn("bob");
  // Each join and leave pushes peer-join or peer-leave to alice, past the drop limit.
  for (std::size_t i = 0; i < WriteQueue::kDropFrames / 2; ++i) {
    ASSERT_EQ(bob->Call("join", {{"roomId", 7}})["code"], 0);
    ASSERT_EQ(bob->Call("leave")["code"], 0);
  }
  ASSERT_TRUE(servers_->WaitUntil([&] { return Journaled(journal::Kind::kClosed, connection) == 1; }, kGuard));
  auto frames = servers_->Frames(connection).value_or(std::vector<RecordedFrame>{});
  ASSERT_FALSE(frames.empty());
  EXPECT_THAT(frames.back().text, ::testing::StartsWith("(reset: the client does not read"));
  EXPECT_EQ(bob->Call("heartbeat")["code"], 0);
}

TEST_F(SignalingServerTest, TheClientsCloseCodeOrTheBrokenConnectionIsRecorded) {
  auto closing = LoggedIn("alice");
  const std::uint64_t closed = SessionOf("alice")->connection;
  closing->CloseWith(4100, "done here");
  auto resetting = LoggedIn("bob");
  const std::uint64_t reset = SessionOf("bob")->connection;
  resetting->Reset();
  ASSERT_TRUE(servers_->WaitUntil([&] { return Journaled(journal::Kind::kGone, reset) == 1; }, kGuard));
  ASSERT_TRUE(servers_->WaitUntil([&] { return Journaled(journal::Kind::kGone, closed) == 1; }, kGuard));
  for (const auto& entry : servers_->journal().Entries()) {
    if (entry.kind != journal::Kind::kGone) continue;
    if (entry.connection == closed) {
      EXPECT_EQ(entry.code, 4100);
    } else if (entry.connection == reset) {
      EXPECT_EQ(entry.code, std::nullopt);
    }
  }
  EXPECT_EQ(servers_->Frames(closed)->back().text, "(close 4100 done here)");
  EXPECT_THAT(servers_->Frames(reset)->back().text, ::testing::HasSubstr("reset by peer"));
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

// --- the vendor Web SDK's own wire format (docs/vendor-protocol.md) ----------------

// A client speaking what trtc-js-sdk 4.15.22 speaks, on /vendor/web-v4.
class VendorSdkClient {
 public:
  explicit VendorSdkClient(std::uint16_t port, const std::string& query) {
    EXPECT_TRUE(ws_.Connect(port, "/vendor/web-v4?" + query));
  }
  std::uint32_t Send(const std::string& cmd, json data = json::object()) {
    ws_.SendText(json{{"cmd", cmd}, {"data", std::move(data)}, {"userId", "alice"}, {"seq", ++seq_}}.dump());
    return seq_;
  }
  // The next frame with numeric command `cmd` (others are kept aside).
  std::optional<json> Next(int cmd) {
    while (auto frame = ws_.ReadJson()) {
      if ((*frame)["cmd"] == cmd) return frame;
    }
    return std::nullopt;
  }
  WsClient& ws() { return ws_; }

 private:
  WsClient ws_;
  std::uint32_t seq_ = 0;
};

class VendorSignalingTest : public SignalingServerTest {
 protected:
  std::string Query(const std::string& user, const std::string& sig) {
    return "sdkAppId=" + std::to_string(service::kDefaultSdkAppId) + "&userId=" + user + "&userSig=" + sig +
           "&roomId=8080&enc264=1&dec264=1&encVp8=1&decVp8=1";
  }
  static json JoinData() {
    return {{"roomId", "8080"}, {"useStringRoomId", false}, {"trtcRole", 20}, {"trtcScene", 1}, {"version", 4015022},
            {"ua", "test"},     {"receiveMix", true}};
  }
};

TEST_F(VendorSignalingTest, TheSdkSignsInThroughItsUrlAndJoinsTheRoomOthersSee) {
  VendorSdkClient sdk(servers_->port("signaling"), Query("alice", Sig("alice")));
  auto setup = sdk.Next(19);
  ASSERT_TRUE(setup.has_value());
  EXPECT_EQ((*setup)["code"], 0);
  EXPECT_EQ((*setup)["data"]["svrTime"], kStartMs);  // the server clock, which the SDK stamps its logs with
  auto bob = LoggedIn("bob");
  EXPECT_EQ(bob->Call("join", {{"roomId", 8080}})["code"], 0);
  auto seq = sdk.Send("join", JoinData());
  auto joined = sdk.Next(20);
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ((*joined)["code"], 0);
  EXPECT_EQ((*joined)["seq"], seq);
  EXPECT_TRUE((*joined)["data"]["publishers"].is_array());
  auto peer = bob->TakePush("peer-join");
  ASSERT_TRUE(peer.has_value());
  EXPECT_EQ((*peer)["data"]["userId"], "alice");
  sdk.Send("get_user_list");
  auto users = sdk.Next(4137);
  ASSERT_TRUE(users.has_value());
  ASSERT_EQ((*users)["data"]["userList"].size(), 1u);
  EXPECT_EQ((*users)["data"]["userList"][0]["userId"], "bob");
  // The same userId joining from the open protocol bans the SDK's session: cmd 9 "kick".
  auto again = LoggedIn("alice");
  EXPECT_EQ(again->Call("join", {{"roomId", 8080}})["code"], 0);
  auto banned = sdk.Next(9);
  ASSERT_TRUE(banned.has_value());
  EXPECT_EQ((*banned)["data"]["reason"], "kick");
}

TEST_F(VendorSignalingTest, AccountCodesAndFaultsAnswerInChannelSetupAndJoinResult) {
  const auto expired = usersig::GenerateUserSig(std::string(service::kDefaultSecretKey), service::kDefaultSdkAppId,
                                                "alice", 60, kStartMs / 1000 - 120);
  VendorSdkClient stale(servers_->port("signaling"), Query("alice", expired));
  EXPECT_EQ(stale.Next(19).value_or(json())["code"], 70001);
  ASSERT_TRUE(world_->AddFaults(
      R"({"on":"hello","user":"carol","action":{"kind":"reply","code":-100013,"message":"forced"}})"));
  VendorSdkClient refused(servers_->port("signaling"), Query("carol", Sig("carol")));
  EXPECT_EQ(refused.Next(19).value_or(json())["code"], -100013);
  ASSERT_TRUE(world_->AddFaults(R"({"on":"join","action":{"kind":"reply","code":70013,"message":"forced"}})"));
  VendorSdkClient joining(servers_->port("signaling"), Query("dave", Sig("dave")));
  EXPECT_EQ(joining.Next(19).value_or(json())["code"], 0);
  joining.Send("join", JoinData());
  EXPECT_EQ(joining.Next(20).value_or(json())["code"], 70013);
}

TEST_F(VendorSignalingTest, AReconnectionIsAnsweredWith19Then514AndRejoinsTheRoom) {
  auto bob = LoggedIn("bob");
  EXPECT_EQ(bob->Call("join", {{"roomId", 8080}})["code"], 0);
  VendorSdkClient sdk(servers_->port("signaling"), Query("alice", Sig("alice")) +
                                                       "&rc=1&relayInnerIp=&relayOuterIp=&relayPort=0&roomId=8080"
                                                       "&useStringRoomId=false");
  EXPECT_EQ(sdk.Next(19).value_or(json())["code"], 0);
  EXPECT_EQ(sdk.Next(514).value_or(json())["code"], 0);
  EXPECT_TRUE(bob->TakePush("peer-join").has_value());
}

TEST_F(VendorSignalingTest, ConnectFaultsSpeakTheSdksFormatAndADelayedSignInStillRejoins) {
  ASSERT_TRUE(
      world_->AddFaults(R"({"on":"connect","action":{"kind":"push","event":"banned","data":{"reason":"banned"}}})"));
  ASSERT_TRUE(world_->AddFaults(R"({"id":"slow-sign-in","on":"hello","action":{"kind":"delay","ms":3000}})"));
  VendorSdkClient sdk(servers_->port("signaling"), Query("alice", Sig("alice")) + "&rc=1&roomId=8080");
  auto pushed = sdk.ws().ReadJson();
  ASSERT_TRUE(pushed.has_value());
  EXPECT_EQ((*pushed)["cmd"], 9);
  EXPECT_EQ((*pushed)["data"]["reason"], "banned");
  ASSERT_TRUE(servers_->faults().WaitFired("slow-sign-in", kGuard));  // held from the server time it fired
  servers_->clock().Advance(std::chrono::milliseconds(3000));
  EXPECT_EQ(sdk.Next(19).value_or(json())["code"], 0);
  EXPECT_EQ(sdk.Next(514).value_or(json())["code"], 0) << "the rejoin goes on after the delayed sign-in";
}

TEST_F(VendorSignalingTest, ABadUrlOrFrameGetsADocumentedProtocolError) {
  VendorSdkClient no_sig(servers_->port("signaling"), "sdkAppId=1&userId=alice");
  auto error = no_sig.Next(0);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ((*error)["code"], 90005);
  EXPECT_EQ((*error)["data"]["field"], "query.userSig");
  EXPECT_FALSE(no_sig.ws().ReadText().has_value());
  EXPECT_EQ(no_sig.ws().close_code(), 1008);
  VendorSdkClient sdk(servers_->port("signaling"), Query("alice", Sig("alice")));
  EXPECT_EQ(sdk.Next(19).value_or(json())["code"], 0);
  sdk.ws().SendText(R"({"cmd":"teleport","seq":4})");
  auto unknown = sdk.Next(0);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ((*unknown)["code"], 90004);
  EXPECT_EQ((*unknown)["seq"], 4);
  sdk.Send("join", JoinData());  // and the connection goes on
  EXPECT_EQ(sdk.Next(20).value_or(json())["code"], 0);
}

// --- every fault action over a real socket ---------------------------------------

TEST_F(SignalingServerTest, FaultReplyReplacesTheAnswer) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"join","action":{"kind":"reply","code":-10011,"message":"forced"}})"));
  auto client = LoggedIn("alice");
  auto response = client->Call("join", {{"roomId", 1}});
  EXPECT_EQ(response["code"], -10011);
  EXPECT_EQ(response["message"], "forced");
  EXPECT_EQ(client->Call("join", {{"roomId", 1}})["code"], 0);  // times: 1
}

TEST_F(SignalingServerTest, FaultDelayHoldsTheRequestForServerTime) {
  ASSERT_TRUE(world_->AddFaults(R"({"id":"slow","on":"join","action":{"kind":"delay","ms":5000}})"));
  auto client = LoggedIn("alice");
  std::uint32_t join = client->NextSeq();
  client->SendText(json{{"type", "join"}, {"seq", join}, {"data", {{"roomId", 1}}}}.dump());
  ASSERT_TRUE(servers_->faults().WaitFired("slow", kGuard));
  EXPECT_EQ(servers_->faults().FiredCount("slow"), 1u);
  servers_->clock().Advance(std::chrono::milliseconds(5000));
  EXPECT_EQ(client->ResponseTo(join)["code"], 0);
}

TEST_F(SignalingServerTest, FaultDropLeavesARequestUnanswered) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"join","action":{"kind":"drop"}})"));
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"join","seq":50,"data":{"roomId":1}})");
  auto next = client->Call("heartbeat");  // answered; the join never is
  EXPECT_EQ(next["request"], "heartbeat");
}

TEST_F(SignalingServerTest, FaultStallStopsAllAnswers) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"join","action":{"kind":"stall"}})"));
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"join","seq":50,"data":{"roomId":1}})");
  client->SendText(R"({"type":"heartbeat","seq":51})");
  std::uint64_t connection = servers_->Sessions().front().connection;
  auto inbound = [&] {
    auto frames = servers_->Frames(connection).value_or(std::vector<RecordedFrame>{});
    return std::count_if(frames.begin(), frames.end(), [](const auto& f) { return f.direction == "in"; });
  };
  ASSERT_TRUE(servers_->WaitUntil([&] { return inbound() == 3; }, kGuard));
  auto frames = *servers_->Frames(connection);
  EXPECT_EQ(frames.back().direction, "in");  // nothing went out after the stall
  EXPECT_EQ(std::count_if(frames.begin(), frames.end(), [](const auto& f) { return f.direction == "out"; }), 1);
}

TEST_F(SignalingServerTest, FaultCloseUsesTheGivenCloseCode) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"publish","action":{"kind":"close","closeCode":4321,"message":"bye"}})"));
  auto client = LoggedIn("alice");
  client->Call("join", {{"roomId", 1}});
  client->SendText(R"({"type":"publish","seq":99})");
  EXPECT_FALSE(client->ReadText().has_value());
  EXPECT_EQ(client->close_code(), 4321);
}

TEST_F(SignalingServerTest, FaultResetDropsTheTcpConnectionWithoutAClose) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"join","action":{"kind":"reset"}})"));
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"join","seq":9,"data":{"roomId":1}})");
  EXPECT_FALSE(client->ReadText().has_value());
  EXPECT_FALSE(client->ended_with_close_frame());  // no close frame: reset or eof
}

TEST_F(SignalingServerTest, FaultMalformedAndTruncatedSendBrokenFrames) {
  ASSERT_TRUE(world_->AddFaults(R"([{"on":"join","action":{"kind":"malformed"}},
              {"on":"heartbeat","action":{"kind":"truncated"}}])"));
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
  ASSERT_TRUE(
      world_->AddFaults(R"({"on":"heartbeat","action":{"kind":"push","event":"banned","data":{"reason":"banned"}}})"));
  auto client = LoggedIn("alice");
  client->SendText(R"({"type":"heartbeat","seq":7})");
  auto push = client->ReadJson();
  ASSERT_TRUE(push.has_value());
  EXPECT_EQ((*push)["event"], "banned");
  EXPECT_EQ((*push)["data"]["reason"], "banned");
  EXPECT_EQ(client->ResponseTo(7)["code"], 0);
}

TEST_F(SignalingServerTest, FaultMoveClockExpiresATokenForTheNextJoin) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"heartbeat","action":{"kind":"move-clock","ms":11000}})"));
  auto client = Connected();
  json hello = Hello("alice");
  hello["userSig"] = usersig::GenerateUserSig(std::string(service::kDefaultSecretKey), service::kDefaultSdkAppId,
                                              "alice", /*expire=*/10, kStartMs / 1000);
  EXPECT_EQ(client->Call("hello", hello)["code"], 0);
  EXPECT_EQ(client->Call("heartbeat")["code"], 0);
  EXPECT_EQ(client->Call("join", {{"roomId", 1}})["code"], -10013);  // the 10 s userSig has expired
}

TEST_F(SignalingServerTest, FaultThrottleDelaysAnswersBySize) {
  ASSERT_TRUE(
      world_->AddFaults(R"({"id":"slow-link","on":"heartbeat","action":{"kind":"throttle","bytesPerSecond":100}})"));
  auto client = LoggedIn("alice");
  std::uint32_t seq = client->NextSeq();
  client->SendText(json{{"type", "heartbeat"}, {"seq", seq}}.dump());
  ASSERT_TRUE(servers_->faults().WaitFired("slow-link", kGuard));
  EXPECT_EQ(servers_->faults().FiredCount("slow-link"), 1u);
  servers_->clock().Advance(std::chrono::seconds(2));  // ~90 bytes at 100 B/s
  EXPECT_EQ(client->ResponseTo(seq)["code"], 0);
}

TEST_F(SignalingServerTest, FaultRefuseConnectionsClosesNewOnesWith1013) {
  ASSERT_TRUE(world_->AddFaults(R"({"on":"heartbeat","action":{"kind":"refuse-connections","ms":1000}})"));
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
  ASSERT_TRUE(world_->AddFaults(R"({"on":"connect","connection":2,"action":{"kind":"close","closeCode":4444}})"));
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
  auto served = HttpCall(servers_->port("control"), "GET", "/sessions/" + std::to_string(connection) + "/frames", "");
  ASSERT_EQ(served.status, 200u) << served.body;
  EXPECT_THAT(served.body, ::testing::Not(::testing::HasSubstr(sig)));
  EXPECT_THAT(served.Json()["frames"][0]["text"].get<std::string>(), ::testing::HasSubstr(sig.substr(0, 8) + "…"));
}

class SessionLimitTest : public SignalingServerTest {
  void SetUp() override {
    auto config = service::DefaultServiceConfig();
    config.limits.max_sessions = 1;
    StartWith(config);
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
