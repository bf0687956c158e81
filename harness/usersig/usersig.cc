#include "harness/usersig/usersig.h"

#include <nlohmann/json.hpp>

#include "harness/common/json_fields.h"
#include "harness/usersig/codec.h"

namespace trtc::usersig {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::size_t kMaxDocument = 8 * 1024;  // a real token inflates to a few hundred bytes
constexpr std::uint8_t kNumericRoom = 0, kStringRoom = 1;

void PutU16(std::string& out, std::size_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

void PutU32(std::string& out, std::uint64_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// Big-endian reader that fails softly past the end.
struct Reader {
  std::string_view data;
  std::size_t at = 0;
  bool ok = true;

  std::uint32_t Number(int bytes) {
    std::uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | Byte();
    return v;
  }
  std::uint8_t Byte() {
    if (at >= data.size()) {
      ok = false;
      return 0;
    }
    return static_cast<std::uint8_t>(data[at++]);
  }
  std::string Text(std::size_t length) {
    if (data.size() - at < length) {
      ok = false;
      return {};
    }
    std::string out(data.substr(at, length));
    at += length;
    return out;
  }
};

// The vendor generator's _genUserbuf layout.
std::string EncodeUserBuf(const PrivateMap& map) {
  const auto* room_name = std::get_if<std::string>(&map.room);
  std::string out;
  out.push_back(static_cast<char>(room_name ? kStringRoom : kNumericRoom));
  PutU16(out, map.account.size());
  out += map.account;
  PutU32(out, map.sdkappid);
  PutU32(out, room_name ? 0 : std::get<std::uint32_t>(map.room));
  PutU32(out, map.expire_at);
  PutU32(out, map.privileges);
  PutU32(out, 0);  // account type
  if (room_name) {
    PutU16(out, room_name->size());
    out += *room_name;
  }
  return out;
}

std::optional<PrivateMap> DecodeUserBuf(std::string_view bytes) {
  Reader in{bytes};
  PrivateMap map;
  std::uint8_t version = in.Byte();
  map.account = in.Text(in.Number(2));
  map.sdkappid = in.Number(4);
  std::uint32_t room_id = in.Number(4);
  map.expire_at = in.Number(4);
  map.privileges = in.Number(4);
  in.Number(4);  // account type
  if (version == kStringRoom) {
    map.room = in.Text(in.Number(2));
  } else {
    map.room = room_id;
  }
  if (!in.ok || in.at != bytes.size() || version > kStringRoom) return std::nullopt;
  return map;
}

Decoded Fail(Failure failure, std::string reason, Token token = {}) {
  return Decoded{failure, std::move(reason), std::move(token)};
}

// Reads the typed fields; false (with reason) when one is missing or mistyped.
bool ReadFields(const json& doc, Token& token, std::string& reason) {
  constexpr Presence kRequired = Presence::kRequired;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields fields(doc, "", problems);
  fields.Read("TLS.ver", token.version, kRequired);
  fields.Read("TLS.identifier", token.identifier, kRequired);
  fields.Read("TLS.sdkappid", token.sdkappid, kRequired);
  fields.Read("TLS.time", token.time, kRequired);
  fields.Read("TLS.expire", token.expire, kRequired);
  fields.Read("TLS.sig", token.sig, kRequired);
  reason = FirstProblemText(problems);
  return problems.empty();
}

Decoded DecodeDocument(std::string_view document) {
  json doc = json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Fail(Failure::kNotJson, "the inflated token is not a JSON object");
  Token token;
  std::string reason;
  if (!ReadFields(doc, token, reason)) return Fail(Failure::kBadField, reason);
  if (token.version != "2.0")
    return Fail(Failure::kBadVersion, "TLS.ver is \"" + token.version + "\", not \"2.0\"", token);
  if (auto it = doc.find("TLS.userbuf"); it != doc.end()) {
    std::optional<std::string> bytes = it->is_string() ? Base64Decode(it->get<std::string>()) : std::nullopt;
    std::optional<PrivateMap> map = bytes ? DecodeUserBuf(*bytes) : std::nullopt;
    if (!map) return Fail(Failure::kBadUserBuf, "TLS.userbuf is not a valid privilege buffer", token);
    token.userbuf = std::move(bytes);
    token.private_map = std::move(map);
  }
  return Decoded{Failure::kNone, "", std::move(token)};
}

Token MakeToken(std::string_view key, std::uint64_t sdkappid, std::string_view identifier, std::int64_t expire,
                std::int64_t now, std::optional<std::string> userbuf) {
  Token token{"2.0", std::string(identifier), sdkappid, now, expire, std::move(userbuf), "", std::nullopt};
  token.sig = Base64Encode(HmacSha256(key, SigningInput(token)));
  return token;
}

std::string Encode(const Token& token) { return EncodeDocument(TokenDocument(token)); }

}  // namespace

std::string EncodeDocument(std::string_view document) { return TokenEscape(Base64Encode(Deflate(document))); }

std::string SigningInput(const Token& token) {
  std::string input = "TLS.identifier:" + token.identifier + "\nTLS.sdkappid:" + std::to_string(token.sdkappid) +
                      "\nTLS.time:" + std::to_string(token.time) + "\nTLS.expire:" + std::to_string(token.expire) +
                      "\n";
  if (token.userbuf) input += "TLS.userbuf:" + Base64Encode(*token.userbuf) + "\n";
  return input;
}

std::string TokenDocument(const Token& token) {
  ordered_json doc{{"TLS.ver", token.version},
                   {"TLS.identifier", token.identifier},
                   {"TLS.sdkappid", token.sdkappid},
                   {"TLS.time", token.time},
                   {"TLS.expire", token.expire}};
  if (token.userbuf) doc["TLS.userbuf"] = Base64Encode(*token.userbuf);
  doc["TLS.sig"] = token.sig;
  return doc.dump();
}

std::string GenerateUserSig(std::string_view secret_key, std::uint64_t sdkappid, std::string_view identifier,
                            std::int64_t expire, std::int64_t now) {
  return Encode(MakeToken(secret_key, sdkappid, identifier, expire, now, std::nullopt));
}

std::string GeneratePrivateMapKey(std::string_view secret_key, std::uint64_t sdkappid, std::string_view identifier,
                                  std::int64_t expire, std::variant<std::uint32_t, std::string> room,
                                  std::uint32_t privileges, std::int64_t now) {
  PrivateMap map{std::string(identifier), static_cast<std::uint32_t>(sdkappid), std::move(room),
                 static_cast<std::uint32_t>(now + expire), privileges};
  return Encode(MakeToken(secret_key, sdkappid, identifier, expire, now, EncodeUserBuf(map)));
}

int AccountCode(Failure failure) {
  switch (failure) {
    case Failure::kNone:
      return 0;
    case Failure::kEmpty:
      return 70002;
    case Failure::kNotBase64:
      return 70003;
    case Failure::kNotZlib:
      return 70004;
    case Failure::kNotJson:
      return 70005;
    case Failure::kBadField:
      return 70006;
    case Failure::kBadVersion:
      return 70007;
    case Failure::kBadUserBuf:
      return 70008;
    case Failure::kSdkAppIdMismatch:
      return 70014;
    case Failure::kUnknownSdkAppId:
      return 70020;
    case Failure::kNoKey:
      return 70016;
    case Failure::kBadSignature:
      return 70009;
    case Failure::kIdentifierMismatch:
      return 70013;
    case Failure::kExpired:
      return 70001;
  }
  return 0;
}

Decoded Decode(std::string_view token) {
  if (token.empty()) return Fail(Failure::kEmpty, "the userSig is empty");
  // A generator never emits '+', '/' or '='; one that appears means the token was mangled.
  bool plain_base64 = token.find_first_of("+/=") != std::string_view::npos;
  std::optional<std::string> compressed = plain_base64 ? std::nullopt : Base64Decode(TokenUnescape(token));
  if (!compressed) return Fail(Failure::kNotBase64, "not in the userSig base64 alphabet, or truncated");
  std::optional<std::string> document = Inflate(*compressed, kMaxDocument);
  if (!document) return Fail(Failure::kNotZlib, "not a complete zlib stream (truncated?)");
  return DecodeDocument(*document);
}

Decoded Verify(std::string_view token, const Expectation& expected) {
  Decoded decoded = Decode(token);
  if (!decoded.ok()) return decoded;
  const Token& t = decoded.token;
  auto fail = [&](Failure failure, std::string reason) { return Fail(failure, std::move(reason), t); };
  if (t.sdkappid != expected.sdkappid) {
    return fail(Failure::kSdkAppIdMismatch, "signed for sdkappid " + std::to_string(t.sdkappid) + ", request has " +
                                                std::to_string(expected.sdkappid));
  }
  std::optional<std::string> key = expected.key_for ? expected.key_for(t.sdkappid) : std::nullopt;
  if (!key) return fail(Failure::kUnknownSdkAppId, "no application has sdkappid " + std::to_string(t.sdkappid));
  if (key->empty()) return fail(Failure::kNoKey, "the application has no secret key");
  if (!ConstantTimeEquals(t.sig, Base64Encode(HmacSha256(*key, SigningInput(t))))) {
    return fail(Failure::kBadSignature, "TLS.sig does not match the application's key");
  }
  if (t.identifier != expected.identifier) {
    return fail(Failure::kIdentifierMismatch,
                "signed for \"" + t.identifier + "\", request is for \"" + std::string(expected.identifier) + "\"");
  }
  return CheckExpiry(std::move(decoded), expected.now);
}

Decoded CheckExpiry(Decoded authentic, std::int64_t now) {
  const Token& t = authentic.token;
  if (t.expire <= 0 || t.time + t.expire < now)
    return Fail(Failure::kExpired,
                "expired at " + std::to_string(t.time + t.expire) + ", server time is " + std::to_string(now), t);
  authentic.failure = Failure::kNone;
  authentic.reason.clear();
  return authentic;
}

Decoded VerifyMemo::Verify(std::string_view token, const Expectation& expected) {
  {
    std::lock_guard lock(mutex_);
    // Keyed by the token alone; a token asked for another identity goes the whole way
    // (Verify names the mismatch).
    if (auto found = authentic_.find(std::string(token)); found != authentic_.end()) {
      const Token& kept = found->second.token;
      if (kept.sdkappid == expected.sdkappid && kept.identifier == expected.identifier)
        return CheckExpiry(found->second, expected.now);
    }
  }
  Decoded verified = usersig::Verify(token, expected);
  if (verified.ok() || verified.failure == Failure::kExpired) {
    std::lock_guard lock(mutex_);
    if (authentic_.size() >= capacity_) authentic_.clear();
    authentic_.insert_or_assign(std::string(token), verified);
  }
  return verified;
}

std::size_t VerifyMemo::size() const {
  std::lock_guard lock(mutex_);
  return authentic_.size();
}

}  // namespace trtc::usersig
