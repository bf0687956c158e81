// Tests only: the browser's side of DTLS-SRTP (a DTLS 1.2 client with use_srtp and a
// certificate of its own) over memory buffers, so tests drive the endpoint's transports
// in memory or over a UDP socket.
#pragma once

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "harness/webrtc/certificate.h"
#include "harness/webrtc/openssl_owned.h"

namespace trtc::webrtc::testing {

// The browser's side of DTLS-SRTP, over memory buffers like the endpoint's.
class DtlsClient {
 public:
  DtlsClient() {
    auto pem = GenerateSelfSigned();
    ctx_.reset(SSL_CTX_new(DTLS_client_method()));
    Owned<BIO, BIO_free_all> cert_bio(BIO_new_mem_buf(pem->certificate.data(), -1));
    Owned<BIO, BIO_free_all> key_bio(BIO_new_mem_buf(pem->private_key.data(), -1));
    Owned<X509, X509_free> cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
    Owned<EVP_PKEY, EVP_PKEY_free> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
    SSL_CTX_use_certificate(ctx_.get(), cert.get());
    SSL_CTX_use_PrivateKey(ctx_.get(), key.get());
    SSL_CTX_set_tlsext_use_srtp(ctx_.get(), "SRTP_AES128_CM_SHA1_80");
    SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
    ssl_.reset(SSL_new(ctx_.get()));
    in_ = BIO_new(BIO_s_mem());
    out_ = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(in_, -1);
    SSL_set_bio(ssl_.get(), in_, out_);
    SSL_set_connect_state(ssl_.get());
    fingerprint = Sha256Fingerprint(pem->certificate);
  }

  // Advances the handshake with what the server sent; returns what the client sends.
  std::string Step(const std::vector<std::string>& from_server) {
    for (const auto& datagram : from_server) BIO_write(in_, datagram.data(), static_cast<int>(datagram.size()));
    connected = SSL_do_handshake(ssl_.get()) == 1;
    char* data = nullptr;
    long size = BIO_get_mem_data(out_, &data);
    std::string out(data, size > 0 ? static_cast<std::size_t>(size) : 0);
    (void)BIO_reset(out_);
    return out;
  }

  std::string KeyingMaterial() {
    std::string material(60, '\0');
    SSL_export_keying_material(ssl_.get(), reinterpret_cast<unsigned char*>(material.data()), material.size(),
                               "EXTRACTOR-dtls_srtp", 19, nullptr, 0, 0);
    return material;
  }
  std::string ClientKeySalt() {
    auto m = KeyingMaterial();
    return m.substr(0, 16) + m.substr(32, 14);
  }
  std::string ServerKeySalt() {
    auto m = KeyingMaterial();
    return m.substr(16, 16) + m.substr(46, 14);
  }

  std::string fingerprint;
  bool connected = false;

 private:
  Owned<SSL_CTX, SSL_CTX_free> ctx_;
  Owned<SSL, SSL_free> ssl_;
  BIO* in_ = nullptr;
  BIO* out_ = nullptr;
};

}  // namespace trtc::webrtc::testing
