#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "harness/servers/server_internals.h"

namespace trtc::servers {
namespace {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, std::integral_constant<decltype(Free), Free>>;

std::string ToPem(int (*write)(BIO*, void*), void* object) {
  Owned<BIO, BIO_free_all> bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get(), object) != 1) return {};
  BUF_MEM* memory = nullptr;
  BIO_get_mem_ptr(bio.get(), &memory);
  return std::string(memory->data, memory->length);
}

int WriteKey(BIO* bio, void* key) {
  return PEM_write_bio_PrivateKey(bio, static_cast<EVP_PKEY*>(key), nullptr, nullptr, 0, nullptr, nullptr);
}
int WriteCert(BIO* bio, void* cert) { return PEM_write_bio_X509(bio, static_cast<X509*>(cert)); }

bool AddSan(X509* cert) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  Owned<X509_EXTENSION, X509_EXTENSION_free> ext(
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// A fresh EC P-256 key and a self-signed certificate valid for a year.
bool SelfSigned(std::string& cert_pem, std::string& key_pem) {
  Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  Owned<X509, X509_free> cert(X509_new());
  if (!key || !cert) return false;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (!AddSan(cert.get()) || X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
  cert_pem = ToPem(WriteCert, cert.get());
  key_pem = ToPem(WriteKey, key.get());
  return !cert_pem.empty() && !key_pem.empty();
}

}  // namespace

bool ConfigureTls(net::ssl::context& context, const std::string& cert_file, const std::string& key_file,
                  std::string& error) {
  boost::system::error_code ec;
  if (!cert_file.empty()) {
    context.use_certificate_chain_file(cert_file, ec);
    if (!ec) context.use_private_key_file(key_file, net::ssl::context::pem, ec);
    if (ec) error = "cannot load the TLS certificate or key: " + ec.message();
    return !ec;
  }
  std::string cert_pem, key_pem;
  if (!SelfSigned(cert_pem, key_pem)) {
    error = "cannot generate a self-signed certificate";
    return false;
  }
  context.use_certificate_chain(net::buffer(cert_pem), ec);
  if (!ec) context.use_private_key(net::buffer(key_pem), net::ssl::context::pem, ec);
  if (ec) error = "cannot use the generated certificate: " + ec.message();
  return !ec;
}

}  // namespace trtc::servers
