// What a script cannot say: how many reconnection attempts reach the server, in what
// order the client reports its states, and that it recovers once a fault is lifted.
// Written against the reference client and the mock servers with the mocks/ matchers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/journal/journal.h"
#include "harness/reference_client/reference_client.h"
#include "harness/scenario/world.h"
#include "harness/service/app_config.h"
#include "harness/usersig/usersig.h"
#include "mocks/client_mocks.h"

namespace trtc {
namespace {

using mocks::HasCode;
using mocks::HasReason;
using mocks::IsEventWith;
using mocks::MockClientObserver;
using mocks::Sdk;
using mocks::SurfacedWithin;
using nlohmann::json;
using testing::_;
using testing::AnyNumber;

constexpr std::int64_t kStartMs = scenario::kWorldStartMs;

// The scenario fixture (harness/scenario/world.h) with a gMock observer beside its recorder.
class ReconnectionTest : public testing::Test {
 protected:
  void SetUp() override {
    scenario::WorldOptions options;
    options.servers.config.limits.heartbeat_timeout_ms = 86'400'000;
    auto started = scenario::World::Start(std::move(options));
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<scenario::World>>(started)) << std::get<std::string>(started);
    world_ = std::move(std::get<std::unique_ptr<scenario::World>>(started));
    EXPECT_CALL(observer_, OnResult(_)).Times(AnyNumber());
  }
  void TearDown() override {
    if (world_) world_->Stop();
  }

  void StartClient() {
    ASSERT_FALSE(world_->StartSubject([] { return refclient::MakeReferenceClient(); }, &observer_));
  }

  // Runs one command to its result and returns the result code.
  int Do(const std::string& operation, json args = json::object()) {
    client::OperationResult result;
    auto answered = world_->Do(world_->subject(), operation, std::move(args), &result);
    EXPECT_TRUE(answered);
    return answered ? result.code : -1;
  }

  void Join() {
    auto sig = usersig::GenerateUserSig(service::kDefaultSecretKey, service::kDefaultSdkAppId, "alice", 86400,
                                        kStartMs / 1000);
    ASSERT_EQ(Do("create-client", {{"sdkAppId", service::kDefaultSdkAppId}, {"userId", "alice"}, {"userSig", sig}}), 0);
    ASSERT_EQ(Do("join", {{"roomId", 8080}}), 0);
  }

  // Every signaling connection the servers accepted, from the journal.
  journal::View Connections() const {
    return journal::View(world_->journal().Entries()).OnServer("signaling").OfKind(journal::Kind::kConnect);
  }

  MockClientObserver observer_;
  std::unique_ptr<scenario::World> world_;
};

json State(const char* state) { return {{"state", state}}; }

class SignalingDropTest : public ReconnectionTest {
 protected:
  // The connection drops at the first heartbeat; then `refusals` connections are refused
  // (0: all of them).
  void DropThenRefuse(int refusals) {
    ASSERT_TRUE(world_->AddFaults(R"([{"server":"signaling","on":"heartbeat","action":{"kind":"reset"}},
                 {"id":"refuse","server":"signaling","on":"connect","nth":2,"times":)" +
                                  std::to_string(refusals) + R"(,"action":{"kind":"close","closeCode":1013}}])"));
  }
  // Within the caller's InSequence: joined, then reconnecting.
  void ExpectJoinedThenReconnecting() {
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("CONNECTED"))));
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("RECONNECTING"))));
  }
  // Joins, lets the first heartbeat go out (and the connection drop), waits for reconnecting.
  void JoinAndDrop() {
    StartClient();
    Join();
    ASSERT_TRUE(world_->Advance(2000, 2000));
    ASSERT_TRUE(world_->WaitForEvent("connection-state-changed", State("RECONNECTING")));
  }
};

TEST_F(SignalingDropTest, RecoversOnceTheRefusalsEndWithoutSurfacingAnError) {
  DropThenRefuse(3);
  {
    testing::InSequence order;
    ExpectJoinedThenReconnecting();
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("CONNECTED"))));
  }
  EXPECT_CALL(observer_, OnError(_)).Times(0);
  JoinAndDrop();
  ASSERT_TRUE(world_->Advance(12000, 1000));  // windows of 2, 2, 3 s: attempts 1-3 refused, the 4th at 7 s succeeds
  ASSERT_TRUE(world_->WaitForEvent("connection-state-changed", State("CONNECTED"), /*times=*/2));
  EXPECT_EQ(world_->TimesFired("refuse"), 3u);  // three attempts refused; the fourth stayed
  // The journal's view of it: the join's connection at 0, the drop at 2 s, then attempts in
  // windows of 2, 2 and 3 s. The first attempt starts when the client sees the drop, which
  // can be after the next clock step began (so 2 or 3 s); the later ones start on timers.
  std::vector<std::int64_t> since_start;
  for (auto at : Connections().Times()) since_start.push_back(at - kStartMs);
  EXPECT_THAT(since_start, testing::ElementsAre(0, testing::AnyOf(2000, 3000), 4000, 6000, 9000));
}

TEST_F(SignalingDropTest, GivesUpAfterThirtyAttemptsThenReportsDisconnected) {
  DropThenRefuse(0);
  {
    testing::InSequence order;
    ExpectJoinedThenReconnecting();
    EXPECT_CALL(observer_,
                OnError(testing::AllOf(HasCode(Sdk("SIGNAL_CHANNEL_RECONNECTION_FAILED")),
                                       HasReason("SignalChannel reconnect failed"), SurfacedWithin(2000 + 322000))));
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("DISCONNECTED"))));
  }
  JoinAndDrop();
  ASSERT_TRUE(world_->Advance(321000, 1000));
  EXPECT_THAT(world_->subject().recorder->EventsCopy(),
              testing::Not(testing::Contains(IsEventWith("connection-state-changed", State("DISCONNECTED")))))
      << "gave up before the 30th window closed";
  ASSERT_TRUE(world_->Advance(1000, 1000));
  ASSERT_TRUE(world_->WaitForEvent("connection-state-changed", State("DISCONNECTED")));
  EXPECT_EQ(world_->TimesFired("refuse"), 30u);  // every one of the 30 attempts reached the server
  EXPECT_EQ(Connections().count(), 31u);         // the join's, then 30 attempts
}

}  // namespace
}  // namespace trtc
