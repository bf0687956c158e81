// One browser's WebRTC transport at the ICE-lite endpoint: the decisions for each datagram
// that arrives on it (STUN connectivity checks with short-term credentials, the DTLS
// handshake, SRTP/SRTCP), made without sockets so they are tested and fuzzed in memory.
// The endpoint's socket code carries them out.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/stun/stun.h"
#include "harness/webrtc/dtls.h"
#include "harness/webrtc/srtp.h"

namespace trtc::webrtc {

struct TransportCredentials {
  std::string local_ufrag;
  std::string local_pwd;
  std::string remote_ufrag;
  std::string peer_fingerprint;  // sha-256, as the offer gave it
};

// What one datagram did.
struct TransportStep {
  enum class Kind {
    kBinding,         // a valid connectivity check (answered in `replies`)
    kBindingRefused,  // a check with bad credentials (answered with an error)
    kDtls,
    kRtp,        // decrypted media in `media`
    kRtcp,       // decrypted control in `media`
    kDiscarded,  // `reason` says why
  };
  Kind kind = Kind::kDiscarded;
  std::vector<std::string> replies;  // datagrams for the sender
  std::string media;                 // kRtp, kRtcp: the plain packet
  std::string reason;
  bool nominated = false;       // kBinding with USE-CANDIDATE
  bool dtls_connected = false;  // this datagram completed the handshake
};

class Transport {
 public:
  Transport(TransportCredentials credentials, std::shared_ptr<const DtlsContext> dtls);

  [[nodiscard]] TransportStep Receive(std::string_view datagram, const stun::Endpoint& from);
  // The answer to a check that a fault refuses: an error response with `code` (integrity
  // included when the check itself was valid).
  [[nodiscard]] std::optional<std::string> BindingError(std::string_view datagram, int code, std::string_view reason);

  // Encrypts a plain RTP/RTCP packet for this transport's peer; nullopt before DTLS is done.
  [[nodiscard]] std::optional<std::string> ProtectRtp(std::string packet);
  [[nodiscard]] std::optional<std::string> ProtectRtcp(std::string packet);

  [[nodiscard]] std::vector<std::string> OnDtlsTimer() { return dtls_.OnTimer(); }
  // Ends DTLS (DtlsServer::Close) and SRTP: the datagram that tells the peer.
  [[nodiscard]] std::string Close();
  [[nodiscard]] std::optional<std::chrono::milliseconds> DtlsTimerDelay() { return dtls_.TimerDelay(); }

  const TransportCredentials& credentials() const { return credentials_; }
  bool ice_connected() const { return peer_.has_value(); }
  const std::optional<stun::Endpoint>& peer() const { return peer_; }  // where media goes
  DtlsServer::State dtls_state() const { return dtls_.state(); }
  const std::string& dtls_failure() const { return dtls_.failure(); }

 private:
  TransportStep Binding(std::string_view datagram, const stun::Endpoint& from);
  TransportStep Dtls(std::string_view datagram, const stun::Endpoint& from);
  TransportStep Srtp(std::string_view datagram, bool rtcp, const stun::Endpoint& from);
  bool StartSrtp();

  TransportCredentials credentials_;
  DtlsServer dtls_;
  std::optional<stun::Endpoint> peer_;
  std::unique_ptr<SrtpSession> inbound_;
  std::unique_ptr<SrtpSession> outbound_;
};

// A random ICE ufrag (8 characters) or pwd (24), from ICE's character set.
[[nodiscard]] std::string RandomIceString(std::size_t length);

}  // namespace trtc::webrtc
