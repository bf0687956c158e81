// The byte-level codecs under a token, wrapping OpenSSL and zlib: standard base64, the
// token's URL-safe variant, zlib deflate/inflate and HMAC-SHA256.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace trtc::usersig {

std::string Base64Encode(std::string_view bytes);
// Strict: standard alphabet, length a multiple of 4, '=' only as final padding.
[[nodiscard]] std::optional<std::string> Base64Decode(std::string_view text);

// '+' -> '*', '/' -> '-', '=' -> '_' and back.
std::string TokenEscape(std::string_view base64);
std::string TokenUnescape(std::string_view token);

std::string Deflate(std::string_view bytes);
// nullopt on a corrupt or truncated stream, or when the output would exceed max_output.
[[nodiscard]] std::optional<std::string> Inflate(std::string_view stream, std::size_t max_output);

std::string HmacSha256(std::string_view key, std::string_view message);

// A token's fingerprint for journals and traces: the first 12 hex digits of its SHA-256.
// Tells two tokens apart without revealing either; empty for an empty token.
std::string TokenFingerprint(std::string_view token);

// Equal without an early exit (for signatures).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace trtc::usersig
