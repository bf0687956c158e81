// SRTP and SRTCP (RFC 3711) for one direction of one transport, through libsrtp2:
// inbound sessions unprotect what a browser sent, outbound sessions protect what the
// endpoint forwards. AES_CM_128_HMAC_SHA1_80 only (what DtlsServer negotiates).
#pragma once

#include <memory>
#include <string>

namespace trtc::webrtc {

class SrtpSession {
 public:
  enum class Direction { kInbound, kOutbound };
  // key_salt: 16-byte master key then 14-byte master salt. nullptr with a reason on failure.
  [[nodiscard]] static std::unique_ptr<SrtpSession> Create(Direction direction, const std::string& key_salt,
                                                           std::string& error);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // In place; false when authentication, replay or framing checks refuse the packet.
  [[nodiscard]] bool UnprotectRtp(std::string& packet);
  [[nodiscard]] bool UnprotectRtcp(std::string& packet);
  [[nodiscard]] bool ProtectRtp(std::string& packet);
  [[nodiscard]] bool ProtectRtcp(std::string& packet);

 private:
  SrtpSession() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trtc::webrtc
