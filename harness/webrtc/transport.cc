#include "harness/webrtc/transport.h"

#include <openssl/rand.h>

#include "harness/webrtc/packet.h"

namespace trtc::webrtc {
namespace {

TransportStep Discard(std::string reason) {
  TransportStep step;
  step.reason = std::move(reason);
  return step;
}

stun::ResponseOptions Options(std::optional<std::string> password) {
  return stun::ResponseOptions{"trtc-conformance", std::move(password), 0};
}

}  // namespace

std::string RandomIceString(std::size_t length) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes(length, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(length)) != 1)
    bytes.assign(length, 'x');
  for (auto& c : bytes) c = kAlphabet[static_cast<unsigned char>(c) % 64];
  return bytes;
}

Transport::Transport(TransportCredentials credentials, std::shared_ptr<const DtlsContext> dtls)
    : credentials_(std::move(credentials)), dtls_(std::move(dtls), credentials_.peer_fingerprint) {}

TransportStep Transport::Receive(std::string_view datagram, const stun::Endpoint& from) {
  switch (Classify(datagram)) {
    case PacketClass::kStun:
      return Binding(datagram, from);
    case PacketClass::kDtls:
      return Dtls(datagram, from);
    case PacketClass::kRtp:
      return Srtp(datagram, false, from);
    case PacketClass::kRtcp:
      return Srtp(datagram, true, from);
    case PacketClass::kUnknown:
      break;
  }
  return Discard("neither STUN, DTLS nor SRTP (RFC 7983)");
}

TransportStep Transport::Binding(std::string_view datagram, const stun::Endpoint& from) {
  auto parsed = stun::Parse(datagram);
  if (auto* error = std::get_if<stun::ParseError>(&parsed)) return Discard("not STUN: " + error->reason);
  const auto& request = std::get<stun::Message>(parsed);
  if (request.type != stun::kBindingRequest) return Discard("a STUN message that is not a binding request");
  TransportStep step;
  step.kind = TransportStep::Kind::kBindingRefused;
  const stun::Attribute* username = request.Find(stun::kUsername);
  const std::string expected = credentials_.local_ufrag + ":" + credentials_.remote_ufrag;
  // RFC 8445 7.3: a check without USERNAME or MESSAGE-INTEGRITY is refused with 400, one
  // whose credentials do not match with 401.
  if (!username || !request.Find(stun::kMessageIntegrity)) {
    step.reason = "a check without USERNAME or MESSAGE-INTEGRITY";
    step.replies.push_back(stun::EncodeBindingError(request.transaction_id, 400, "Bad Request", {}, Options({})));
    return step;
  }
  if (username->value != expected || !stun::IntegrityMatches(datagram, request, credentials_.local_pwd)) {
    step.reason = "a check whose USERNAME or MESSAGE-INTEGRITY does not match this transport";
    step.replies.push_back(stun::EncodeBindingError(request.transaction_id, 401, "Unauthorized", {}, Options({})));
    return step;
  }
  step.kind = TransportStep::Kind::kBinding;
  step.nominated = request.Find(stun::kUseCandidate) != nullptr;
  // An ICE-lite agent takes the controlling agent's nomination; before any, the first
  // valid check's address carries the media.
  if (step.nominated || !peer_) peer_ = from;
  step.replies.push_back(stun::EncodeBindingSuccess(request.transaction_id, from, Options(credentials_.local_pwd)));
  return step;
}

std::optional<std::string> Transport::BindingError(std::string_view datagram, int code, std::string_view reason) {
  auto parsed = stun::Parse(datagram);
  if (!std::holds_alternative<stun::Message>(parsed)) return std::nullopt;
  const auto& request = std::get<stun::Message>(parsed);
  std::optional<std::string> password;
  if (stun::IntegrityMatches(datagram, request, credentials_.local_pwd)) password = credentials_.local_pwd;
  return stun::EncodeBindingError(request.transaction_id, code, reason, {}, Options(password));
}

TransportStep Transport::Dtls(std::string_view datagram, const stun::Endpoint& from) {
  if (!peer_ || !(*peer_ == from)) return Discard("DTLS from an address no valid connectivity check came from");
  const bool was_connected = dtls_.state() == DtlsServer::State::kConnected;
  TransportStep step;
  step.kind = TransportStep::Kind::kDtls;
  step.replies = dtls_.Receive(datagram);
  if (!was_connected && dtls_.state() == DtlsServer::State::kConnected) step.dtls_connected = StartSrtp();
  if (dtls_.state() == DtlsServer::State::kFailed) step.reason = dtls_.failure();
  return step;
}

bool Transport::StartSrtp() {
  const auto& keys = dtls_.keys();
  std::string error;
  if (!keys) return false;
  inbound_ = SrtpSession::Create(SrtpSession::Direction::kInbound, keys->client_key_salt, error);
  outbound_ = SrtpSession::Create(SrtpSession::Direction::kOutbound, keys->server_key_salt, error);
  return inbound_ && outbound_;
}

TransportStep Transport::Srtp(std::string_view datagram, bool rtcp, const stun::Endpoint& from) {
  if (!inbound_) return Discard("SRTP before the DTLS handshake completed");
  if (!peer_ || !(*peer_ == from)) return Discard("SRTP from an address that is not the nominated one");
  TransportStep step;
  step.media = std::string(datagram);
  const bool ok = rtcp ? inbound_->UnprotectRtcp(step.media) : inbound_->UnprotectRtp(step.media);
  if (!ok) return Discard(rtcp ? "SRTCP that does not authenticate" : "SRTP that does not authenticate");
  step.kind = rtcp ? TransportStep::Kind::kRtcp : TransportStep::Kind::kRtp;
  return step;
}

std::string Transport::Close() {
  inbound_.reset();
  outbound_.reset();
  return dtls_.Close();
}

std::optional<std::string> Transport::ProtectRtp(std::string packet) {
  if (!outbound_ || !outbound_->ProtectRtp(packet)) return std::nullopt;
  return packet;
}

std::optional<std::string> Transport::ProtectRtcp(std::string packet) {
  if (!outbound_ || !outbound_->ProtectRtcp(packet)) return std::nullopt;
  return packet;
}

}  // namespace trtc::webrtc
