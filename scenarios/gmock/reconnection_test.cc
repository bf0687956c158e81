// What a script cannot say: how many reconnection attempts reach the server, in what
// order the client reports its states, and that it recovers once a fault is lifted.
// Written against the reference client and the mock servers with the mocks/ matchers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>

#include "harness/journal/journal.h"
#include "harness/reference_client/reference_client.h"
#include "harness/servers/server_set.h"
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

constexpr std::int64_t kStartMs = 1'700'000'000'000;

class ReconnectionTest : public testing::Test {
 protected:
  void SetUp() override {
    servers::ServerSetOptions options;
    options.enable_tls = false;
    options.clock = {kStartMs, 0.0};
    options.config.limits.heartbeat_timeout_ms = 86'400'000;
    servers_ = std::get<std::unique_ptr<servers::ServerSet>>(servers::ServerSet::Start(options));
    EXPECT_CALL(observer_, OnResult(_)).Times(AnyNumber()).WillRepeatedly([this](const client::OperationResult& r) {
      Signal([&] { results_[r.id] = r.code; });
    });
  }
  void TearDown() override {
    if (client_) client_->Stop();
  }

  void StartClient() {
    client::ClientConfig config;
    config.signaling_url = "ws://127.0.0.1:" + std::to_string(servers_->port("signaling")) + "/";
    config.media_url = "ws://127.0.0.1:" + std::to_string(servers_->port("media")) + "/";
    config.stun_host = "127.0.0.1";
    client_ = refclient::MakeReferenceClient();
    ASSERT_FALSE(client_->Start(config, observer_));
  }

  // Runs one command to its result and returns the result code.
  int Do(const std::string& operation, json args = json::object()) {
    const std::uint64_t id = ++next_id_;
    client_->Execute({id, operation, std::move(args)});
    std::unique_lock lock(mutex_);
    EXPECT_TRUE(changed_.wait_for(lock, std::chrono::seconds(5), [&] { return results_.contains(id); }))
        << operation << " got no result";
    return results_.contains(id) ? results_[id] : -1;
  }

  void Join() {
    auto sig = usersig::GenerateUserSig(service::kDefaultSecretKey, service::kDefaultSdkAppId, "alice", 86400,
                                        kStartMs / 1000);
    ASSERT_EQ(Do("create-client", {{"sdkAppId", service::kDefaultSdkAppId}, {"userId", "alice"}, {"userSig", sig}}), 0);
    ASSERT_EQ(Do("join", {{"roomId", 8080}}), 0);
  }

  // Moves the server clock and the client's, in steps of `by_ms`.
  void Advance(std::int64_t ms, std::int64_t by_ms) {
    for (std::int64_t done = 0; done < ms; done += by_ms) {
      servers_->clock().Advance(std::chrono::milliseconds(by_ms));
      Do("advance-clock", {{"ms", by_ms}});
    }
  }

  void AddFault(const std::string& text) {
    auto parsed = faults::ParseFaults(text, "test");
    for (const auto& fault : std::get<std::vector<faults::Fault>>(parsed))
      servers_->faults().Add(fault, servers_->clock().Now().count());
  }

  // Every signaling connection the servers accepted, from the journal.
  journal::View Connections() const {
    return journal::View(servers_->journal().Entries()).OnServer("signaling").OfKind(journal::Kind::kConnect);
  }

  std::uint64_t TimesFired(const std::string& fault_id) const {
    for (const auto& [id, count] : servers_->faults().FiredCounts())
      if (id == fault_id) return count;
    return 0;
  }

  template <class F>
  void Signal(F f) {
    {
      std::lock_guard lock(mutex_);
      f();
    }
    changed_.notify_all();
  }
  bool WaitUntil(const bool& flag) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(5), [&] { return flag; });
  }
  auto SetFlag(bool& flag) {
    return [this, &flag](const client::ClientEvent&) { Signal([&] { flag = true; }); };
  }

  MockClientObserver observer_;
  std::unique_ptr<servers::ServerSet> servers_;
  std::unique_ptr<client::ClientUnderTest> client_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::uint64_t, int> results_;
  std::uint64_t next_id_ = 0;
};

json State(const char* state) { return {{"state", state}}; }

class SignalingDropTest : public ReconnectionTest {
 protected:
  // The connection drops at the first heartbeat; then `refusals` connections are refused
  // (0: all of them).
  void DropThenRefuse(int refusals) {
    AddFault(R"([{"server":"signaling","on":"heartbeat","action":{"kind":"reset"}},
                 {"id":"refuse","server":"signaling","on":"connect","nth":2,"times":)" +
             std::to_string(refusals) + R"(,"action":{"kind":"close","closeCode":1013}}])");
  }
  // Within the caller's InSequence: joined, then reconnecting (which sets `reconnecting`).
  void ExpectJoinedThenReconnecting(bool& reconnecting) {
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("CONNECTED"))));
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("RECONNECTING"))))
        .WillOnce(SetFlag(reconnecting));
  }
  // Joins, lets the first heartbeat go out (and the connection drop), waits for reconnecting.
  void JoinAndDrop(const bool& reconnecting) {
    StartClient();
    Join();
    Advance(2000, 2000);
    ASSERT_TRUE(WaitUntil(reconnecting));
  }
};

TEST_F(SignalingDropTest, RecoversOnceTheRefusalsEndWithoutSurfacingAnError) {
  DropThenRefuse(3);
  bool reconnecting = false, reconnected = false;
  {
    testing::InSequence order;
    ExpectJoinedThenReconnecting(reconnecting);
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("CONNECTED"))))
        .WillOnce(SetFlag(reconnected));
  }
  EXPECT_CALL(observer_, OnError(_)).Times(0);
  JoinAndDrop(reconnecting);
  Advance(12000, 1000);  // windows of 2, 2, 3 s: attempts 1-3 refused, the 4th at 7 s succeeds
  ASSERT_TRUE(WaitUntil(reconnected));
  EXPECT_EQ(TimesFired("refuse"), 3u);  // three attempts refused; the fourth stayed
  // The journal's view of it: the join's connection at 0, the drop at 2 s, then attempts in
  // windows of 2, 2 and 3 s. The first attempt starts when the client sees the drop, which
  // can be after the next clock step began (so 2 or 3 s); the later ones start on timers.
  std::vector<std::int64_t> since_start;
  for (auto at : Connections().Times()) since_start.push_back(at - kStartMs);
  EXPECT_THAT(since_start, testing::ElementsAre(0, testing::AnyOf(2000, 3000), 4000, 6000, 9000));
}

TEST_F(SignalingDropTest, GivesUpAfterThirtyAttemptsThenReportsDisconnected) {
  DropThenRefuse(0);
  bool reconnecting = false, disconnected = false;
  {
    testing::InSequence order;
    ExpectJoinedThenReconnecting(reconnecting);
    EXPECT_CALL(observer_,
                OnError(testing::AllOf(HasCode(Sdk("SIGNAL_CHANNEL_RECONNECTION_FAILED")),
                                       HasReason("SignalChannel reconnect failed"), SurfacedWithin(2000 + 322000))));
    EXPECT_CALL(observer_, OnEvent(IsEventWith("connection-state-changed", State("DISCONNECTED"))))
        .WillOnce(SetFlag(disconnected));
  }
  JoinAndDrop(reconnecting);
  Advance(321000, 1000);
  EXPECT_FALSE(disconnected) << "gave up before the 30th window closed";
  Advance(1000, 1000);
  ASSERT_TRUE(WaitUntil(disconnected));
  EXPECT_EQ(TimesFired("refuse"), 30u);   // every one of the 30 attempts reached the server
  EXPECT_EQ(Connections().count(), 31u);  // the join's, then 30 attempts
}

}  // namespace
}  // namespace trtc
