// TLS userSig v2 and privateMapKey: generated and verified as the vendor's public
// generator (tls-sig-api-v2) makes them. A token is base64 with '+' -> '*', '/' -> '-',
// '=' -> '_' over a zlib stream of a JSON document whose TLS.sig is
// base64(HMAC-SHA256(secret key, "TLS.identifier:…\nTLS.sdkappid:…\nTLS.time:…\nTLS.expire:…\n"
// [+ "TLS.userbuf:…\n"])). Verification compares fields, never compressed bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

namespace trtc::usersig {

// The decoded privateMapKey user buffer: what the key grants, in which room, until when.
struct PrivateMap {
  std::string account;
  std::uint32_t sdkappid = 0;
  std::variant<std::uint32_t, std::string> room;  // numeric room id, or string room id
  std::uint32_t expire_at = 0;                    // absolute, seconds since the epoch
  std::uint32_t privileges = 0;                   // Privilege bits
  bool operator==(const PrivateMap&) const = default;
};

// Privilege bits of a privateMapKey.
enum Privilege : std::uint32_t {
  kCreateRoom = 1,
  kEnterRoom = 2,
  kSendAudio = 4,
  kReceiveAudio = 8,
  kSendVideo = 16,
  kReceiveVideo = 32,
  kSendSubStream = 64,
  kReceiveSubStream = 128,
};

// The fields of a decoded token.
struct Token {
  std::string version;  // "2.0"
  std::string identifier;
  std::uint64_t sdkappid = 0;
  std::int64_t time = 0;               // issued at, seconds since the epoch
  std::int64_t expire = 0;             // validity in seconds, relative to time
  std::optional<std::string> userbuf;  // raw bytes (privateMapKey only)
  std::string sig;                     // base64 HMAC-SHA256
  std::optional<PrivateMap> private_map;
};

// The signing input and the JSON document exactly as the vendor's generator writes them.
std::string SigningInput(const Token& token);
std::string TokenDocument(const Token& token);
// A JSON document as a token: deflate, base64, the token alphabet. Generation uses it; so
// can anything that needs a well-formed token around a document that is not (tests, scenarios).
std::string EncodeDocument(std::string_view document);

// Generation. `now` is the issue time (server clock, never the wall clock in tests).
std::string GenerateUserSig(std::string_view secret_key, std::uint64_t sdkappid, std::string_view identifier,
                            std::int64_t expire, std::int64_t now);
std::string GeneratePrivateMapKey(std::string_view secret_key, std::uint64_t sdkappid, std::string_view identifier,
                                  std::int64_t expire, std::variant<std::uint32_t, std::string> room,
                                  std::uint32_t privileges, std::int64_t now);

// Each way a token can be bad; AccountCode() maps it to the documented code.
enum class Failure {
  kNone,
  kEmpty,               // 70002
  kNotBase64,           // 70003: truncated or mangled text
  kNotZlib,             // 70004: truncated compressed stream
  kNotJson,             // 70005
  kBadField,            // 70006: a field missing or of the wrong type
  kBadVersion,          // 70007
  kBadUserBuf,          // 70008: privateMapKey buffer malformed
  kSdkAppIdMismatch,    // 70014
  kUnknownSdkAppId,     // 70020
  kNoKey,               // 70016
  kBadSignature,        // 70009
  kIdentifierMismatch,  // 70013
  kExpired,             // 70001
};

int AccountCode(Failure failure);  // 0 for kNone

struct Decoded {
  Failure failure = Failure::kNone;
  std::string reason;  // one line, for traces; never contains the key
  Token token;
  bool ok() const { return failure == Failure::kNone; }
};

// Parses a token without checking its signature.
Decoded Decode(std::string_view token);

// What a verifier knows: the request's identity, the app's secret key (nullopt: unknown
// app; empty: app without key), and the server's clock.
struct Expectation {
  std::string_view identifier;
  std::uint64_t sdkappid = 0;
  std::function<std::optional<std::string>(std::uint64_t sdkappid)> key_for;
  std::int64_t now = 0;
};

[[nodiscard]] Decoded Verify(std::string_view token, const Expectation& expected);

// Verify's last check alone: an authentic token (one Verify accepted, or refused only as
// expired) checked against the server clock at `now`.
[[nodiscard]] Decoded CheckExpiry(Decoded authentic, std::int64_t now);

// Verify with a bounded memo of authentic tokens, for a server that sees the same token on
// every request (REST calls carry the admin's): a token met again skips decoding, inflating
// and the HMAC, but its expiry is checked on every call, so every answer is the one Verify
// would give. Keyed by the token (a hit counts only for the sdkappid and identifier it was
// signed for); valid only while the keys `key_for` gives do not change. Past `capacity` tokens the memo starts
// over. Thread-safe.
class VerifyMemo {
 public:
  explicit VerifyMemo(std::size_t capacity = 4096) : capacity_(capacity) {}
  [[nodiscard]] Decoded Verify(std::string_view token, const Expectation& expected);
  [[nodiscard]] std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Decoded> authentic_;
};

}  // namespace trtc::usersig
