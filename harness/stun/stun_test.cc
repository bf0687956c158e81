#include "harness/stun/stun.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/common/file_io.h"

namespace trtc::stun {
namespace {

using nlohmann::json;

std::string FromHex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

class Rfc5769 : public testing::Test {
 protected:
  void SetUp() override {
    auto text = ReadFile(std::string(TRTC_FIXTURES_DIR) + "/vectors/rfc5769-stun.json");
    ASSERT_TRUE(text.has_value());
    vectors = json::parse(*text);
  }
  std::string Bytes(const char* name) { return FromHex(vectors[name]["hex"]); }
  Message Parsed(const std::string& bytes) {
    auto parsed = Parse(bytes);
    EXPECT_TRUE(std::holds_alternative<Message>(parsed))
        << (std::holds_alternative<ParseError>(parsed) ? std::get<ParseError>(parsed).reason : "");
    return std::holds_alternative<Message>(parsed) ? std::get<Message>(parsed) : Message{};
  }
  json vectors;
};

TEST_F(Rfc5769, TheSampleRequestParsesWithItsFingerprintAndIntegrity) {
  std::string request = Bytes("request");
  Message message = Parsed(request);
  EXPECT_EQ(message.type, kBindingRequest);
  EXPECT_EQ(message.Find(kUsername)->value, "evtj:h6vY");
  EXPECT_EQ(message.Find(kSoftware)->value, "STUN test client");
  EXPECT_TRUE(IntegrityMatches(request, message, vectors["password"].get<std::string>()));
  EXPECT_FALSE(IntegrityMatches(request, message, "wrong password"));
  EXPECT_TRUE(UnknownRequiredAttributes(message).empty());
}

TEST_F(Rfc5769, TheSampleResponsesGiveTheirMappedAddresses) {
  for (const char* name : {"ipv4_response", "ipv6_response"}) {
    std::string response = Bytes(name);
    Message message = Parsed(response);
    auto mapped = XorMappedAddress(message);
    ASSERT_TRUE(mapped.has_value()) << name;
    EXPECT_EQ(mapped->address, vectors[name]["mapped"]);
    EXPECT_EQ(mapped->port, vectors[name]["port"]);
    EXPECT_TRUE(IntegrityMatches(response, message, vectors["password"].get<std::string>()));
  }
}

TEST_F(Rfc5769, TheEncoderReproducesTheSampleResponsesByteForByte) {
  Message request = Parsed(Bytes("request"));
  ResponseOptions options{"test vector", vectors["password"].get<std::string>(), ' '};
  for (const char* name : {"ipv4_response", "ipv6_response"}) {
    Endpoint mapped{vectors[name]["mapped"], vectors[name]["port"]};
    EXPECT_EQ(EncodeBindingSuccess(request.transaction_id, mapped, options), Bytes(name)) << name;
  }
}

TEST_F(Rfc5769, AnyChangedByteBreaksTheFingerprint) {
  std::string request = Bytes("request");
  for (std::size_t at :
       {std::size_t{8}, std::size_t{30}, std::size_t{90}}) {  // transaction id, SOFTWARE, MESSAGE-INTEGRITY
    std::string damaged = request;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x01);
    ASSERT_TRUE(std::holds_alternative<ParseError>(Parse(damaged))) << at;
    EXPECT_EQ(std::get<ParseError>(Parse(damaged)).reason, "FINGERPRINT does not match");
  }
}

TEST(Parse, RejectsWhatIsNotStun) {
  auto reason = [](std::string bytes) {
    auto parsed = Parse(bytes);
    return std::holds_alternative<ParseError>(parsed) ? std::get<ParseError>(parsed).reason : "parsed";
  };
  EXPECT_EQ(reason("short"), "shorter than a STUN header");
  std::string header = FromHex("000100002112a442000000000000000000000000");
  EXPECT_EQ(reason(header), "parsed");
  std::string bad_bits = header;
  bad_bits[0] = static_cast<char>(0x80);
  EXPECT_EQ(reason(bad_bits), "the first two bits are not zero");
  std::string bad_cookie = header;
  bad_cookie[4] = 0;
  EXPECT_EQ(reason(bad_cookie), "wrong magic cookie");
  EXPECT_EQ(reason(FromHex("000100042112a442000000000000000000000000")), "message length does not match the datagram");
  EXPECT_EQ(reason(FromHex("000100082112a44200000000000000000000000000060010aaaaaaaa")),
            "attribute runs past the message");
}

TEST(Encode, AResponseToOurselvesRoundTrips) {
  TransactionId id{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::string bytes = EncodeBindingSuccess(id, {"127.0.0.1", 5000}, {"trtc", std::nullopt, 0});
  auto parsed = Parse(bytes);
  ASSERT_TRUE(std::holds_alternative<Message>(parsed));
  EXPECT_EQ(XorMappedAddress(std::get<Message>(parsed)), (Endpoint{"127.0.0.1", 5000}));
  std::string error = EncodeBindingError(id, 420, "Unknown Attribute", {0x0042}, {});
  auto parsed_error = Parse(error);
  ASSERT_TRUE(std::holds_alternative<Message>(parsed_error));
  const auto& message = std::get<Message>(parsed_error);
  EXPECT_EQ(message.type, kBindingError);
  EXPECT_EQ(message.Find(kErrorCode)->value.substr(2, 2), std::string("\x04\x14", 2));
  EXPECT_EQ(message.Find(kUnknownAttributes)->value, std::string("\x00\x42", 2));
}

}  // namespace
}  // namespace trtc::stun
