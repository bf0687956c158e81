#include "harness/webrtc/srtp.h"

#include <srtp2/srtp.h>

#include <cstring>

namespace trtc::webrtc {
namespace {

constexpr std::size_t kKeySaltLength = 30;

bool InitOnce() {
  static const bool ok = srtp_init() == srtp_err_status_ok;
  return ok;
}

// libsrtp works on int lengths and needs room for the trailer when protecting.
bool Apply(std::string& packet, srtp_err_status_t (*operation)(srtp_t, void*, int*), srtp_t session, bool grows) {
  if (packet.size() > 8192) return false;
  const std::size_t original = packet.size();
  if (grows) packet.resize(original + SRTP_MAX_TRAILER_LEN + 4);
  int length = static_cast<int>(original);
  if (operation(session, packet.data(), &length) != srtp_err_status_ok) {
    packet.resize(original);
    return false;
  }
  packet.resize(static_cast<std::size_t>(length));
  return true;
}

}  // namespace

struct SrtpSession::Impl {
  srtp_t session = nullptr;
  ~Impl() {
    if (session) srtp_dealloc(session);
  }
};

std::unique_ptr<SrtpSession> SrtpSession::Create(Direction direction, const std::string& key_salt, std::string& error) {
  if (!InitOnce()) {
    error = "libsrtp2 failed to initialise";
    return nullptr;
  }
  if (key_salt.size() != kKeySaltLength) {
    error = "an SRTP master key and salt are 30 bytes";
    return nullptr;
  }
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof policy);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  policy.ssrc.type = direction == Direction::kInbound ? ssrc_any_inbound : ssrc_any_outbound;
  unsigned char key[kKeySaltLength];
  std::memcpy(key, key_salt.data(), kKeySaltLength);
  policy.key = key;
  policy.window_size = 1024;
  policy.allow_repeat_tx = 1;  // a retransmission forwarded again is not an attack
  auto session = std::unique_ptr<SrtpSession>(new SrtpSession());
  session->impl_ = std::make_unique<Impl>();
  if (srtp_create(&session->impl_->session, &policy) != srtp_err_status_ok) {
    error = "libsrtp2 refused the SRTP policy";
    return nullptr;
  }
  return session;
}

SrtpSession::~SrtpSession() = default;

bool SrtpSession::UnprotectRtp(std::string& packet) { return Apply(packet, srtp_unprotect, impl_->session, false); }
bool SrtpSession::UnprotectRtcp(std::string& packet) {
  return Apply(packet, srtp_unprotect_rtcp, impl_->session, false);
}
bool SrtpSession::ProtectRtp(std::string& packet) { return Apply(packet, srtp_protect, impl_->session, true); }
bool SrtpSession::ProtectRtcp(std::string& packet) { return Apply(packet, srtp_protect_rtcp, impl_->session, true); }

}  // namespace trtc::webrtc
