#include "harness/service/room_engine.h"

#include "harness/service/room_engine_codes.h"
#include "harness/service/service_test_support.h"

namespace trtc::service::testing {
namespace {

using namespace wire;

class RoomEngineTest : public ServiceTest {
 protected:
  // The owner creates and enters a room with `seats` seats in `mode`.
  std::unique_ptr<Client> OwnerOf(const std::string& room_id, std::int64_t seats = 4, SeatMode mode = SeatMode::kFree) {
    auto owner = LoggedIn("owner");
    EXPECT_EQ(owner->Code(RoomCreate{room_id, "name", RoomType::kConference, seats > 0, mode, seats}), 0);
    EXPECT_EQ(owner->Code(RoomEnter{room_id}), 0);
    return owner;
  }
  std::unique_ptr<Client> MemberOf(const std::string& room_id, const std::string& user_id) {
    auto member = LoggedIn(user_id);
    EXPECT_EQ(member->Code(RoomEnter{room_id}), 0);
    return member;
  }
};

TEST_F(RoomEngineTest, CreateChecksIdNamePackageAndUse) {
  auto owner = LoggedIn("owner");
  EXPECT_EQ(owner->Code(RoomCreate{""}), re::kInvalidRoomId);
  EXPECT_EQ(owner->Code(RoomCreate{std::string(49, 'r')}), re::kInvalidRoomId);
  EXPECT_EQ(owner->Code(RoomCreate{"tab\there"}), re::kInvalidRoomId);
  EXPECT_EQ(owner->Code(RoomCreate{"r1", std::string(31, 'n')}), re::kInvalidRoomName);
  EXPECT_EQ(owner->Code(RoomCreate{"r1", "n", RoomType::kLive}), re::kNeedsPackage);
  EXPECT_EQ(owner->Code(RoomCreate{"r1", "n", RoomType::kConference, true, SeatMode::kFree, 0}), re::kInvalidParameter);
  EXPECT_EQ(owner->Code(RoomCreate{"r1", "n", RoomType::kConference, true, SeatMode::kFree, 17}),
            re::kSeatsOverPackage);
  EXPECT_EQ(owner->Code(RoomCreate{"r1"}), 0);
  EXPECT_EQ(owner->Code(RoomCreate{"r1"}), re::kRoomIdInUse);
}

TEST_F(RoomEngineTest, EnterAndExitFollowTheRoomsState) {
  auto owner = OwnerOf("r1");
  auto bob = LoggedIn("bob");
  EXPECT_EQ(bob->Code(RoomEnter{"nope"}), re::kRoomNotExist);
  EXPECT_EQ(bob->Code(RoomExit{}), re::kNotInRoom);
  EXPECT_EQ(bob->Code(RoomEnter{"r1"}), 0);
  EXPECT_TRUE(owner->outbox().TakePush("user-entered").has_value());
  EXPECT_EQ(owner->Code(RoomCreate{"r2"}), 0);
  EXPECT_EQ(bob->Code(RoomEnter{"r2"}), re::kInAnotherRoom);
  EXPECT_EQ(owner->Code(RoomExit{}), re::kOwnerCannotLeave);
  EXPECT_EQ(bob->Code(RoomExit{}), 0);
  EXPECT_TRUE(owner->outbox().TakePush("user-left").has_value());
}

TEST_F(RoomEngineTest, OnlyTheOwnerDestroysAndMembersHearOfIt) {
  auto owner = OwnerOf("r1");
  auto bob = MemberOf("r1", "bob");
  EXPECT_EQ(bob->Code(RoomDestroy{}), re::kOwnerRequired);
  EXPECT_EQ(owner->Code(RoomDestroy{}), 0);
  EXPECT_TRUE(bob->outbox().TakePush("room-disbanded").has_value());
  EXPECT_EQ(bob->Code(RoomTakeSeat{}), re::kNotInRoom);
}

TEST_F(RoomEngineTest, RolesNeedTheOwnerAndKnownUsers) {
  auto owner = OwnerOf("r1");
  auto bob = MemberOf("r1", "bob");
  auto carol = LoggedIn("carol");
  EXPECT_EQ(bob->Code(RoomChangeRole{"bob", RoomRole::kAdmin}), re::kOwnerRequired);
  EXPECT_EQ(owner->Code(RoomChangeRole{"nobody", RoomRole::kAdmin}), re::kUserNotFound);
  EXPECT_EQ(owner->Code(RoomChangeRole{"carol", RoomRole::kAdmin}), re::kUserNotInRoom);
  EXPECT_EQ(bob->Code(RoomLockSeat{0, true}), re::kOwnerOrAdminRequired);
  EXPECT_EQ(owner->Code(RoomChangeRole{"bob", RoomRole::kAdmin}), 0);
  EXPECT_EQ(bob->Code(RoomLockSeat{0, true}), 0);
}

TEST_F(RoomEngineTest, SeatsAreTakenLockedAndCounted) {
  auto owner = OwnerOf("r1", 2);
  auto bob = MemberOf("r1", "bob");
  auto carol = MemberOf("r1", "carol");
  auto dave = MemberOf("r1", "dave");
  EXPECT_EQ(bob->Code(RoomLeaveSeat{}), re::kNotOnSeat);
  EXPECT_EQ(bob->Code(RoomTakeSeat{5}), re::kSeatNotExist);
  EXPECT_EQ(bob->Code(RoomTakeSeat{0}), 0);
  EXPECT_EQ(bob->Code(RoomTakeSeat{1}), re::kAlreadyOnSeat);
  EXPECT_EQ(carol->Code(RoomTakeSeat{0}), re::kSeatOccupied);
  EXPECT_EQ(owner->Code(RoomLockSeat{1, true}), 0);
  EXPECT_EQ(carol->Code(RoomTakeSeat{1}), re::kSeatLocked);
  EXPECT_EQ(dave->Code(RoomTakeSeat{-1}), re::kSeatsFull);
  EXPECT_EQ(bob->Code(RoomLeaveSeat{}), 0);
  EXPECT_EQ(dave->Code(RoomTakeSeat{-1}), 0);
}

TEST_F(RoomEngineTest, SeatOperationsNeedASeatedRoom) {
  auto owner = OwnerOf("r1", 0);
  EXPECT_EQ(owner->Code(RoomTakeSeat{}), re::kUnsupportedInRoomType);
}

TEST_F(RoomEngineTest, LockedSeatMediaAndDisabledDevices) {
  auto owner = OwnerOf("r1", 2);
  auto bob = MemberOf("r1", "bob");
  EXPECT_EQ(bob->Code(RoomOpenDevice{Device::kMicrophone}), re::kNotOnSeat);
  ASSERT_EQ(bob->Code(RoomTakeSeat{0}), 0);
  EXPECT_EQ(bob->Code(RoomOpenDevice{Device::kMicrophone, true}), re::kUnsupportedInSpeakingMode);
  EXPECT_EQ(owner->Code(RoomLockSeat{0, std::nullopt, true, true}), 0);
  EXPECT_EQ(bob->Code(RoomOpenDevice{Device::kMicrophone}), re::kSeatAudioLocked);
  EXPECT_EQ(bob->Code(RoomOpenDevice{Device::kCamera}), re::kSeatVideoLocked);
  EXPECT_EQ(owner->Code(RoomLockSeat{0, std::nullopt, false, false}), 0);
  EXPECT_EQ(owner->Code(RoomDisableAll{Media::kAudio, true}), 0);
  EXPECT_EQ(owner->Code(RoomDisableAll{Media::kVideo, true}), 0);
  EXPECT_EQ(bob->Code(RoomOpenDevice{Device::kMicrophone}), re::kApplyToOpenMic);
  EXPECT_EQ(bob->Code(RoomOpenDevice{Device::kCamera}), re::kApplyToOpenCamera);
  auto applied = bob->Call(RoomOpenDevice{Device::kCamera, true});
  EXPECT_EQ(applied.code, 0);
  EXPECT_EQ(applied.data["pending"], true);
  EXPECT_TRUE(owner->outbox().TakePush("request-received").has_value());
}

TEST_F(RoomEngineTest, OnlyOneScreenShareARoom) {
  auto owner = OwnerOf("r1", 0);
  auto bob = MemberOf("r1", "bob");
  EXPECT_EQ(owner->Code(RoomOpenDevice{Device::kScreen}), 0);
  EXPECT_EQ(bob->Code(RoomOpenDevice{Device::kScreen}), re::kScreenShareTaken);
}

TEST_F(RoomEngineTest, MessagesRespectMutes) {
  auto owner = OwnerOf("r1", 0);
  auto bob = MemberOf("r1", "bob");
  EXPECT_EQ(bob->Code(RoomSendMessage{"hi"}), 0);
  EXPECT_TRUE(owner->outbox().TakePush("message").has_value());
  EXPECT_EQ(bob->Code(RoomMuteUser{"owner", true}), re::kOwnerOrAdminRequired);
  EXPECT_EQ(owner->Code(RoomMuteUser{"bob", true}), 0);
  EXPECT_EQ(bob->Code(RoomSendMessage{"hi"}), re::kUserMuted);
  EXPECT_EQ(owner->Code(RoomMuteUser{"bob", false}), 0);
  EXPECT_EQ(owner->Code(RoomDisableAll{Media::kMessage, true}), 0);
  EXPECT_EQ(bob->Code(RoomSendMessage{"hi"}), re::kAllMuted);
}

TEST_F(RoomEngineTest, ApplyModeRequestsCanBeCancelledOnlyByTheirAuthor) {
  auto owner = OwnerOf("r1", 2, SeatMode::kApply);
  auto bob = MemberOf("r1", "bob");
  auto carol = MemberOf("r1", "carol");
  auto applied = bob->Call(RoomTakeSeat{0});
  ASSERT_EQ(applied.code, 0);
  std::string id = applied.data["requestId"];
  EXPECT_EQ(carol->Code(RoomCancelRequest{id}), re::kRequestNotYours);
  EXPECT_EQ(carol->Code(RoomCancelRequest{"req-999"}), re::kRequestInvalid);
  EXPECT_EQ(carol->Code(RoomRespondRequest{id, true}), re::kOwnerOrAdminRequired);
  EXPECT_EQ(owner->Code(RoomRespondRequest{id, true}), 0);
  auto answered = bob->outbox().TakePush("request-answered");
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->data["agree"], true);
  EXPECT_EQ(owner->Code(RoomRespondRequest{id, true}), re::kRequestInvalid);
}

TEST_F(RoomEngineTest, KickAndGetUser) {
  auto owner = OwnerOf("r1", 0);
  auto bob = MemberOf("r1", "bob");
  auto carol = LoggedIn("carol");
  EXPECT_EQ(owner->Code(RoomGetUser{"nobody"}), re::kUserNotFound);
  EXPECT_EQ(owner->Code(RoomGetUser{"carol"}), re::kUserNotInRoom);
  EXPECT_EQ(owner->Code(RoomGetUser{"bob"}), 0);
  EXPECT_EQ(owner->Code(RoomKickUser{"carol"}), re::kUserNotInRoom);
  EXPECT_EQ(owner->Code(RoomKickUser{"bob"}), 0);
  auto kicked = bob->outbox().TakePush("kicked");
  ASSERT_TRUE(kicked.has_value());
  EXPECT_EQ(kicked->data["reason"], "kicked-out");
}

TEST_F(RoomEngineTest, BurstsOfOperationsAreRateLimitedPerUser) {
  auto owner = OwnerOf("r1", 0);
  clock_.Advance(std::chrono::seconds(10));  // refill after the setup calls
  int limited = 0;
  for (int i = 0; i < 25; ++i) limited += owner->Code(RoomGetUser{"owner"}) == re::kRateLimited;
  EXPECT_EQ(limited, 25 - static_cast<int>(service_.config().limits.room_ops_per_second));
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(owner->Code(RoomGetUser{"owner"}), 0);
}

// An outbox whose Send first runs a hook, then records: a transport that hands a message to
// code that acts at once, calling into the engine again before the message is kept.
class ReenteringOutbox : public RecordingOutbox {
 public:
  void Send(wire::ServerMessage message) override {
    if (auto hook = std::exchange(on_next_send, nullptr)) hook();
    RecordingOutbox::Send(std::move(message));
  }
  std::function<void()> on_next_send;
};

// Sent under the app's lock, the first push would deadlock on the hook's call; sent by the
// caller of each operation as soon as it releases the lock, the hook's push would be
// recorded before the push being sent.
TEST_F(RoomEngineTest, PushesLeaveAfterTheLockInTheOrderTheyWereDecided) {
  auto& engine = service_.room_engine();
  const std::uint64_t app = service_.config().apps.front().sdk_app_id;
  const RoomUser owner{app, "owner", 1001};
  const RoomUser bob{app, "bob", 1002};
  auto owner_outbox = std::make_shared<ReenteringOutbox>();
  engine.Login(owner, owner_outbox);
  engine.Login(bob, std::make_shared<RecordingOutbox>());
  ASSERT_EQ(engine.Handle(owner, RoomCreate{"r1"}).code, 0);
  ASSERT_EQ(engine.Handle(owner, RoomEnter{"r1"}).code, 0);
  owner_outbox->on_next_send = [&] { EXPECT_EQ(engine.Handle(bob, RoomSendMessage{"hi"}).code, 0); };
  ASSERT_EQ(engine.Handle(bob, RoomEnter{"r1"}).code, 0);
  ASSERT_EQ(owner_outbox->messages.size(), 2u);
  EXPECT_EQ(std::get<Push>(owner_outbox->messages[0]).event, "user-entered");
  EXPECT_EQ(std::get<Push>(owner_outbox->messages[1]).event, "message");
}

}  // namespace
}  // namespace trtc::service::testing
