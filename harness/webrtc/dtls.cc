#include "harness/webrtc/dtls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <fmt/format.h>

#include "harness/webrtc/openssl_owned.h"

namespace trtc::webrtc {
namespace {

constexpr int kMtu = 1200;
// One profile: every browser offers it, and libsrtp2 supports it in every build.
constexpr char kSrtpProfiles[] = "SRTP_AES128_CM_SHA1_80";

// The peer's certificate is self-signed by design; its fingerprint is checked after the
// handshake against the one its SDP gave, so chain verification accepts anything.
int AcceptAnyChain(int, X509_STORE_CTX*) { return 1; }

std::string LastOpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no OpenSSL error recorded";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::string FingerprintOf(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert, EVP_sha256(), digest, &length) != 1) return {};
  std::string out;
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{}{:02X}", i ? ":" : "", digest[i]);
  return out;
}

}  // namespace

struct DtlsContext::Ctx {
  Owned<SSL_CTX, SSL_CTX_free> ssl_ctx;
};

struct DtlsServer::Ssl {
  Owned<SSL, SSL_free> ssl;
  BIO* in = nullptr;   // owned by ssl
  BIO* out = nullptr;  // owned by ssl
  std::shared_ptr<const DtlsContext> context;
};

DtlsContext::~DtlsContext() = default;

std::shared_ptr<const DtlsContext> DtlsContext::Create(const PemCertificate& certificate, std::string& error) {
  auto context = std::shared_ptr<DtlsContext>(new DtlsContext());
  context->ctx_ = std::make_unique<Ctx>();
  Owned<SSL_CTX, SSL_CTX_free> ctx(SSL_CTX_new(DTLS_server_method()));
  Owned<BIO, BIO_free_all> cert_bio(
      BIO_new_mem_buf(certificate.certificate.data(), static_cast<int>(certificate.certificate.size())));
  Owned<BIO, BIO_free_all> key_bio(
      BIO_new_mem_buf(certificate.private_key.data(), static_cast<int>(certificate.private_key.size())));
  Owned<X509, X509_free> cert(cert_bio ? PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr) : nullptr);
  Owned<EVP_PKEY, EVP_PKEY_free> key(key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr)
                                             : nullptr);
  if (!ctx || !cert || !key || SSL_CTX_use_certificate(ctx.get(), cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx.get(), key.get()) != 1 || SSL_CTX_check_private_key(ctx.get()) != 1) {
    error = "the DTLS certificate or key is unusable: " + LastOpenSslError();
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(ctx.get(), DTLS1_2_VERSION);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, AcceptAnyChain);
  // set_tlsext_use_srtp returns 0 on success.
  if (SSL_CTX_set_tlsext_use_srtp(ctx.get(), kSrtpProfiles) != 0) {
    error = "OpenSSL refuses the SRTP profiles: " + LastOpenSslError();
    return nullptr;
  }
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_QUERY_MTU);
  context->fingerprint_ = FingerprintOf(cert.get());
  context->ctx_->ssl_ctx = std::move(ctx);
  return context;
}

DtlsServer::DtlsServer(std::shared_ptr<const DtlsContext> context, std::string peer_fingerprint_sha256)
    : ssl_(std::make_unique<Ssl>()), peer_fingerprint_(std::move(peer_fingerprint_sha256)) {
  ssl_->context = std::move(context);
  ssl_->ssl.reset(SSL_new(ssl_->context->ctx_->ssl_ctx.get()));
  ssl_->in = BIO_new(BIO_s_mem());
  ssl_->out = BIO_new(BIO_s_mem());
  if (!ssl_->ssl || !ssl_->in || !ssl_->out) {
    state_ = State::kFailed;
    failure_ = "cannot create a DTLS session: " + LastOpenSslError();
    return;
  }
  // A read from an empty memory BIO means "no datagram yet", not end of file.
  BIO_set_mem_eof_return(ssl_->in, -1);
  SSL_set_bio(ssl_->ssl.get(), ssl_->in, ssl_->out);
  DTLS_set_link_mtu(ssl_->ssl.get(), kMtu);
  SSL_set_accept_state(ssl_->ssl.get());
}

DtlsServer::~DtlsServer() = default;

std::vector<std::string> DtlsServer::Drain() {
  std::vector<std::string> datagrams;
  char* data = nullptr;
  long size = BIO_get_mem_data(ssl_->out, &data);
  if (size > 0) datagrams.emplace_back(data, static_cast<std::size_t>(size));
  (void)BIO_reset(ssl_->out);
  return datagrams;
}

std::vector<std::string> DtlsServer::Receive(std::string_view datagram) {
  if (state_ == State::kFailed || state_ == State::kClosed) return {};
  BIO_write(ssl_->in, datagram.data(), static_cast<int>(datagram.size()));
  if (state_ == State::kHandshaking) {
    int result = SSL_do_handshake(ssl_->ssl.get());
    if (result == 1) {
      AfterHandshake();
    } else {
      int error = SSL_get_error(ssl_->ssl.get(), result);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        state_ = State::kFailed;
        failure_ = "DTLS handshake failed: " + LastOpenSslError();
      }
    }
    return Drain();
  }
  // Connected: application data is not used (no data channels); a close_notify ends it.
  char sink[2048];
  int read = SSL_read(ssl_->ssl.get(), sink, sizeof sink);
  if (read <= 0 && SSL_get_error(ssl_->ssl.get(), read) == SSL_ERROR_ZERO_RETURN) state_ = State::kClosed;
  return Drain();
}

void DtlsServer::AfterHandshake() {
  X509* peer = SSL_get1_peer_certificate(ssl_->ssl.get());
  Owned<X509, X509_free> owned_peer(peer);
  const std::string seen = peer ? FingerprintOf(peer) : std::string();
  if (seen.empty() || seen != peer_fingerprint_) {
    state_ = State::kFailed;
    failure_ = fmt::format("the peer's certificate fingerprint {} is not the SDP's {}", seen.empty() ? "(none)" : seen,
                           peer_fingerprint_);
    SSL_shutdown(ssl_->ssl.get());
    return;
  }
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_->ssl.get());
  if (!profile) {
    state_ = State::kFailed;
    failure_ = "the peer negotiated no SRTP profile (use_srtp)";
    return;
  }
  SrtpKeys keys;
  constexpr std::size_t key_length = 16;
  constexpr std::size_t salt_length = 14;
  std::string material(2 * (key_length + salt_length), '\0');
  static constexpr char kLabel[] = "EXTRACTOR-dtls_srtp";
  if (SSL_export_keying_material(ssl_->ssl.get(), reinterpret_cast<unsigned char*>(material.data()), material.size(),
                                 kLabel, sizeof kLabel - 1, nullptr, 0, 0) != 1) {
    state_ = State::kFailed;
    failure_ = "cannot export the SRTP keys: " + LastOpenSslError();
    return;
  }
  // RFC 5764 4.2: client key, server key, client salt, server salt.
  const std::string_view all(material);
  keys.client_key_salt = std::string(all.substr(0, key_length)) + std::string(all.substr(2 * key_length, salt_length));
  keys.server_key_salt =
      std::string(all.substr(key_length, key_length)) + std::string(all.substr(2 * key_length + salt_length));
  keys_ = std::move(keys);
  state_ = State::kConnected;
}

std::string DtlsServer::Close() {
  const State was = state_;
  state_ = State::kClosed;
  if (was == State::kConnected) {
    SSL_shutdown(ssl_->ssl.get());
    auto datagrams = Drain();
    return datagrams.empty() ? std::string() : datagrams.front();
  }
  // An unencrypted fatal alert record (epoch 0): type 21, DTLS 1.2, a sequence number above
  // any the handshake used, level 2 (fatal), description 40 (handshake_failure).
  return std::string{
      21, static_cast<char>(0xFE), static_cast<char>(0xFD), 0, 0, 0, 0, 0, 0, 0x7F, static_cast<char>(0xFF), 0, 2, 2,
      40};
}

std::vector<std::string> DtlsServer::OnTimer() {
  if (state_ != State::kHandshaking) return {};
  if (DTLSv1_handle_timeout(ssl_->ssl.get()) < 0) {
    state_ = State::kFailed;
    failure_ = "DTLS retransmissions exhausted";
  }
  return Drain();
}

std::optional<std::chrono::milliseconds> DtlsServer::TimerDelay() {
  if (state_ != State::kHandshaking) return std::nullopt;
  timeval left{};
  if (DTLSv1_get_timeout(ssl_->ssl.get(), &left) != 1) return std::nullopt;
  return std::chrono::milliseconds(left.tv_sec * 1000 + left.tv_usec / 1000);
}

}  // namespace trtc::webrtc
