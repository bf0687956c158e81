// The DTLS 1.2 server side of one WebRTC transport (RFC 5763/5764): OpenSSL over memory
// buffers, so the endpoint's socket code only carries datagrams in and out. The peer's
// certificate must match the fingerprint its SDP gave; SRTP keys are exported once the
// handshake completes. Retransmission runs on OpenSSL's own (real-time) timer, which the
// endpoint polls: ICE and DTLS run in real time on loopback.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/webrtc/certificate.h"

namespace trtc::webrtc {

// The keying material RFC 5764 section 4.2 derives for SRTP_AES128_CM_SHA1_80 (the one
// profile the endpoint offers), split per side: 16-byte master key then 14-byte salt.
struct SrtpKeys {
  std::string client_key_salt;  // the browser's (master key then salt)
  std::string server_key_salt;  // the endpoint's
};

class DtlsContext;

class DtlsServer {
 public:
  enum class State { kHandshaking, kConnected, kFailed, kClosed };

  DtlsServer(std::shared_ptr<const DtlsContext> context, std::string peer_fingerprint_sha256);
  ~DtlsServer();
  DtlsServer(const DtlsServer&) = delete;
  DtlsServer& operator=(const DtlsServer&) = delete;

  // One DTLS datagram from the peer; returns the datagrams to send back (a flight, an alert).
  [[nodiscard]] std::vector<std::string> Receive(std::string_view datagram);
  // Retransmits a lost flight when OpenSSL's timer expired.
  [[nodiscard]] std::vector<std::string> OnTimer();
  // Ends the association: a close_notify once connected, else a fatal handshake_failure
  // alert (what a server that gives up sends). The datagram to send; the state is kClosed.
  [[nodiscard]] std::string Close();
  // When OnTimer should next run; nullopt when no timer is armed.
  [[nodiscard]] std::optional<std::chrono::milliseconds> TimerDelay();

  State state() const { return state_; }
  const std::string& failure() const { return failure_; }  // why kFailed
  const std::optional<SrtpKeys>& keys() const { return keys_; }

 private:
  std::vector<std::string> Drain();
  void AfterHandshake();

  struct Ssl;
  std::unique_ptr<Ssl> ssl_;
  std::string peer_fingerprint_;
  State state_ = State::kHandshaking;
  std::string failure_;
  std::optional<SrtpKeys> keys_;
};

// The certificate, key and settings every DtlsServer of an endpoint shares.
class DtlsContext {
 public:
  // nullopt with a reason when OpenSSL refuses the certificate.
  [[nodiscard]] static std::shared_ptr<const DtlsContext> Create(const PemCertificate& certificate, std::string& error);
  ~DtlsContext();
  const std::string& fingerprint_sha256() const { return fingerprint_; }

 private:
  friend class DtlsServer;
  DtlsContext() = default;
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
  std::string fingerprint_;
};

}  // namespace trtc::webrtc
