// STUN (RFC 5389) messages for the media server's binding responder: strict parsing of
// untrusted datagrams, FINGERPRINT and MESSAGE-INTEGRITY checks, XOR-MAPPED-ADDRESS, and
// the responses. RFC 5769's test vectors are in fixtures/vectors/rfc5769-stun.json.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace trtc::stun {

inline constexpr std::uint32_t kMagicCookie = 0x2112A442;
inline constexpr std::uint16_t kBindingRequest = 0x0001;
inline constexpr std::uint16_t kBindingSuccess = 0x0101;
inline constexpr std::uint16_t kBindingError = 0x0111;

enum AttributeType : std::uint16_t {
  kMappedAddress = 0x0001,
  kUsername = 0x0006,
  kMessageIntegrity = 0x0008,
  kErrorCode = 0x0009,
  kUnknownAttributes = 0x000A,
  kXorMappedAddress = 0x0020,
  kPriority = 0x0024,
  kUseCandidate = 0x0025,
  kSoftware = 0x8022,
  kFingerprint = 0x8028,
  kIceControlled = 0x8029,
  kIceControlling = 0x802A,
};

using TransactionId = std::array<std::uint8_t, 12>;

struct Attribute {
  std::uint16_t type = 0;
  std::string value;
  std::size_t offset = 0;  // where the attribute's header starts in the message
};

struct Message {
  std::uint16_t type = 0;
  TransactionId transaction_id{};
  std::vector<Attribute> attributes;
  const Attribute* Find(std::uint16_t type) const;
};

struct Endpoint {
  std::string address;  // dotted IPv4 or IPv6 text
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};

// Why a datagram is not a valid STUN message (RFC 5389 says: discard it silently).
struct [[nodiscard]] ParseError {
  std::string reason;
};

// Checks the header (leading zero bits, length a multiple of 4 that matches the datagram,
// magic cookie), the attribute framing, and FINGERPRINT (when present it must be last and
// correct). Never reads past the input.
[[nodiscard]] std::variant<Message, ParseError> Parse(std::string_view datagram);

// MESSAGE-INTEGRITY with a short-term credential (the password's bytes as the key).
bool IntegrityMatches(std::string_view datagram, const Message& message, std::string_view password);

std::optional<Endpoint> XorMappedAddress(const Message& message);

// Comprehension-required attribute types (< 0x8000) this responder does not know.
std::vector<std::uint16_t> UnknownRequiredAttributes(const Message& message);

struct ResponseOptions {
  std::string software;
  std::optional<std::string> password;  // adds MESSAGE-INTEGRITY
  char padding = 0;                     // padding byte (RFC 5769's vectors use ' ')
};

// An ICE connectivity check (RFC 8445 7.2.2), as a controlling agent sends it: USERNAME
// "<remote ufrag>:<local ufrag>", PRIORITY, ICE-CONTROLLING, USE-CANDIDATE when nominating,
// MESSAGE-INTEGRITY with the remote password, FINGERPRINT. Tests and benchmarks use it.
struct CheckOptions {
  std::string username;
  std::string password;
  bool use_candidate = false;
  std::uint32_t priority = 0x6E0001FF;
  std::uint64_t tie_breaker = 0x0102030405060708;
};
std::string EncodeBindingRequest(const TransactionId& id, const CheckOptions& options);

std::string EncodeBindingSuccess(const TransactionId& id, const Endpoint& mapped, const ResponseOptions& options);
std::string EncodeBindingError(const TransactionId& id, int code, std::string_view reason,
                               const std::vector<std::uint16_t>& unknown, const ResponseOptions& options);

}  // namespace trtc::stun
