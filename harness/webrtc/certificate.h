// The self-signed certificates the servers present: TLS for wss/https, and DTLS for the
// WebRTC endpoint, whose SHA-256 fingerprint goes into every SDP answer.
#pragma once

#include <optional>
#include <string>

namespace trtc::webrtc {

struct PemCertificate {
  std::string certificate;
  std::string private_key;
};

// A fresh EC P-256 key and a certificate for CN=localhost (SAN localhost, 127.0.0.1),
// valid from an hour ago for a year. nullopt if OpenSSL fails.
[[nodiscard]] std::optional<PemCertificate> GenerateSelfSigned();

// "AB:CD:..." of the certificate's DER, as SDP's a=fingerprint:sha-256 writes it; empty
// when the PEM does not parse.
[[nodiscard]] std::string Sha256Fingerprint(const std::string& certificate_pem);

}  // namespace trtc::webrtc
