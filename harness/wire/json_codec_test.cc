#include "harness/wire/json_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace trtc::wire {
namespace {

ProtocolError ErrorOf(std::string_view text, std::optional<Endpoint> endpoint = std::nullopt) {
  auto parsed = ParseClientFrame(text, endpoint);
  EXPECT_TRUE(std::holds_alternative<ProtocolError>(parsed)) << text;
  return std::holds_alternative<ProtocolError>(parsed) ? std::get<ProtocolError>(parsed) : ProtocolError{};
}

ClientFrame FrameOf(std::string_view text) {
  auto parsed = ParseClientFrame(text);
  if (auto* error = std::get_if<ProtocolError>(&parsed)) ADD_FAILURE() << text << ": " << error->message;
  return std::holds_alternative<ClientFrame>(parsed) ? std::get<ClientFrame>(parsed) : ClientFrame{};
}

TEST(ParseClientFrame, ReadsAJoinWithANumericRoomId) {
  auto frame = FrameOf(R"({"type":"join","seq":7,"data":{"roomId":1234,"role":"audience"}})");
  EXPECT_EQ(frame.seq, 7u);
  const auto& join = std::get<Join>(frame.request);
  EXPECT_EQ(std::get<std::int64_t>(join.room_id), 1234);
  EXPECT_EQ(join.role, Role::kAudience);
  EXPECT_FALSE(join.private_map_key.has_value());
}

TEST(ParseClientFrame, KeepsAnOutOfRangeRoomIdForTheServiceToJudge) {
  auto frame = FrameOf(R"({"type":"join","seq":1,"data":{"roomId":-5}})");
  EXPECT_EQ(std::get<std::int64_t>(std::get<Join>(frame.request).room_id), -5);
}

TEST(ParseClientFrame, DataIsOptionalForMessagesWithoutFields) {
  auto frame = FrameOf(R"({"type":"heartbeat","seq":2})");
  EXPECT_TRUE(std::holds_alternative<Heartbeat>(frame.request));
}

struct BadFrame {
  const char* text;
  ProtocolErrorCode code;
  const char* field;
};
// Test names and failures show the frame, not its bytes.
void PrintTo(const BadFrame& frame, std::ostream* out) {
  *out << frame.text << " -> " << ProtocolErrorName(frame.code) << (*frame.field ? " at " : "") << frame.field;
}

class ParseClientFrameRejects : public testing::TestWithParam<BadFrame> {};

TEST(ParseClientFrameRejects, ItsParametersPrintAsFramesNotBytes) {
  EXPECT_EQ(testing::PrintToString(BadFrame{R"({"type":"join"})", ProtocolErrorCode::kMissingField, "seq"}),
            R"({"type":"join"} -> missing-field at seq)");
  EXPECT_EQ(testing::PrintToString(BadFrame{"{", ProtocolErrorCode::kMalformedJson, ""}), "{ -> malformed-json");
}

TEST_P(ParseClientFrameRejects, WithTheDocumentedCodeAndField) {
  auto error = ErrorOf(GetParam().text);
  EXPECT_EQ(error.code, GetParam().code) << error.message;
  EXPECT_EQ(error.field, GetParam().field) << error.message;
  EXPECT_FALSE(error.message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Frames, ParseClientFrameRejects,
    testing::Values(
        BadFrame{"{", ProtocolErrorCode::kMalformedJson, ""}, BadFrame{"[1,2]", ProtocolErrorCode::kMalformedJson, ""},
        BadFrame{R"({"type":"join"})", ProtocolErrorCode::kMissingField, "seq"},
        BadFrame{R"({"type":"join","seq":"1"})", ProtocolErrorCode::kWrongType, "seq"},
        BadFrame{R"({"type":"join","seq":0})", ProtocolErrorCode::kInvalidValue, "seq"},
        BadFrame{R"({"type":"join","seq":4294967296})", ProtocolErrorCode::kInvalidValue, "seq"},
        BadFrame{R"({"seq":1})", ProtocolErrorCode::kMissingField, "type"},
        BadFrame{R"({"type":5,"seq":1})", ProtocolErrorCode::kWrongType, "type"},
        BadFrame{R"({"type":"jion","seq":1})", ProtocolErrorCode::kUnknownType, "type"},
        BadFrame{R"({"type":"join","seq":1,"sqe":2})", ProtocolErrorCode::kUnknownField, "sqe"},
        BadFrame{R"({"type":"join","seq":1,"data":[]})", ProtocolErrorCode::kWrongType, "data"},
        BadFrame{R"({"type":"join","seq":1,"data":{}})", ProtocolErrorCode::kMissingField, "data.roomId"},
        BadFrame{R"({"type":"join","seq":1,"data":{"roomId":true}})", ProtocolErrorCode::kWrongType, "data.roomId"},
        BadFrame{R"({"type":"join","seq":1,"data":{"roomId":1.5}})", ProtocolErrorCode::kWrongType, "data.roomId"},
        BadFrame{R"({"type":"join","seq":1,"data":{"roomId":1,"role":"king"}})", ProtocolErrorCode::kInvalidValue,
                 "data.role"},
        BadFrame{R"({"type":"join","seq":1,"data":{"roomId":1,"extra":1}})", ProtocolErrorCode::kUnknownField,
                 "data.extra"},
        BadFrame{R"({"type":"hello","seq":1,"data":{"protocol":"x","sdkAppId":-1,"userId":"a","userSig":"s"}})",
                 ProtocolErrorCode::kInvalidValue, "data.sdkAppId"},
        BadFrame{R"({"type":"room.take-seat","seq":1,"data":{"seatIndex":18446744073709551615}})",
                 ProtocolErrorCode::kInvalidValue, "data.seatIndex"}));

TEST(ParseClientFrame, RejectsOversizedFramesBeforeParsing) {
  std::string big = R"({"type":"heartbeat","seq":1,"data":{}})" + std::string(kMaxFrameBytes, ' ');
  EXPECT_EQ(ErrorOf(big).code, ProtocolErrorCode::kFrameTooLarge);
}

TEST(ParseClientFrame, RejectsDeepNestingWithoutBuildingIt) {
  std::string deep(10000, '[');
  EXPECT_EQ(ErrorOf(deep).code, ProtocolErrorCode::kMalformedJson);
}

TEST(ParseClientFrame, CarriesTheSeqOfAFrameWithBadData) {
  EXPECT_EQ(ErrorOf(R"({"type":"join","seq":9,"data":{}})").seq, std::optional<std::uint32_t>(9));
}

TEST(ParseClientFrame, RefusesARequestOfTheOtherEndpointBeforeReadingItsFields) {
  const auto join_on_media = ErrorOf(R"({"type":"join","seq":3,"data":{}})", Endpoint::kMedia);
  EXPECT_EQ(join_on_media.code, ProtocolErrorCode::kUnknownType);
  EXPECT_EQ(join_on_media.seq, std::optional<std::uint32_t>(3));
  EXPECT_EQ(ErrorOf(R"({"type":"media.open","seq":4})", Endpoint::kSignaling).code, ProtocolErrorCode::kUnknownType);
  EXPECT_EQ(ErrorOf(R"({"type":"media.open","seq":4})", Endpoint::kMedia).code, ProtocolErrorCode::kMissingField);
  EXPECT_EQ(ErrorOf(R"({"type":"join","seq":5,"data":{}})", Endpoint::kSignaling).code,
            ProtocolErrorCode::kMissingField);
}

TEST(Encode, ClientFramesRoundTripThroughTheParser) {
  ClientFrame original{
      3, RoomLockSeat{.seat_index = 2, .lock_seat = true, .lock_audio = std::nullopt, .lock_video = false}};
  auto frame = FrameOf(Encode(original));
  EXPECT_EQ(frame.seq, 3u);
  const auto& lock = std::get<RoomLockSeat>(frame.request);
  EXPECT_EQ(lock.seat_index, 2);
  EXPECT_EQ(lock.lock_seat, std::optional<bool>(true));
  EXPECT_EQ(lock.lock_audio, std::nullopt);
  EXPECT_EQ(lock.lock_video, std::optional<bool>(false));
}

TEST(Encode, ServerMessagesRoundTripThroughTheClientParser) {
  auto parsed = ParseServerFrame(Encode(ServerMessage{Response{4, "join", -10012, "bad room", {{"x", 1}}}}));
  const auto& response = std::get<Response>(std::get<ServerMessage>(parsed));
  EXPECT_EQ(response.seq, 4u);
  EXPECT_EQ(response.code, -10012);
  EXPECT_EQ(response.request_type, "join");
  EXPECT_EQ(response.data["x"], 1);

  auto error = ParseServerFrame(Encode(ServerMessage{
      ProtocolError{std::nullopt, ProtocolErrorCode::kBinaryFrame, "", "binary frames are not accepted"}}));
  EXPECT_EQ(std::get<ProtocolError>(std::get<ServerMessage>(error)).code, ProtocolErrorCode::kBinaryFrame);
}

TEST(ParseServerFrame, NamesTheFieldItCannotRead) {
  auto parsed = ParseServerFrame(R"({"type":"response","seq":1,"request":"join","code":"0","message":""})");
  ASSERT_TRUE(std::holds_alternative<ServerFrameError>(parsed));
  EXPECT_EQ(std::get<ServerFrameError>(parsed).field, "code");
}

TEST(TypeName, EveryRequestTypeHasAUniqueWireName) {
  std::set<std::string_view> names;
  auto add = [&]<std::size_t... I>(std::index_sequence<I...>) {
    (names.insert(TypeName(Request{std::in_place_index<I>})), ...);
  };
  add(std::make_index_sequence<std::variant_size_v<Request>>{});
  EXPECT_EQ(names.size(), std::variant_size_v<Request>);
}

}  // namespace
}  // namespace trtc::wire
