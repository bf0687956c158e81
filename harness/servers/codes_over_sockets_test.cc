// Every server-decided code of the signaling protocol, over real sockets: scripted
// conversations of several clients against `ServerSet`, each step with the code it must
// get. (harness/service's tests check the same logic without sockets, one rule at a time.)
#include <gmock/gmock.h>

#include "harness/servers/server_set.h"
#include "harness/servers/test_clients.h"
#include "harness/service/service.h"
#include "harness/usersig/usersig.h"

namespace trtc::servers::testing {
namespace {

struct Step {
  int client;  // index into the conversation's users
  std::string type;
  json data;
  int code;
};

class Conversation {
 public:
  Conversation(service::ServiceConfig config, std::vector<std::string> users) {
    scenario::WorldOptions options;
    options.servers.config = std::move(config);
    world_ = StartWorld(std::move(options));
    if (!world_) return;
    servers_ = &world_->servers();
    for (const auto& user : users) {
      auto client = std::make_unique<WsClient>();
      EXPECT_TRUE(client->Connect(servers_->port("signaling")));
      const auto& app = servers_->service().config().apps.front();
      std::string sig = usersig::GenerateUserSig(app.secret_key, app.sdk_app_id, user, 86400, kStartMs / 1000);
      EXPECT_EQ(client->Call("hello", {{"protocol", "trtc-conformance/1"},
                                       {"sdkAppId", app.sdk_app_id},
                                       {"userId", user},
                                       {"userSig", sig}})["code"],
                0);
      clients_.push_back(std::move(client));
    }
  }

  void Run(const std::vector<Step>& steps) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Step& s = steps[i];
      json answer = clients_[static_cast<std::size_t>(s.client)]->Call(s.type, s.data);
      EXPECT_EQ(answer["code"], s.code) << "step " << i << ": " << s.type << " " << s.data.dump() << " -> "
                                        << answer.dump();
    }
  }

  std::string PrivateMapKey(const std::string& user, std::uint32_t room, std::uint32_t privileges) {
    const auto& app = servers_->service().config().apps.front();
    return usersig::GeneratePrivateMapKey(app.secret_key, app.sdk_app_id, user, 300, room, privileges, kStartMs / 1000);
  }

 private:
  std::unique_ptr<scenario::World> world_;
  ServerSet* servers_ = nullptr;
  std::vector<std::unique_ptr<WsClient>> clients_;
};

service::ServiceConfig App(void (*change)(service::AppConfig&)) {
  auto config = service::DefaultServiceConfig();
  change(config.apps.front());
  return config;
}

TEST(CodesOverSockets, JoinRoomCodes) {
  Conversation({service::DefaultServiceConfig()}, {"alice"})
      .Run({{0, "join", {{"roomId", 0}}, -10012},
            {0, "join", {{"roomId", "bad\"id"}}, -10012},
            {0, "join", {{"roomId", 12}}, 0},
            {0, "join", {{"roomId", 13}}, 90101}});
  Conversation(App([](service::AppConfig& a) { a.state = service::AppState::kArrears; }), {"alice"})
      .Run({{0, "join", {{"roomId", 1}}, 10006}});
  Conversation(App([](service::AppConfig& a) { a.state = service::AppState::kServiceDisabled; }), {"alice"})
      .Run({{0, "join", {{"roomId", 1}}, -100027}});
  Conversation keyed(App([](service::AppConfig& a) { a.require_private_map_key = true; }), {"alice"});
  keyed.Run({{0, "join", {{"roomId", 5}}, -10018},
             {0, "join", {{"roomId", 5}, {"privateMapKey", keyed.PrivateMapKey("alice", 6, 255)}}, -10019},
             {0, "join", {{"roomId", 5}, {"privateMapKey", keyed.PrivateMapKey("alice", 5, 255)}}, 0}});
}

TEST(CodesOverSockets, RoomEngineCodes) {
  auto config = service::DefaultServiceConfig();
  config.limits.room_ops_per_second = 1000;  // the rate limit has its own test below
  Conversation c(config, {"owner", "bob", "carol", "dave"});
  const json seated{{"roomId", "r1"}, {"seatEnabled", true}, {"maxSeatCount", 2}};
  c.Run({
      {1, "room.exit", json::object(), -2101},
      {0, "room.create", {{"roomId", std::string(49, 'x')}}, -2105},
      {0, "room.create", {{"roomId", "r1"}, {"name", std::string(31, 'n')}}, -2107},
      {0, "room.create", {{"roomId", "r1"}, {"roomType", "live"}}, -1004},
      {0, "room.create", {{"roomId", "r1"}, {"seatEnabled", true}, {"maxSeatCount", 0}}, -1001},
      {0, "room.create", {{"roomId", "r1"}, {"seatEnabled", true}, {"maxSeatCount", 17}}, -2340},
      {0, "room.create", seated, 0},
      {0, "room.create", seated, -2106},
      {1, "room.enter", {{"roomId", "nope"}}, -2100},
      {0, "room.enter", {{"roomId", "r1"}}, 0},
      {1, "room.enter", {{"roomId", "r1"}}, 0},
      {2, "room.enter", {{"roomId", "r1"}}, 0},
      {0, "room.create", {{"roomId", "r2"}}, 0},
      {1, "room.enter", {{"roomId", "r2"}}, -2108},
      {0, "room.exit", json::object(), -2102},
      {1, "room.destroy", json::object(), -2300},
      {1, "room.lock-seat", {{"seatIndex", 0}, {"lockSeat", true}}, -2301},
      {0, "room.get-user", {{"userId", "nobody"}}, -2200},
      {0, "room.get-user", {{"userId", "dave"}}, -2201},
      {1, "room.leave-seat", json::object(), -2345},
      {1, "room.take-seat", {{"seatIndex", 9}}, -2344},
      {1, "room.take-seat", {{"seatIndex", 0}}, 0},
      {1, "room.take-seat", {{"seatIndex", 1}}, -2341},
      {2, "room.take-seat", {{"seatIndex", 0}}, -2342},
      {0, "room.lock-seat", {{"seatIndex", 1}, {"lockSeat", true}}, 0},
      {2, "room.take-seat", {{"seatIndex", 1}}, -2343},
      {2, "room.take-seat", {{"seatIndex", -1}}, -2346},
      {0, "room.lock-seat", {{"seatIndex", 0}, {"lockAudio", true}, {"lockVideo", true}}, 0},
      {1, "room.open-device", {{"device", "microphone"}}, -2360},
      {1, "room.open-device", {{"device", "camera"}}, -2370},
      {0, "room.lock-seat", {{"seatIndex", 0}, {"lockAudio", false}, {"lockVideo", false}}, 0},
      {1, "room.open-device", {{"device", "microphone"}, {"apply", true}}, -2104},
      {0, "room.disable-all", {{"media", "audio"}, {"disable", true}}, 0},
      {0, "room.disable-all", {{"media", "video"}, {"disable", true}}, 0},
      {1, "room.open-device", {{"device", "microphone"}}, -2361},
      {1, "room.open-device", {{"device", "camera"}}, -2371},
      {0, "room.open-device", {{"device", "screen"}}, 0},
      {1, "room.open-device", {{"device", "screen"}}, -1109},
      {0, "room.mute-user", {{"userId", "bob"}, {"mute", true}}, 0},
      {1, "room.send-message", {{"text", "hi"}}, -2381},
      {0, "room.disable-all", {{"media", "message"}, {"disable", true}}, 0},
      {2, "room.send-message", {{"text", "hi"}}, -2380},
      {0, "room.kick-user", {{"userId", "dave"}}, -2201},
      {0, "room.cancel-request", {{"requestId", "req-404"}}, -2311},
      {0, "room.kick-user", {{"userId", "carol"}}, 0},
      {0, "room.destroy", json::object(), 0},
  });
  Conversation apply(config, {"owner", "bob", "carol"});
  apply.Run(
      {{0, "room.create", {{"roomId", "a"}, {"seatEnabled", true}, {"seatMode", "apply"}, {"maxSeatCount", 2}}, 0},
       {0, "room.enter", {{"roomId", "a"}}, 0},
       {1, "room.enter", {{"roomId", "a"}}, 0},
       {2, "room.enter", {{"roomId", "a"}}, 0},
       {1, "room.take-seat", {{"seatIndex", 0}}, 0},  // pending request req-1
       {2, "room.cancel-request", {{"requestId", "req-1"}}, -2310},
       {2, "room.respond-request", {{"requestId", "req-1"}, {"agree", true}}, -2301},
       {0, "room.respond-request", {{"requestId", "req-1"}, {"agree", true}}, 0}});
}

TEST(CodesOverSockets, RoomEngineRateLimitAndLoginRequired) {
  Conversation c(service::DefaultServiceConfig(), {"owner"});
  std::vector<Step> burst;
  for (int i = 0; i < 20; ++i) burst.push_back({0, "room.get-user", {{"userId", "owner"}}, 0});
  burst.push_back({0, "room.get-user", {{"userId", "owner"}}, -2});
  c.Run(burst);
}

}  // namespace
}  // namespace trtc::servers::testing
