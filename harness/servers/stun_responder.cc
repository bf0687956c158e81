// The media server's STUN binding responder (UDP): answers binding requests with the
// sender's address (XOR-MAPPED-ADDRESS, FINGERPRINT), so an ICE client gets a candidate;
// faults on server "stun", request "binding" make ICE fail (drop), answer with an error
// code, or answer late. Datagrams that are not valid STUN are discarded, as RFC 5389 says.
#include "harness/servers/server_internals.h"
#include "harness/stun/stun.h"

namespace trtc::servers {
namespace {

using udp = net::ip::udp;
using boost::system::error_code;

class StunResponder : public UdpServer<StunResponder> {
 public:
  StunResponder(net::io_context& io, SharedState& shared, std::string password)
      : UdpServer(io), shared_(shared), password_(std::move(password)) {}

 private:
  friend class UdpServer<StunResponder>;  // hands it datagrams (OnDatagram)

  void OnDatagram(std::string_view datagram, const udp::endpoint& from) {
    auto parsed = stun::Parse(datagram);
    if (!std::holds_alternative<stun::Message>(parsed)) return;  // not STUN: discard
    const auto& request = std::get<stun::Message>(parsed);
    if (request.type != stun::kBindingRequest) return;
    auto entry = JournalEntry(shared_.clock, journal::Kind::kRequest, "stun");
    entry.type = "binding";
    shared_.journal.Record(entry);
    int code = 0;
    std::string answer = Answer(datagram, request, from, code);
    auto fired = shared_.faults.Match({"stun", "binding", "", 0, shared_.clock.Now().count()});
    if (!fired) {
      JournalAnswer(entry, code, entry.at_ms);
      return Send(std::move(answer), from);
    }
    const auto& a = fired->action;
    stun::ResponseOptions options{"trtc-conformance", std::nullopt, 0};
    switch (a.kind) {
      case faults::ActionKind::kReply:
        JournalAnswer(entry, a.code, entry.at_ms);
        return Send(stun::EncodeBindingError(request.transaction_id, a.code, a.message, {}, options), from);
      case faults::ActionKind::kDelay:
        JournalAnswer(entry, code, fired->at_ms + a.ms);
        return SendLater(std::move(answer), from, fired->at_ms + a.ms);
      case faults::ActionKind::kMalformed:
        JournalAnswer(entry, -1, entry.at_ms);
        return Send("not a STUN message", from);
      case faults::ActionKind::kTruncated:
        JournalAnswer(entry, -1, entry.at_ms);
        return Send(answer.substr(0, answer.size() / 2), from);
      case faults::ActionKind::kMoveClock:
        shared_.clock.Advance(clock::Millis(a.ms));
        JournalAnswer(entry, code, shared_.clock.Now().count());
        return Send(std::move(answer), from);
      case faults::ActionKind::kDrop:
      case faults::ActionKind::kStall:
      case faults::ActionKind::kClose:
      case faults::ActionKind::kReset:
        return;  // no answer: the candidate never succeeds
      default:
        JournalAnswer(entry, code, entry.at_ms);
        return Send(std::move(answer), from);
    }
  }

  // The journal's record of the answer to `request`: 0 for a success, else the error code
  // (-1 when what is sent is no STUN answer).
  void JournalAnswer(journal::Entry request, int code, std::int64_t at_ms) {
    request.kind = journal::Kind::kAnswer;
    request.code = code;
    request.at_ms = at_ms;
    shared_.journal.Record(std::move(request));
  }

  // The answer to a binding request, and in `code` 0 or the STUN error code it carries.
  std::string Answer(std::string_view datagram, const stun::Message& request, const udp::endpoint& from, int& code) {
    stun::ResponseOptions options{"trtc-conformance", std::nullopt, 0};
    auto unknown = stun::UnknownRequiredAttributes(request);
    code = 0;
    if (!unknown.empty()) {
      code = 420;
      return stun::EncodeBindingError(request.transaction_id, 420, "Unknown Attribute", unknown, options);
    }
    if (!password_.empty() && request.Find(stun::kMessageIntegrity)) {
      if (!stun::IntegrityMatches(datagram, request, password_)) {
        code = 401;
        return stun::EncodeBindingError(request.transaction_id, 401, "Unauthorized", {}, options);
      }
      options.password = password_;
    }
    return stun::EncodeBindingSuccess(request.transaction_id, {from.address().to_string(), from.port()}, options);
  }

  void SendLater(std::string bytes, const udp::endpoint& to, std::int64_t at_ms) {
    auto timer = std::make_shared<ClockTimer>(socket_.get_executor(), shared_.clock);
    auto subscription = std::make_shared<std::uint64_t>(0);
    std::weak_ptr<ClockTimer> weak = timer;
    auto executor = socket_.get_executor();
    *subscription = shared_.clock.Subscribe([weak, executor] {
      net::post(executor, [weak] {
        if (auto t = weak.lock()) t->Rearm();
      });
    });
    timer->ExpireAt(
        clock::Millis(at_ms),
        [weak_self = weak_from_this(), subscription, bytes, to] {
          auto self = weak_self.lock();
          if (!self) return;
          self->shared_.clock.Unsubscribe(*subscription);
          self->Send(bytes, to);
        },
        timer);  // the pending wait owns the timer until it fires
  }

  SharedState& shared_;
  std::string password_;
};

}  // namespace

std::uint16_t StartStunResponder(net::io_context& io, const net::ip::address& address, std::uint16_t port,
                                 SharedState& shared, const std::string& password, std::string& error) {
  return std::make_shared<StunResponder>(io, shared, password)->Listen({address, port}, "STUN", error);
}

}  // namespace trtc::servers
