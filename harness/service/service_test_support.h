// Test support: a service on a frozen clock, and in-memory clients that drive sessions
// and record every message the service sends them.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "harness/service/service.h"
#include "harness/service/session.h"
#include "harness/usersig/usersig.h"

namespace trtc::service::testing {

inline constexpr std::int64_t kStartMs = 1'700'000'000'000;

class RecordingOutbox : public Outbox {
 public:
  void Send(wire::ServerMessage message) override { messages.push_back(std::move(message)); }
  void Close(wire::CloseCode code, std::string) override { closed = code; }

  // Removes and returns the next push with this event name, if any.
  std::optional<wire::Push> TakePush(std::string_view event) {
    for (auto it = messages.begin(); it != messages.end(); ++it) {
      if (auto* push = std::get_if<wire::Push>(&*it); push && push->event == event) {
        wire::Push found = *push;
        messages.erase(it);
        return found;
      }
    }
    return std::nullopt;
  }

  std::deque<wire::ServerMessage> messages;
  std::optional<wire::CloseCode> closed;
};

class Client {
 public:
  Client(Service& service, std::string user_id)
      : service_(service),
        user_id_(std::move(user_id)),
        outbox_(std::make_shared<RecordingOutbox>()),
        session_(std::make_unique<Session>(service, outbox_)) {}

  // Sends one request and returns its response (fails the test when there is none).
  wire::Response Call(wire::Request request) {
    session_->Handle({++seq_, std::move(request)});
    for (auto it = outbox_->messages.begin(); it != outbox_->messages.end(); ++it) {
      if (auto* response = std::get_if<wire::Response>(&*it); response && response->seq == seq_) {
        wire::Response found = *response;
        outbox_->messages.erase(it);
        return found;
      }
    }
    ADD_FAILURE() << "no response to seq " << seq_;
    return {};
  }
  int Code(wire::Request request) { return Call(std::move(request)).code; }

  std::string Sig(std::int64_t expire = 86400) const {
    return usersig::GenerateUserSig(service_.config().apps.front().secret_key,
                                    service_.config().apps.front().sdk_app_id, user_id_, expire,
                                    service_.clock().NowSeconds());
  }
  int Hello(std::optional<std::string> sig = std::nullopt) {
    return Code(wire::Hello{std::string(wire::kProtocolName), service_.config().apps.front().sdk_app_id, user_id_,
                            sig.value_or(Sig())});
  }
  void Disconnect() { session_->OnClosed(); }

  RecordingOutbox& outbox() { return *outbox_; }
  Session& session() { return *session_; }
  const std::string& user_id() const { return user_id_; }

 private:
  Service& service_;
  std::string user_id_;
  std::shared_ptr<RecordingOutbox> outbox_;
  std::unique_ptr<Session> session_;
  std::uint32_t seq_ = 0;
};

class ServiceTest : public ::testing::Test {
 protected:
  explicit ServiceTest(ServiceConfig config = DefaultServiceConfig())
      : clock_({.start_unix_ms = kStartMs, .rate = 0}), service_(std::move(config), clock_) {}

  std::unique_ptr<Client> LoggedIn(const std::string& user_id) {
    auto client = std::make_unique<Client>(service_, user_id);
    EXPECT_EQ(client->Hello(), 0);
    return client;
  }

  clock::ServerClock clock_;
  Service service_;
};

}  // namespace trtc::service::testing
