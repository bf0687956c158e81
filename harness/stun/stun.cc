#include "harness/stun/stun.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <zlib.h>

#include <boost/asio/ip/address.hpp>

namespace trtc::stun {
namespace {

constexpr std::size_t kHeader = 20;
constexpr std::uint32_t kFingerprintXor = 0x5354554e;

std::uint16_t U16(std::string_view d, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(d[at]) << 8) | static_cast<std::uint8_t>(d[at + 1]));
}
std::uint32_t U32(std::string_view d, std::size_t at) {
  return (static_cast<std::uint32_t>(U16(d, at)) << 16) | U16(d, at + 2);
}
void Put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}
void Put32(std::string& out, std::uint32_t v) {
  Put16(out, v >> 16);
  Put16(out, v & 0xffff);
}
void SetLength(std::string& message, std::size_t body) {
  message[2] = static_cast<char>((body >> 8) & 0xff);
  message[3] = static_cast<char>(body & 0xff);
}

std::uint32_t Crc32(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

void AddAttribute(std::string& out, std::uint16_t type, std::string_view value, char padding) {
  Put16(out, type);
  Put16(out, static_cast<std::uint32_t>(value.size()));
  out += value;
  while (out.size() % 4) out.push_back(padding);
}

std::string Header(std::uint16_t type, const TransactionId& id) {
  std::string out;
  Put16(out, type);
  Put16(out, 0);
  Put32(out, kMagicCookie);
  out.append(reinterpret_cast<const char*>(id.data()), id.size());
  return out;
}

std::string XorAddressValue(const TransactionId& id, const Endpoint& mapped) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(mapped.address, ec);
  std::string value;
  value.push_back(0);
  value.push_back(address.is_v6() ? 2 : 1);
  Put16(value, mapped.port ^ (kMagicCookie >> 16));
  std::string key;
  Put32(key, kMagicCookie);
  key.append(reinterpret_cast<const char*>(id.data()), id.size());
  if (address.is_v6()) {
    auto bytes = address.to_v6().to_bytes();
    for (std::size_t i = 0; i < 16; ++i) value.push_back(static_cast<char>(bytes[i] ^ key[i]));
  } else {
    auto bytes = address.to_v4().to_bytes();
    for (std::size_t i = 0; i < 4; ++i) value.push_back(static_cast<char>(bytes[i] ^ key[i]));
  }
  return value;
}

// MESSAGE-INTEGRITY (when a password is given) and FINGERPRINT, each computed over the
// message with its length field covering the attribute being added.
std::string Seal(std::string message, const ResponseOptions& options) {
  if (options.password) {
    SetLength(message, message.size() - kHeader + 24);
    AddAttribute(message, kMessageIntegrity, HmacSha1(*options.password, message), options.padding);
  }
  SetLength(message, message.size() - kHeader + 8);
  std::string crc;
  Put32(crc, Crc32(message) ^ kFingerprintXor);
  AddAttribute(message, kFingerprint, crc, options.padding);
  return message;
}

}  // namespace

const Attribute* Message::Find(std::uint16_t wanted) const {
  for (const auto& a : attributes)
    if (a.type == wanted) return &a;
  return nullptr;
}

std::variant<Message, ParseError> Parse(std::string_view d) {
  if (d.size() < kHeader) return ParseError{"shorter than a STUN header"};
  if (static_cast<std::uint8_t>(d[0]) & 0xc0) return ParseError{"the first two bits are not zero"};
  std::size_t length = U16(d, 2);
  if (length % 4) return ParseError{"message length is not a multiple of 4"};
  if (length + kHeader != d.size()) return ParseError{"message length does not match the datagram"};
  if (U32(d, 4) != kMagicCookie) return ParseError{"wrong magic cookie"};
  Message message;
  message.type = U16(d, 0);
  for (std::size_t i = 0; i < 12; ++i) message.transaction_id[i] = static_cast<std::uint8_t>(d[8 + i]);
  std::size_t at = kHeader;
  while (at < d.size()) {
    if (d.size() - at < 4) return ParseError{"truncated attribute header"};
    std::uint16_t type = U16(d, at);
    std::size_t value_length = U16(d, at + 2);
    std::size_t padded = (value_length + 3) / 4 * 4;
    if (d.size() - at - 4 < padded) return ParseError{"attribute runs past the message"};
    if (!message.attributes.empty() && message.attributes.back().type == kFingerprint)
      return ParseError{"an attribute follows FINGERPRINT"};
    message.attributes.push_back({type, std::string(d.substr(at + 4, value_length)), at});
    at += 4 + padded;
  }
  if (const Attribute* fingerprint = message.Find(kFingerprint)) {
    if (fingerprint->value.size() != 4) return ParseError{"FINGERPRINT is not 4 bytes"};
    if ((Crc32(d.substr(0, fingerprint->offset)) ^ kFingerprintXor) != U32(fingerprint->value, 0))
      return ParseError{"FINGERPRINT does not match"};
  }
  return message;
}

bool IntegrityMatches(std::string_view datagram, const Message& message, std::string_view password) {
  const Attribute* integrity = message.Find(kMessageIntegrity);
  if (!integrity || integrity->value.size() != 20) return false;
  // The HMAC covers the message up to MESSAGE-INTEGRITY, with the length field set as if
  // the message ended right after it.
  std::string covered(datagram.substr(0, integrity->offset));
  SetLength(covered, integrity->offset + 24 - kHeader);
  std::string expected = HmacSha1(password, covered);
  return CRYPTO_memcmp(expected.data(), integrity->value.data(), 20) == 0;
}

std::optional<Endpoint> XorMappedAddress(const Message& message) {
  const Attribute* attribute = message.Find(kXorMappedAddress);
  if (!attribute || attribute->value.size() < 4) return std::nullopt;
  const std::string& v = attribute->value;
  std::uint8_t family = static_cast<std::uint8_t>(v[1]);
  std::string key;
  Put32(key, kMagicCookie);
  key.append(reinterpret_cast<const char*>(message.transaction_id.data()), 12);
  Endpoint endpoint;
  endpoint.port = static_cast<std::uint16_t>(U16(v, 2) ^ (kMagicCookie >> 16));
  if (family == 1 && v.size() == 8) {
    boost::asio::ip::address_v4::bytes_type bytes;
    for (std::size_t i = 0; i < 4; ++i) bytes[i] = static_cast<unsigned char>(v[4 + i] ^ key[i]);
    endpoint.address = boost::asio::ip::address_v4(bytes).to_string();
  } else if (family == 2 && v.size() == 20) {
    boost::asio::ip::address_v6::bytes_type bytes;
    for (std::size_t i = 0; i < 16; ++i) bytes[i] = static_cast<unsigned char>(v[4 + i] ^ key[i]);
    endpoint.address = boost::asio::ip::address_v6(bytes).to_string();
  } else {
    return std::nullopt;
  }
  return endpoint;
}

std::vector<std::uint16_t> UnknownRequiredAttributes(const Message& message) {
  static constexpr std::uint16_t kKnown[] = {kMappedAddress,     kUsername,         kMessageIntegrity, kErrorCode,
                                             kUnknownAttributes, kXorMappedAddress, kPriority,         kUseCandidate};
  std::vector<std::uint16_t> unknown;
  for (const auto& a : message.attributes) {
    if (a.type >= 0x8000) continue;
    if (std::find(std::begin(kKnown), std::end(kKnown), a.type) == std::end(kKnown)) unknown.push_back(a.type);
  }
  return unknown;
}

std::string EncodeBindingRequest(const TransactionId& id, const CheckOptions& options) {
  std::string message = Header(kBindingRequest, id);
  AddAttribute(message, kUsername, options.username, 0);
  std::string priority;
  Put32(priority, options.priority);
  AddAttribute(message, kPriority, priority, 0);
  std::string tie_breaker;
  Put32(tie_breaker, static_cast<std::uint32_t>(options.tie_breaker >> 32));
  Put32(tie_breaker, static_cast<std::uint32_t>(options.tie_breaker));
  AddAttribute(message, kIceControlling, tie_breaker, 0);
  if (options.use_candidate) AddAttribute(message, kUseCandidate, "", 0);
  return Seal(std::move(message), ResponseOptions{"", options.password, 0});
}

std::string EncodeBindingSuccess(const TransactionId& id, const Endpoint& mapped, const ResponseOptions& options) {
  std::string message = Header(kBindingSuccess, id);
  if (!options.software.empty()) AddAttribute(message, kSoftware, options.software, options.padding);
  AddAttribute(message, kXorMappedAddress, XorAddressValue(id, mapped), options.padding);
  return Seal(std::move(message), options);
}

std::string EncodeBindingError(const TransactionId& id, int code, std::string_view reason,
                               const std::vector<std::uint16_t>& unknown, const ResponseOptions& options) {
  std::string message = Header(kBindingError, id);
  if (!options.software.empty()) AddAttribute(message, kSoftware, options.software, options.padding);
  std::string value;
  Put16(value, 0);
  value.push_back(static_cast<char>((code / 100) & 0x7));
  value.push_back(static_cast<char>(code % 100));
  value += reason;
  AddAttribute(message, kErrorCode, value, options.padding);
  if (!unknown.empty()) {
    std::string list;
    for (auto type : unknown) Put16(list, type);
    AddAttribute(message, kUnknownAttributes, list, options.padding);
  }
  return Seal(std::move(message), options);
}

}  // namespace trtc::stun
