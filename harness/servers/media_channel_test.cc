#include <gmock/gmock.h>

#include "harness/servers/server_set.h"
#include "harness/servers/test_clients.h"
#include "harness/service/service.h"
#include "harness/usersig/usersig.h"

namespace trtc::servers::testing {
namespace {

class MediaChannelTest : public ServersTest {
 protected:
  // A signaling session in room 7; returns its sessionId.
  std::uint64_t Joined(WsClient& client, const std::string& user) {
    EXPECT_TRUE(client.Connect(servers_->port("signaling")));
    std::string sig = usersig::GenerateUserSig(std::string(service::kDefaultSecretKey), service::kDefaultSdkAppId, user,
                                               86400, kStartMs / 1000);
    auto hello = client.Call("hello", {{"protocol", "trtc-conformance/1"},
                                       {"sdkAppId", service::kDefaultSdkAppId},
                                       {"userId", user},
                                       {"userSig", sig}});
    EXPECT_EQ(client.Call("join", {{"roomId", 7}})["code"], 0);
    return hello["data"]["sessionId"];
  }
  void Advance(std::int64_t ms) { servers_->clock().Advance(std::chrono::milliseconds(ms)); }
  std::int64_t Timeout() { return servers_->service().config().limits.media_timeout_ms; }
};

TEST_F(MediaChannelTest, ChannelsOpenOnlyForPublishedStreams) {
  WsClient alice, media;
  std::uint64_t session = Joined(alice, "alice");
  ASSERT_TRUE(media.Connect(servers_->port("media")));
  EXPECT_EQ(media.Call("media.keepalive")["code"], 90107);
  EXPECT_EQ(media.Call("media.open", {{"sessionId", session}, {"direction", "publish"}})["code"], 90105);
  EXPECT_EQ(media.Call("media.open", {{"sessionId", 999999}, {"direction", "publish"}})["code"], 90100);
  ASSERT_EQ(alice.Call("publish")["code"], 0);
  auto opened = media.Call("media.open", {{"sessionId", session}, {"direction", "publish"}});
  EXPECT_EQ(opened["code"], 0);
  EXPECT_EQ(opened["data"]["timeoutMs"], Timeout());
  EXPECT_EQ(media.Call("media.keepalive")["code"], 0);
  EXPECT_EQ(media.Call("media.open", {{"sessionId", session}, {"direction", "publish"}})["code"], 90106);
}

TEST_F(MediaChannelTest, ASilentPublisherLosesItsStreamAndSubscribersHearTheStreamIsGone) {
  WsClient alice, bob, alice_media, bob_media;
  std::uint64_t alice_session = Joined(alice, "alice");
  std::uint64_t bob_session = Joined(bob, "bob");
  ASSERT_EQ(alice.Call("publish")["code"], 0);
  ASSERT_TRUE(alice_media.Connect(servers_->port("media")));
  ASSERT_TRUE(bob_media.Connect(servers_->port("media")));
  ASSERT_EQ(alice_media.Call("media.open", {{"sessionId", alice_session}, {"direction", "publish"}})["code"], 0);
  ASSERT_EQ(bob_media.Call("media.open",
                           {{"sessionId", bob_session}, {"direction", "subscribe"}, {"userId", "alice"}})["code"],
            0);
  // Bob keeps his channel alive; alice goes silent past the media timeout.
  Advance(Timeout() / 2);
  EXPECT_EQ(bob_media.Call("media.keepalive")["code"], 0);
  Advance(Timeout() / 2);
  EXPECT_FALSE(alice_media.ReadText().has_value());
  EXPECT_EQ(alice_media.close_code(), 4002);
  auto removed = bob.TakePush("stream-removed");
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ((*removed)["data"]["reason"], "media-timeout");
  EXPECT_EQ(bob_media.Call("media.keepalive")["code"], 90103);
  EXPECT_FALSE(bob_media.ReadText().has_value());
  EXPECT_EQ(bob_media.close_code(), 4003);
}

TEST_F(MediaChannelTest, AStalledMediaServerLeavesKeepalivesUnanswered) {
  WsClient alice, media;
  std::uint64_t session = Joined(alice, "alice");
  ASSERT_EQ(alice.Call("publish")["code"], 0);
  servers_->faults().Add(std::get<std::vector<faults::Fault>>(faults::ParseFaults(
                             R"({"server":"media","on":"media.keepalive","action":{"kind":"stall"}})", "t"))[0],
                         0);
  ASSERT_TRUE(media.Connect(servers_->port("media")));
  ASSERT_EQ(media.Call("media.open", {{"sessionId", session}, {"direction", "publish"}})["code"], 0);
  media.SendText(R"({"type":"media.keepalive","seq":50})");
  media.SendText(R"({"type":"media.keepalive","seq":51})");
  auto connection = [&] {
    for (const auto& s : servers_->Sessions())
      if (s.server == "media") return s.connection;
    return std::uint64_t{0};
  };
  ASSERT_TRUE(servers_->WaitUntil(
      [&] { return servers_->Frames(connection()).value_or(std::vector<RecordedFrame>{}).size() == 4; }, kGuard));
  EXPECT_EQ(servers_->Frames(connection())->back().direction, "in");  // opened, answered; then nothing
}

TEST_F(MediaChannelTest, SignalingFramesAreRefusedOnTheMediaEndpointAndViceVersa) {
  WsClient alice, media;
  Joined(alice, "alice");
  ASSERT_TRUE(media.Connect(servers_->port("media")));
  EXPECT_EQ(media.Call("heartbeat")["code"], 90004);
  EXPECT_EQ(alice.Call("media.keepalive")["code"], 90004);
}

TEST_F(MediaChannelTest, TheEndpointIsCheckedBeforeTheFields) {  // 90004, not 90005
  WsClient alice, media;
  Joined(alice, "alice");
  ASSERT_TRUE(media.Connect(servers_->port("media")));
  auto join = media.Call("join");
  EXPECT_EQ(join["code"], 90004);
  EXPECT_THAT(join["message"].get<std::string>(), ::testing::HasSubstr("signaling endpoint"));
  auto open = alice.Call("media.open");
  EXPECT_EQ(open["code"], 90004);
  EXPECT_THAT(open["message"].get<std::string>(), ::testing::HasSubstr("media endpoint"));
}

}  // namespace
}  // namespace trtc::servers::testing
