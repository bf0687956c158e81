#include <gmock/gmock.h>

#include <boost/asio/ip/udp.hpp>

#include "harness/common/file_io.h"
#include "harness/servers/server_set.h"
#include "harness/servers/test_await.h"
#include "harness/servers/test_clients.h"
#include "harness/stun/stun.h"

namespace trtc::servers::testing {
namespace {

using udp = net::ip::udp;

class StunResponderTest : public ServersTest {
 protected:
  void SetUp() override { Start(""); }
  void Start(std::string password) {
    scenario::WorldOptions options;
    options.servers.stun_password = std::move(password);
    StartServers(std::move(options));
    if (socket_.is_open()) socket_.close();
    socket_.open(udp::v4());
    socket_.bind(udp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  }

  static std::string Request(std::uint8_t id, std::vector<std::pair<std::uint16_t, std::string>> attributes = {}) {
    std::string body;
    for (auto& [type, value] : attributes) {
      body += {static_cast<char>(type >> 8), static_cast<char>(type & 0xff), 0, static_cast<char>(value.size())};
      body += value;
      while (body.size() % 4) body.push_back(0);
    }
    std::string header{0,
                       1,
                       static_cast<char>(body.size() >> 8),
                       static_cast<char>(body.size() & 0xff),
                       0x21,
                       0x12,
                       static_cast<char>(0xa4),
                       0x42};
    header += std::string(11, 'x') + static_cast<char>(id);
    return header + body;
  }
  void Send(const std::string& datagram) {
    socket_.send_to(net::buffer(datagram), udp::endpoint(net::ip::make_address("127.0.0.1"), servers_->port("stun")));
  }
  stun::Message Receive() {
    std::array<char, 2048> buffer{};
    udp::endpoint from;
    std::size_t n = 0;
    Await(io_, [&](auto h) {
      socket_.async_receive_from(net::buffer(buffer), from, [&n, h](auto ec, std::size_t size) mutable {
        n = size;
        h(ec);
      });
    });
    last_ = std::string(buffer.data(), n);
    auto parsed = stun::Parse(last_);
    EXPECT_TRUE(std::holds_alternative<stun::Message>(parsed));
    return std::holds_alternative<stun::Message>(parsed) ? std::get<stun::Message>(parsed) : stun::Message{};
  }

  net::io_context io_;
  udp::socket socket_{io_};
  std::string last_;
};

TEST_F(StunResponderTest, ABindingRequestGetsTheSendersAddress) {
  Send(Request(1));
  stun::Message answer = Receive();
  EXPECT_EQ(answer.type, stun::kBindingSuccess);
  EXPECT_EQ(answer.transaction_id[11], 1);
  auto mapped = stun::XorMappedAddress(answer);
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(mapped->address, "127.0.0.1");
  EXPECT_EQ(mapped->port, socket_.local_endpoint().port());
  EXPECT_NE(answer.Find(stun::kFingerprint), nullptr);
  auto journal = servers_->journal().Entries();  // recorded before the answer left
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal::Describe(journal[0]), "#1 @" + std::to_string(journal[0].at_ms) + " stun request binding");
  EXPECT_EQ(journal[1].kind, journal::Kind::kAnswer);
  EXPECT_EQ(journal[1].code, 0);
}

TEST_F(StunResponderTest, GarbageIsDiscardedAndTheNextRequestAnswered) {
  Send("definitely not stun");
  Send(std::string(20, '\0'));
  Send(Request(2));
  EXPECT_EQ(Receive().transaction_id[11], 2);
}

TEST_F(StunResponderTest, UnknownComprehensionRequiredAttributesGet420) {
  Send(Request(3, {{0x0042, "??"}}));
  stun::Message answer = Receive();
  EXPECT_EQ(answer.type, stun::kBindingError);
  EXPECT_EQ(answer.Find(stun::kUnknownAttributes)->value, std::string("\x00\x42", 2));
  EXPECT_EQ(servers_->journal().Entries().back().code, 420);
}

TEST_F(StunResponderTest, IntegrityIsCheckedWithTheConfiguredPassword) {
  Start("VOkJxbRl1RmTxUk/WvJxBt");
  auto text = ReadFile(std::string(TRTC_FIXTURES_DIR) + "/vectors/rfc5769-stun.json");
  ASSERT_TRUE(text.has_value());
  std::string hex = json::parse(*text)["request"]["hex"];
  std::string request;
  for (std::size_t i = 0; i < hex.size(); i += 2)
    request.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  Send(request);
  stun::Message answer = Receive();
  EXPECT_EQ(answer.type, stun::kBindingSuccess);
  EXPECT_TRUE(stun::IntegrityMatches(last_, answer, "VOkJxbRl1RmTxUk/WvJxBt"));
  Start("another password");
  Send(request);
  EXPECT_EQ(Receive().type, stun::kBindingError);  // 401
}

TEST_F(StunResponderTest, FaultsDropOrAnswerWithAnError) {
  servers_->faults().Add(std::get<std::vector<faults::Fault>>(faults::ParseFaults(
                             R"({"server":"stun","on":"binding","action":{"kind":"drop"}})", "t"))[0],
                         0);
  servers_->faults().Add(
      std::get<std::vector<faults::Fault>>(faults::ParseFaults(
          R"({"id":"err","server":"stun","on":"binding","action":{"kind":"reply","code":500,"message":"Server Error"}})",
          "t"))[0],
      0);
  // Faults are tried in order: the drop takes request 4, the error reply request 5.
  Send(Request(4));  // dropped: the first answer is to the next request
  Send(Request(5));
  stun::Message answer = Receive();
  EXPECT_EQ(answer.transaction_id[11], 5);
  EXPECT_EQ(answer.type, stun::kBindingError);
  Send(Request(6));
  EXPECT_EQ(Receive().type, stun::kBindingSuccess);
}

}  // namespace
}  // namespace trtc::servers::testing
