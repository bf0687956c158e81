#include "harness/wire/vendor_web_v4.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/common/file_io.h"
#include "harness/webrtc/sdp.h"

namespace trtc::wire::vendor {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// The query trtc-js-sdk 4.15.22 appends to its websocketProxy URL, and what a reconnection adds.
constexpr std::string_view kQuery =
    "sdkAppId=1400000001&userId=alice&userSig=eJwtzEELgjAYx*-&roomId=8080&enc264=1&dec264=1&encVp8=1&decVp8=1";
constexpr std::string_view kReconnect =
    "&rc=1&relayInnerIp=127.0.0.1&relayOuterIp=127.0.0.1&relayPort=0&roomId=8080&useStringRoomId=false";

ProtocolError QueryError(std::string_view query) {
  auto parsed = ParseConnectQuery(query);
  EXPECT_TRUE(std::holds_alternative<ProtocolError>(parsed)) << query;
  return std::holds_alternative<ProtocolError>(parsed) ? std::get<ProtocolError>(parsed) : ProtocolError{};
}

TEST(VendorConnectQuery, IsTheHelloOfTheSdk) {
  auto parsed = ParseConnectQuery(kQuery);
  ASSERT_TRUE(std::holds_alternative<ConnectQuery>(parsed));
  const auto& query = std::get<ConnectQuery>(parsed);
  EXPECT_EQ(query.hello.protocol, kProtocolName);
  EXPECT_EQ(query.hello.sdk_app_id, 1400000001u);
  EXPECT_EQ(query.hello.user_id, "alice");
  EXPECT_EQ(query.hello.user_sig, "eJwtzEELgjAYx*-");
  EXPECT_FALSE(query.rejoin.has_value());
}

TEST(VendorConnectQuery, AReconnectionRejoinsItsRoom) {
  auto parsed = ParseConnectQuery("sdkAppId=1&userId=a&userSig=s&rc=1&roomId=8080&useStringRoomId=false");
  ASSERT_TRUE(std::holds_alternative<ConnectQuery>(parsed));
  ASSERT_TRUE(std::get<ConnectQuery>(parsed).rejoin.has_value());
  EXPECT_EQ(std::get<std::int64_t>(std::get<ConnectQuery>(parsed).rejoin->room_id), 8080);
  auto text = ParseConnectQuery("sdkAppId=1&userId=a&userSig=s&rc=1&roomId=lobby%201&useStringRoomId=true");
  ASSERT_TRUE(std::holds_alternative<ConnectQuery>(text));
  EXPECT_EQ(std::get<std::string>(std::get<ConnectQuery>(text).rejoin->room_id), "lobby 1");
}

TEST(VendorConnectQuery, NamesWhatIsWrong) {
  EXPECT_EQ(QueryError("").field, "query.sdkAppId");
  EXPECT_EQ(QueryError(std::string_view("sdkAppId=1&userId=a&userSig=s", 19)).field, "query.userSig")
      << "the query ends where its view ends";
  EXPECT_EQ(QueryError("sdkAppId=1&userId=a").field, "query.userSig");
  EXPECT_EQ(QueryError("sdkAppId=1&userId=a").code, ProtocolErrorCode::kMissingField);
  EXPECT_EQ(QueryError("sdkAppId=x&userId=a&userSig=s").field, "query.sdkAppId");
  EXPECT_EQ(QueryError("sdkAppId=1&userId=a&userId=b&userSig=s").field, "query.userId");
  EXPECT_EQ(QueryError("sdkAppId=1&userId=a&userSig=s&rc=1&roomId=1&roomId=2").field, "query.roomId");
  EXPECT_EQ(QueryError("sdkAppId=1&userId=a&userSig=s&rc=1").field, "query.roomId");
  EXPECT_EQ(QueryError("sdkAppId=1&userId=a&userSig=s&rc=1&roomId=abc").code, ProtocolErrorCode::kInvalidValue);
}

TEST(VendorConnectQuery, TheSdksReconnectionUrlRepeatsItsRoom) {
  auto parsed = ParseConnectQuery(std::string(kQuery) + std::string(kReconnect));
  ASSERT_TRUE(std::holds_alternative<ConnectQuery>(parsed));
  ASSERT_TRUE(std::get<ConnectQuery>(parsed).rejoin.has_value());
  EXPECT_EQ(std::get<std::int64_t>(std::get<ConnectQuery>(parsed).rejoin->room_id), 8080);
}

Parsed ParseOne(std::string_view text) {
  Connection connection("me", false);
  return connection.Parse(text);
}

ClientFrame FrameOf(std::string_view text) {
  auto parsed = ParseOne(text);
  if (auto* error = std::get_if<ProtocolError>(&parsed)) ADD_FAILURE() << text << ": " << error->message;
  return std::holds_alternative<ClientFrame>(parsed) ? std::get<ClientFrame>(parsed) : ClientFrame{};
}

ProtocolError ErrorOf(std::string_view text) {
  auto parsed = ParseOne(text);
  EXPECT_TRUE(std::holds_alternative<ProtocolError>(parsed)) << text;
  return std::holds_alternative<ProtocolError>(parsed) ? std::get<ProtocolError>(parsed) : ProtocolError{};
}

// The join frame of trtc-js-sdk 4.15.22, every field it sends.
constexpr std::string_view kJoin =
    R"({"cmd":"join","data":{"roomId":"8080","useStringRoomId":false,"privateMapKey":"","trtcRole":20,)"
    R"("trtcScene":1,"sdpSemantics":"unified-plan","version":4015022,"ua":"Mozilla/5.0","autoSubscribe":true,)"
    R"("terminalType":1,"netType":"unknown","bussinessInfo":"","receiveMix":true},"userId":"alice","seq":1})";

TEST(VendorFrame, ReadsTheSdksJoin) {
  auto frame = FrameOf(kJoin);
  EXPECT_EQ(frame.seq, 1u);
  const auto& join = std::get<Join>(frame.request);
  EXPECT_EQ(std::get<std::int64_t>(join.room_id), 8080);
  EXPECT_EQ(join.role, Role::kAnchor);
  EXPECT_EQ(join.private_map_key, "");
}

TEST(VendorFrame, ReadsRolesStringRoomsAndNullsAsJavaScriptMeansThem) {
  auto frame = FrameOf(
      R"({"cmd":"join","data":{"roomId":"lobby","useStringRoomId":true,"trtcRole":21,"privateMapKey":null},"seq":2,"tinyId":null})");
  const auto& join = std::get<Join>(frame.request);
  EXPECT_EQ(std::get<std::string>(join.room_id), "lobby");
  EXPECT_EQ(join.role, Role::kAudience);
  EXPECT_FALSE(join.private_map_key.has_value());
  EXPECT_EQ(std::get<SwitchRole>(FrameOf(R"({"cmd":"change_role","data":{"role":21},"seq":3})").request).role,
            Role::kAudience);
}

std::string PublishFrame(const std::string& sdp) {
  json frame = json::parse(
      R"({"cmd":"publish","data":{"type":"offer","screen":false,"state":{"audio":true,"bigVideo":true,)"
      R"("smallVideo":false,"auxVideo":false},"constraintConfig":{"videoCodec":"H264"}},"userId":"a","tinyId":5,"seq":3})");
  frame["data"]["sdp"] = sdp;
  return frame.dump();
}

TEST(VendorFrame, ReadsThePublishOffer) {
  auto sdp = ReadFile(std::string(TRTC_FIXTURES_DIR) + "/vendor/trtc-js-sdk-4.15.22-publish-offer.sdp");
  ASSERT_TRUE(sdp);
  auto frame = FrameOf(PublishFrame(*sdp));
  const auto& publish = std::get<Publish>(frame.request);
  EXPECT_EQ(publish.stream, StreamKind::kMain);
  EXPECT_TRUE(publish.audio);
  EXPECT_TRUE(publish.video);
  ASSERT_TRUE(publish.offer);
  EXPECT_EQ(publish.offer->media.size(), 4u);
}

TEST(VendorFrame, AnOfferThatDoesNotParseIsRefusedWithItsLine) {
  auto error = ErrorOf(PublishFrame("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"));
  EXPECT_EQ(error.code, ProtocolErrorCode::kInvalidValue);
  EXPECT_EQ(error.field, "data.sdp");
  EXPECT_THAT(error.message, HasSubstr("line 2 (a=ice-ufrag)"));
}

TEST(VendorFrame, RefusesWhatTheSdkNeverSends) {
  EXPECT_EQ(ErrorOf("{").code, ProtocolErrorCode::kMalformedJson);
  EXPECT_EQ(ErrorOf("[1]").code, ProtocolErrorCode::kMalformedJson);
  EXPECT_EQ(ErrorOf(R"({"cmd":"join","data":{"roomId":"1"}})").field, "seq");
  EXPECT_EQ(ErrorOf(R"({"cmd":20,"seq":1})").code, ProtocolErrorCode::kWrongType);
  EXPECT_EQ(ErrorOf(R"({"cmd":"leave","seq":0})").field, "seq");
  EXPECT_EQ(ErrorOf(R"({"cmd":"join","seq":1,"extra":1})").field, "extra");
  auto unknown = ErrorOf(R"({"cmd":"teleport","seq":9})");
  EXPECT_EQ(unknown.code, ProtocolErrorCode::kUnknownType);
  EXPECT_EQ(unknown.seq, 9u);
  EXPECT_EQ(ErrorOf(R"({"cmd":"join","seq":1,"data":{"roomId":"8080","x":1}})").field, "data.x");
  EXPECT_EQ(ErrorOf(R"({"cmd":"join","seq":1,"data":{"roomId":8080}})").code, ProtocolErrorCode::kWrongType);
  EXPECT_EQ(ErrorOf(R"({"cmd":"join","seq":1,"data":{"roomId":"abc"}})").field, "data.roomId");
  EXPECT_EQ(ErrorOf(R"({"cmd":"join","seq":1,"data":{"roomId":"1","trtcRole":7}})").field, "data.trtcRole");
  EXPECT_EQ(ErrorOf(R"({"cmd":"publish","seq":1,"data":{"type":"answer","sdp":""}})").field, "data.type");
  EXPECT_EQ(ErrorOf(R"({"cmd":"publish","seq":1,"data":{"type":"offer"}})").field, "data.sdp");
  EXPECT_EQ(ErrorOf(R"({"cmd":"publish","seq":1,"data":{"type":"offer","sdp":""}})").field, "data.state");
  EXPECT_EQ(ErrorOf(std::string(70 * 1024, ' ')).code, ProtocolErrorCode::kFrameTooLarge);
  EXPECT_EQ(ErrorOf(std::string(100, '[')).code, ProtocolErrorCode::kMalformedJson);
}

TEST(VendorFrame, TheQualityReportIsTheSdksHeartbeatAndNeedsNoAnswer) {
  auto frame = FrameOf(R"({"cmd":"quality_report","data":{"a":1},"seq":4})");
  EXPECT_TRUE(std::holds_alternative<Heartbeat>(frame.request));
  Connection connection("me", false);
  EXPECT_FALSE(connection.Encode(Response{4, "heartbeat", 0, "", json::object()}).has_value());
  auto other = ParseOne(R"({"cmd":"mute_uplink","data":{},"seq":5})");
  ASSERT_TRUE(std::holds_alternative<Local>(other));
  EXPECT_FALSE(std::get<Local>(other).reply.has_value());
}

json Decoded(const std::optional<std::string>& text) {
  EXPECT_TRUE(text.has_value());
  return text ? json::parse(*text) : json();
}

TEST(VendorEncode, ChannelSetupCarriesTheServerClock) {
  Connection connection("me", false);
  auto ok = Decoded(connection.Encode(Response{0, "hello", 0, "", json{{"serverTime", 1700000000000}}}));
  EXPECT_EQ(ok["cmd"], 19);
  EXPECT_EQ(ok["code"], 0);
  EXPECT_EQ(ok["tinyId"], TinyIdOf("me"));
  EXPECT_EQ(ok["data"]["svrTime"], 1700000000000);
  auto refused = Decoded(connection.Encode(Response{0, "hello", 70001, "expired", json::object()}));
  EXPECT_EQ(refused["cmd"], 19);
  EXPECT_EQ(refused["code"], 70001);
  EXPECT_EQ(refused["message"], "expired");
}

TEST(VendorEncode, JoinResultsAlwaysCarryPublishers) {
  Connection connection("me", false);
  auto refused = Decoded(connection.Encode(Response{3, "join", 10006, "arrears", json::object()}));
  EXPECT_EQ(refused["cmd"], 20);
  EXPECT_EQ(refused["seq"], 3);
  EXPECT_EQ(refused["code"], 10006);
  EXPECT_TRUE(refused["data"]["publishers"].is_array());
}

TEST(VendorEncode, AReconnectionIsAnsweredWith514) {
  Connection connection("me", true);
  EXPECT_EQ(Decoded(connection.Encode(Response{0, "join", 0, "", json::object()}))["cmd"], 514);
  EXPECT_EQ(Decoded(connection.Encode(Response{5, "join", 0, "", json::object()}))["cmd"], 20);
}

TEST(VendorEncode, PushesTheSdkUnderstands) {
  Connection connection("me", false);
  auto banned = Decoded(connection.Encode(Push{"banned", json{{"reason", "kick"}, {"message", "same userId"}}}));
  EXPECT_EQ(banned["cmd"], 9);
  EXPECT_EQ(banned["data"]["reason"], "kick");
  auto joined = Decoded(connection.Encode(Push{"peer-join", json{{"userId", "bob"}, {"role", "audience"}}}));
  EXPECT_EQ(joined["cmd"], 4134);
  EXPECT_EQ(joined["data"]["role"], kAudienceRole);
  EXPECT_FALSE(connection.Encode(Response{4, "leave", 0, "", json::object()}).has_value());
  auto error = Decoded(connection.Encode(ProtocolError{9, ProtocolErrorCode::kUnknownType, "cmd", "unknown"}));
  EXPECT_EQ(error["cmd"], 0);
  EXPECT_EQ(error["code"], 90004);
  EXPECT_EQ(error["data"]["field"], "cmd");
}

TEST(VendorEncode, TheUserListIsWhoTheServiceReported) {
  Connection connection("me", false);
  (void)connection.Encode(
      Response{1, "join", 0, "", json{{"members", json::array({json{{"userId", "carol"}, {"role", "anchor"}}})}}});
  (void)connection.Encode(Push{"peer-join", json{{"userId", "bob"}, {"role", "anchor"}}});
  (void)connection.Encode(Push{"peer-leave", json{{"userId", "carol"}}});
  auto parsed = connection.Parse(R"({"cmd":"get_user_list","data":{},"seq":6})");
  ASSERT_TRUE(std::holds_alternative<Local>(parsed));
  auto list = Decoded(std::get<Local>(parsed).reply);
  EXPECT_EQ(list["cmd"], 4137);
  EXPECT_EQ(list["seq"], 6);
  ASSERT_EQ(list["data"]["userList"].size(), 1u);
  EXPECT_EQ(list["data"]["userList"][0]["userId"], "bob");
  EXPECT_EQ(list["data"]["userList"][0]["srcTinyId"], TinyIdOf("bob"));
}

TEST(VendorEncode, TinyIdsAreNonZeroAndTheSameForAUserEverywhere) {
  EXPECT_NE(TinyIdOf(""), 0u);
  EXPECT_NE(TinyIdOf("alice"), TinyIdOf("bob"));
  EXPECT_EQ(TinyIdOf("alice"), TinyIdOf("alice"));
  EXPECT_LE(TinyIdOf("alice"), 0x7FFFFFFFu);
}

// The SDK learns of streams only from the full list of publishers (cmd 20's publishers and
// cmd 23), and drops the downlink of anyone a cmd 23 leaves out.
TEST(VendorEncode, EveryStreamChangeSendsTheWholeListOfPublishers) {
  Connection connection("me", false);
  auto joined = Decoded(connection.Encode(Response{
      1, "join", 0, "",
      json{{"members",
            json::array(
                {json{{"userId", "carol"},
                      {"role", "anchor"},
                      {"streams", json::array({json{{"stream", "main"}, {"audio", true}, {"video", true}}})}}})}}}));
  ASSERT_EQ(joined["data"]["publishers"].size(), 1u);
  EXPECT_EQ(joined["data"]["publishers"][0]["flag"], kFlagAudio | kFlagBigVideo);
  EXPECT_EQ(joined["data"]["publishers"][0]["srcTinyId"], TinyIdOf("carol"));
  auto added = Decoded(connection.Encode(
      Push{"stream-added", json{{"userId", "bob"}, {"stream", "main"}, {"audio", true}, {"video", false}}}));
  EXPECT_EQ(added["cmd"], kRemoteStreams);
  ASSERT_EQ(added["data"]["userList"].size(), 2u);
  EXPECT_EQ(added["data"]["userList"][0]["userId"], "bob");
  EXPECT_EQ(added["data"]["userList"][0]["flag"], kFlagAudio);
  auto removed = Decoded(connection.Encode(
      Push{"stream-removed", json{{"userId", "carol"}, {"stream", "main"}, {"audio", true}, {"video", true}}}));
  ASSERT_EQ(removed["data"]["userList"].size(), 1u);
  EXPECT_EQ(removed["data"]["userList"][0]["userId"], "bob");
}

TEST(VendorFrame, ReadsTheSubscribeOfferAndAnswersWith4102) {
  auto sdp = ReadFile(std::string(TRTC_FIXTURES_DIR) + "/vendor/trtc-js-sdk-4.15.22-publish-offer.sdp");
  ASSERT_TRUE(sdp);
  json frame = {{"cmd", "subscribe"},
                {"seq", 7},
                {"data",
                 {{"type", "offer"},
                  {"sdp", *sdp},
                  {"srcUserId", "alice"},
                  {"srcTinyId", TinyIdOf("alice")},
                  {"audio", true},
                  {"bigVideo", true},
                  {"auxVideo", true},
                  {"smallVideo", false}}}};
  const auto subscribe = std::get<Subscribe>(FrameOf(frame.dump()).request);
  EXPECT_EQ(subscribe.user_id, "alice");
  ASSERT_TRUE(subscribe.offer);
  Connection connection("bob", false);
  auto answer = Decoded(connection.Encode(
      Response{7, "subscribe", 0, "", json{{"userId", "alice"}, {"type", "answer"}, {"sdp", "v=0..."}}}));
  EXPECT_EQ(answer["cmd"], kSubscribeResult);
  EXPECT_EQ(answer["seq"], 7);
  EXPECT_EQ(answer["data"], (json{{"type", "answer"}, {"sdp", "v=0..."}}));
  EXPECT_EQ(std::get<Unsubscribe>(
                FrameOf(R"({"cmd":"unsubscribe","seq":8,"data":{"srcUserId":"alice","srcTinyId":5}})").request)
                .user_id,
            "alice");
}

}  // namespace
}  // namespace trtc::wire::vendor
