// Session-level fuzzing: a sequence of frames into two signaling sessions of one service,
// through an in-memory outbox (no sockets), so state-machine bugs surface, not only parser
// bugs. Input: frames separated by '\n'; a frame starting with '>' goes to the second
// session. "@sig@" and "@sig2@" stand for valid userSigs of users u1 and u2, so the
// fuzzer gets past hello. Invariant: every parsed request gets exactly one answer.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "harness/service/session.h"
#include "harness/usersig/usersig.h"
#include "harness/wire/json_codec.h"

namespace {

using namespace trtc;

class CountingOutbox : public service::Outbox {
 public:
  void Send(wire::ServerMessage message) override {
    if (auto* response = std::get_if<wire::Response>(&message)) last_seq = response->seq, ++answers;
    if (auto* error = std::get_if<wire::ProtocolError>(&message)) last_seq = error->seq.value_or(0), ++answers;
  }
  void Close(wire::CloseCode, std::string) override { closed = true; }
  std::uint32_t last_seq = 0;
  int answers = 0;
  bool closed = false;
};

std::string Substitute(std::string text) {
  auto sig = [](const char* user) {
    return usersig::GenerateUserSig(std::string(service::kDefaultSecretKey), service::kDefaultSdkAppId, user, 86400,
                                    1'700'000'000);
  };
  static const std::string sig1 = sig("u1"), sig2 = sig("u2");
  for (std::size_t at; (at = text.find("@sig2@")) != std::string::npos;) text.replace(at, 6, sig2);
  for (std::size_t at; (at = text.find("@sig@")) != std::string::npos;) text.replace(at, 5, sig1);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  clock::ServerClock clock({.start_unix_ms = 1'700'000'000'000, .rate = 0});
  service::Service service(service::DefaultServiceConfig(), clock);
  std::shared_ptr<CountingOutbox> outboxes[2] = {std::make_shared<CountingOutbox>(),
                                                 std::make_shared<CountingOutbox>()};
  auto first = std::make_unique<service::Session>(service, outboxes[0]);
  auto second = std::make_unique<service::Session>(service, outboxes[1]);
  service::Session* sessions[2] = {first.get(), second.get()};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    auto end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    int which = !line.empty() && line.front() == '>' ? 1 : 0;
    if (which) line.remove_prefix(1);
    auto parsed = wire::ParseClientFrame(Substitute(std::string(line)));
    int before = outboxes[which]->answers;
    if (auto* error = std::get_if<wire::ProtocolError>(&parsed)) {
      sessions[which]->HandleProtocolError(*error);
    } else {
      const auto& frame = std::get<wire::ClientFrame>(parsed);
      sessions[which]->Handle(frame);
      if (outboxes[which]->last_seq != frame.seq) __builtin_trap();
    }
    if (outboxes[which]->answers != before + 1) __builtin_trap();
  }
  first->OnClosed();
  second->OnClosed();
  return 0;
}
