#include "harness/service/session.h"

#include <gmock/gmock.h>

#include "harness/common/file_io.h"
#include "harness/service/service_test_support.h"
#include "harness/webrtc/sdp.h"

namespace trtc::service::testing {
namespace {

using wire::Join;

class SessionTest : public ServiceTest {};

TEST_F(SessionTest, HelloAcceptsAGoodTokenAndRejectsEachBadOneWithItsAccountCode) {
  Client alice(service_, "alice");
  EXPECT_EQ(alice.Hello(""), 70002);
  EXPECT_EQ(alice.Hello("not a token"), 70003);
  EXPECT_EQ(alice.Hello(usersig::GenerateUserSig("wrong key", kDefaultSdkAppId, "alice", 86400, clock_.NowSeconds())),
            70009);
  EXPECT_EQ(alice.Hello(usersig::GenerateUserSig(std::string(kDefaultSecretKey), kDefaultSdkAppId, "alice", 60,
                                                 clock_.NowSeconds() - 120)),
            70001);
  EXPECT_EQ(alice.Hello(), 0);
}

TEST_F(SessionTest, HelloChecksTheAppAndTheUserIdFirst) {
  Client bad_user(service_, "not/valid");
  EXPECT_EQ(bad_user.Hello(), 70105);
  Client alice(service_, "alice");
  EXPECT_EQ(alice.Code(wire::Hello{std::string(wire::kProtocolName), 0, "alice", alice.Sig()}), -8);
  EXPECT_EQ(alice.Code(wire::Hello{std::string(wire::kProtocolName), 1400000999, "alice", alice.Sig()}), 70014);
}

TEST_F(SessionTest, FiveFailedLoginsLockTheUserOutForAMinuteOfServerTime) {
  Client alice(service_, "alice");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(alice.Hello("garbage"), 70003);
  EXPECT_EQ(alice.Hello(), 70050);
  clock_.Advance(std::chrono::seconds(59));
  EXPECT_EQ(alice.Hello(), 70050);
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(alice.Hello(), 0);
}

TEST_F(SessionTest, RequestsBeforeHelloGetAProtocolError) {
  Client alice(service_, "alice");
  alice.session().Handle({1, Join{std::int64_t{1234}}});
  ASSERT_EQ(alice.outbox().messages.size(), 1u);
  const auto& error = std::get<wire::ProtocolError>(alice.outbox().messages.front());
  EXPECT_EQ(error.code, wire::ProtocolErrorCode::kHelloRequired);
  EXPECT_EQ(error.seq, std::optional<std::uint32_t>(1));
}

TEST_F(SessionTest, RoomOperationsBeforeHelloAreNotLoggedIn) {
  Client alice(service_, "alice");
  EXPECT_EQ(alice.Code(wire::RoomEnter{"r1"}), -1002);
}

TEST_F(SessionTest, ASecondHelloIsAProtocolError) {
  auto alice = LoggedIn("alice");
  alice->session().Handle({9, wire::Hello{std::string(wire::kProtocolName), kDefaultSdkAppId, "alice", alice->Sig()}});
  EXPECT_EQ(std::get<wire::ProtocolError>(alice->outbox().messages.back()).code,
            wire::ProtocolErrorCode::kAlreadyHello);
}

TEST_F(SessionTest, AnotherProtocolVersionIsRefused) {
  Client alice(service_, "alice");
  alice.session().Handle({1, wire::Hello{"trtc-conformance/2", kDefaultSdkAppId, "alice", alice.Sig()}});
  EXPECT_EQ(std::get<wire::ProtocolError>(alice.outbox().messages.back()).code,
            wire::ProtocolErrorCode::kUnsupportedProtocol);
}

TEST_F(SessionTest, RoomIdRulesGiveMinus10012) {
  auto alice = LoggedIn("alice");
  EXPECT_EQ(alice->Code(Join{std::int64_t{0}}), -10012);
  EXPECT_EQ(alice->Code(Join{std::int64_t{4294967295}}), -10012);
  EXPECT_EQ(alice->Code(Join{std::string("")}), -10012);
  EXPECT_EQ(alice->Code(Join{std::string(65, 'a')}), -10012);
  EXPECT_EQ(alice->Code(Join{std::string("bad\"quote")}), -10012);
  EXPECT_EQ(alice->Code(Join{std::string("ok room_1!")}), 0);
}

TEST_F(SessionTest, AUserSigThatExpiredSinceHelloIsRejectedAtJoin) {
  Client alice(service_, "alice");
  ASSERT_EQ(alice.Hello(alice.Sig(/*expire=*/60)), 0);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(alice.Code(Join{std::int64_t{1}}), -10013);
}

TEST_F(SessionTest, PeersSeeJoinsPublishesAndLeaves) {
  auto alice = LoggedIn("alice");
  auto bob = LoggedIn("bob");
  ASSERT_EQ(alice->Code(Join{std::int64_t{7}}), 0);
  auto joined = bob->Call(Join{std::int64_t{7}});
  ASSERT_EQ(joined.code, 0);
  EXPECT_EQ(joined.data["members"][0]["userId"], "alice");
  EXPECT_TRUE(alice->outbox().TakePush("peer-join").has_value());
  EXPECT_EQ(bob->Code(wire::Publish{}), 0);
  auto added = alice->outbox().TakePush("stream-added");
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(added->data["userId"], "bob");
  EXPECT_EQ(alice->Code(wire::Subscribe{"bob"}), 0);
  bob->Disconnect();
  EXPECT_TRUE(alice->outbox().TakePush("stream-removed").has_value());
  EXPECT_TRUE(alice->outbox().TakePush("peer-leave").has_value());
  EXPECT_EQ(alice->Code(wire::Subscribe{"bob"}), kStreamNotFound);
}

TEST_F(SessionTest, PublishRulesFollowRoleAndState) {
  auto alice = LoggedIn("alice");
  EXPECT_EQ(alice->Code(wire::Publish{}), kNotInRoom);
  ASSERT_EQ(alice->Code(Join{std::int64_t{7}, wire::Role::kAudience}), 0);
  EXPECT_EQ(alice->Code(wire::Publish{}), kRoleForbids);
  EXPECT_EQ(alice->Code(wire::SwitchRole{wire::Role::kAnchor}), 0);
  EXPECT_EQ(alice->Code(wire::Publish{}), 0);
  EXPECT_EQ(alice->Code(wire::Publish{}), kAlreadyPublished);
  EXPECT_EQ(alice->Code(wire::Unpublish{}), 0);
  EXPECT_EQ(alice->Code(wire::Unpublish{}), kNotPublished);
}

TEST_F(SessionTest, TheSameUserIdJoiningAgainKicksTheEarlierSession) {
  auto first = LoggedIn("alice");
  auto second = LoggedIn("alice");
  ASSERT_EQ(first->Code(Join{std::int64_t{7}}), 0);
  ASSERT_EQ(second->Code(Join{std::int64_t{7}}), 0);
  auto banned = first->outbox().TakePush("banned");
  ASSERT_TRUE(banned.has_value());
  EXPECT_EQ(banned->data["reason"], "kick");
  EXPECT_EQ(first->Code(wire::Publish{}), kNotInRoom);
  EXPECT_EQ(second->Code(wire::Publish{}), 0);
}

TEST_F(SessionTest, CdnAndMixStopsNeedAStart) {
  auto alice = LoggedIn("alice");
  ASSERT_EQ(alice->Code(Join{std::int64_t{7}}), 0);
  EXPECT_EQ(alice->Code(wire::StopCdn{}), kNotPublished);
  EXPECT_EQ(alice->Code(wire::StartCdn{"s1"}), 0);
  EXPECT_EQ(alice->Code(wire::StopCdn{}), 0);
  EXPECT_EQ(alice->Code(wire::StopMix{}), kNotPublished);
  EXPECT_EQ(alice->Code(wire::StartMix{"mix"}), 0);
  EXPECT_EQ(alice->Code(wire::StopMix{}), 0);
}

TEST_F(SessionTest, ManyConsecutiveProtocolErrorsCloseTheConnection) {
  Client alice(service_, "alice");
  for (int i = 0; i < wire::kMaxConsecutiveProtocolErrors - 1; ++i)
    alice.session().HandleProtocolError({std::nullopt, wire::ProtocolErrorCode::kMalformedJson, "", "bad"});
  EXPECT_FALSE(alice.outbox().closed.has_value());
  alice.session().HandleProtocolError({std::nullopt, wire::ProtocolErrorCode::kMalformedJson, "", "bad"});
  EXPECT_EQ(alice.outbox().closed, wire::CloseCode::kPolicy);
}

ServiceConfig AppWith(void (*change)(AppConfig&)) {
  ServiceConfig config = DefaultServiceConfig();
  change(config.apps.front());
  return config;
}

class ArrearsAppTest : public ServiceTest {
 protected:
  ArrearsAppTest() : ServiceTest(AppWith([](AppConfig& a) { a.state = AppState::kArrears; })) {}
};
TEST_F(ArrearsAppTest, JoinGives10006) { EXPECT_EQ(LoggedIn("alice")->Code(Join{std::int64_t{1}}), 10006); }

class DisabledAppTest : public ServiceTest {
 protected:
  DisabledAppTest() : ServiceTest(AppWith([](AppConfig& a) { a.state = AppState::kServiceDisabled; })) {}
};
TEST_F(DisabledAppTest, JoinGivesMinus100027) { EXPECT_EQ(LoggedIn("alice")->Code(Join{std::int64_t{1}}), -100027); }

class BlockedUserTest : public ServiceTest {
 protected:
  BlockedUserTest() : ServiceTest(AppWith([](AppConfig& a) { a.blocked_users.insert("mallory"); })) {}
};
TEST_F(BlockedUserTest, HelloGives70051) { EXPECT_EQ(Client(service_, "mallory").Hello(), 70051); }

class PrivateMapKeyTest : public ServiceTest {
 protected:
  PrivateMapKeyTest() : ServiceTest(AppWith([](AppConfig& a) { a.require_private_map_key = true; })) {}
  std::string Key(std::variant<std::uint32_t, std::string> room, std::uint32_t privileges, std::int64_t expire = 300) {
    return usersig::GeneratePrivateMapKey(std::string(kDefaultSecretKey), kDefaultSdkAppId, "alice", expire, room,
                                          privileges, clock_.NowSeconds());
  }
};

TEST_F(PrivateMapKeyTest, MissingOrBlankKeyGivesMinus10018) {
  auto alice = LoggedIn("alice");
  EXPECT_EQ(alice->Code(Join{std::int64_t{5}}), -10018);
  EXPECT_EQ(alice->Code(Join{std::int64_t{5}, wire::Role::kAnchor, " "}), -10018);
}

TEST_F(PrivateMapKeyTest, AKeyForAnotherRoomOrWithoutEnterGivesMinus10019) {
  auto alice = LoggedIn("alice");
  EXPECT_EQ(alice->Code(Join{std::int64_t{5}, wire::Role::kAnchor, Key(6u, 255)}), -10019);
  EXPECT_EQ(alice->Code(Join{std::int64_t{5}, wire::Role::kAnchor, Key(5u, usersig::kCreateRoom)}), -10019);
  EXPECT_EQ(alice->Code(Join{std::int64_t{5}, wire::Role::kAnchor, "garbage"}), -10019);
  EXPECT_EQ(alice->Code(Join{std::string("five"), wire::Role::kAnchor, Key(std::string("five"), 255)}), 0);
}

TEST_F(PrivateMapKeyTest, AGrantThatExpiredGivesMinus10019) {
  auto alice = LoggedIn("alice");
  std::string key = Key(5u, 255, /*expire=*/60);
  clock_.Advance(std::chrono::seconds(120));
  EXPECT_EQ(alice->Code(Join{std::int64_t{5}, wire::Role::kAnchor, key}), -10019);
}

class MockMediaPlane : public MediaPlane {
 public:
  MOCK_METHOD(MediaAnswer, Publish, (const MediaStreamKey&, const webrtc::sdp::SessionDescription&), (override));
  MOCK_METHOD(MediaAnswer, Subscribe,
              (const MediaStreamKey&, const std::string&, const webrtc::sdp::SessionDescription&), (override));
  MOCK_METHOD(void, Unpublish, (const MediaStreamKey&), (override));
  MOCK_METHOD(void, Unsubscribe, (const MediaStreamKey&, const std::string&), (override));
  MOCK_METHOD(std::vector<MediaTransportInfo>, Transports, (), (override));
};

std::shared_ptr<const webrtc::sdp::SessionDescription> Offer(bool with_h264) {
  std::string text =
      ReadFile(std::string(TRTC_FIXTURES_DIR) + "/vendor/trtc-js-sdk-4.15.22-publish-offer.sdp").value_or("");
  if (!with_h264)
    for (auto at = text.find("H264/"); at != std::string::npos; at = text.find("H264/")) text.replace(at, 4, "VP9X");
  auto parsed = webrtc::sdp::ParseOffer(text);
  EXPECT_TRUE(std::holds_alternative<webrtc::sdp::SessionDescription>(parsed));
  return std::make_shared<const webrtc::sdp::SessionDescription>(std::get<webrtc::sdp::SessionDescription>(parsed));
}

class MediaPlaneSessionTest : public ServiceTest {
 protected:
  void SetUp() override { service_.set_media_plane(&plane_); }
  ::testing::StrictMock<MockMediaPlane> plane_;
};

using ::testing::_;
using ::testing::Return;

TEST_F(MediaPlaneSessionTest, APublishOfferIsAnsweredByTheMediaPlane) {
  auto alice = LoggedIn("alice");
  ASSERT_EQ(alice->Code(Join{std::int64_t{7}}), 0);
  EXPECT_CALL(plane_, Publish(MediaStreamKey{"1400000001/n/7", "alice", wire::StreamKind::kMain}, _))
      .WillOnce(Return(MediaAnswer{std::string("v=0 answer")}));
  auto response = alice->Call(wire::Publish{wire::StreamKind::kMain, true, true, Offer(true)});
  EXPECT_EQ(response.code, 0);
  EXPECT_EQ(response.data["type"], "answer");
  EXPECT_EQ(response.data["sdp"], "v=0 answer");
  // Leaving drops the user's transports.
  EXPECT_CALL(plane_, Unpublish(_)).Times(2);
  EXPECT_CALL(plane_, Unsubscribe(_, "alice"));
  EXPECT_EQ(alice->Code(wire::Leave{}), 0);
}

TEST_F(MediaPlaneSessionTest, AnOfferWithoutH264Gets1028AndNoStream) {
  auto alice = LoggedIn("alice");
  auto bob = LoggedIn("bob");
  ASSERT_EQ(alice->Code(Join{std::int64_t{7}}), 0);
  ASSERT_EQ(bob->Code(Join{std::int64_t{7}}), 0);
  EXPECT_EQ(alice->Code(wire::Publish{wire::StreamKind::kMain, true, true, Offer(false)}), kNoH264);
  EXPECT_FALSE(bob->outbox().TakePush("stream-added").has_value());
}

TEST_F(MediaPlaneSessionTest, ARefusalUndoesThePublish) {
  auto alice = LoggedIn("alice");
  ASSERT_EQ(alice->Code(Join{std::int64_t{7}}), 0);
  EXPECT_CALL(plane_, Publish(_, _)).WillOnce(Return(MediaAnswer{MediaRefusal{kMediaRefused, "no"}}));
  EXPECT_EQ(alice->Code(wire::Publish{wire::StreamKind::kMain, true, true, Offer(true)}), kMediaRefused);
  EXPECT_CALL(plane_, Publish(_, _)).WillOnce(Return(MediaAnswer{std::string("v=0")}));
  EXPECT_EQ(alice->Code(wire::Publish{wire::StreamKind::kMain, true, true, Offer(true)}),
            0);  // not "already published"
  EXPECT_CALL(plane_, Unpublish(_)).Times(::testing::AnyNumber());
  EXPECT_CALL(plane_, Unsubscribe(_, _)).Times(::testing::AnyNumber());
}

TEST(MediaPlaneAbsent, AnOfferWithoutAnEndpointGets90108) {
  clock::ServerClock clock({.start_unix_ms = kStartMs, .rate = 0});
  Service service(DefaultServiceConfig(), clock);
  Client alice(service, "alice");
  ASSERT_EQ(alice.Hello(), 0);
  ASSERT_EQ(alice.Code(Join{std::int64_t{7}}), 0);
  EXPECT_EQ(alice.Code(wire::Publish{wire::StreamKind::kMain, true, true, Offer(true)}), kMediaRefused);
  EXPECT_EQ(alice.Code(wire::Publish{}), 0);  // without an offer: the open protocol's publish
}

}  // namespace
}  // namespace trtc::service::testing
