#include "harness/usersig/usersig.h"

#include <gtest/gtest.h>

#include <tuple>

#include <nlohmann/json.hpp>

#include "harness/common/file_io.h"
#include "harness/usersig/codec.h"

namespace trtc::usersig {
namespace {

// ../shared/vectors/usersig-v2.json, made by the vendor's npm generator with a fixed clock.
const nlohmann::json& Vectors() {
  static const nlohmann::json vectors =
      nlohmann::json::parse(ReadFile(std::filesystem::path(TRTC_FIXTURES_DIR) / "vectors/usersig-v2.json").value());
  return vectors;
}

std::string Key() { return Vectors()["key"].get<std::string>(); }
std::uint64_t App() { return Vectors()["sdkappid"].get<std::uint64_t>(); }
std::int64_t IssuedAt() { return Vectors()["time"].get<std::int64_t>(); }

Expectation Expect(std::string_view identifier, std::int64_t now, std::optional<std::string> key = Key()) {
  return Expectation{identifier, App(), [key](std::uint64_t) { return key; }, now};
}

std::string InflatedDocument(std::string_view token) {
  return Inflate(Base64Decode(TokenUnescape(token)).value(), 8192).value();
}

TEST(VendorVectors, EveryUserSigVerifiesFieldByField) {
  for (const auto& vector : Vectors()["usersig"]) {
    std::string identifier = vector["identifier"];
    Decoded result = Verify(vector["usersig"].get<std::string>(), Expect(identifier, IssuedAt()));
    ASSERT_TRUE(result.ok()) << identifier << ": " << result.reason;
    EXPECT_EQ(result.token.identifier, identifier);
    EXPECT_EQ(result.token.sdkappid, App());
    EXPECT_EQ(result.token.time, IssuedAt());
    EXPECT_EQ(result.token.expire, vector["expire"].get<std::int64_t>());
    EXPECT_FALSE(result.token.userbuf.has_value());
  }
}

// The compressed bytes depend on the deflate implementation (Node bundles Chromium's
// zlib); the signed document is what must be identical, and is.
TEST(VendorVectors, GeneratorReproducesTheSignedDocumentByteForByte) {
  for (const auto& vector : Vectors()["usersig"]) {
    std::string ours = GenerateUserSig(Key(), App(), vector["identifier"].get<std::string>(),
                                       vector["expire"].get<std::int64_t>(), IssuedAt());
    EXPECT_EQ(InflatedDocument(ours), InflatedDocument(vector["usersig"].get<std::string>())) << vector["identifier"];
  }
}

TEST(VendorVectors, PrivateMapKeysDecodeTheirPrivileges) {
  const auto& numeric = Vectors()["privatemapkey"][0];
  Decoded result = Verify(numeric["key"].get<std::string>(), Expect("alice", IssuedAt()));
  ASSERT_TRUE(result.ok()) << result.reason;
  ASSERT_TRUE(result.token.private_map.has_value());
  EXPECT_EQ(*result.token.private_map, (PrivateMap{"alice", 1400000001u, std::uint32_t{10000},
                                                   static_cast<std::uint32_t>(IssuedAt() + 300), 255}));

  const auto& named = Vectors()["privatemapkey"][1];
  result = Verify(named["key"].get<std::string>(), Expect("bob_01", IssuedAt()));
  ASSERT_TRUE(result.ok()) << result.reason;
  EXPECT_EQ(result.token.private_map->room, (std::variant<std::uint32_t, std::string>{"room-abc"}));
  EXPECT_EQ(result.token.private_map->privileges, kEnterRoom | kReceiveAudio | kReceiveVideo);

  std::string ours = GeneratePrivateMapKey(Key(), App(), "bob_01", 300, std::string("room-abc"), 42, IssuedAt());
  EXPECT_EQ(InflatedDocument(ours), InflatedDocument(named["key"].get<std::string>()));
  ours = GeneratePrivateMapKey(Key(), App(), "alice", 300, std::uint32_t{10000}, 255, IssuedAt());
  EXPECT_EQ(InflatedDocument(ours), InflatedDocument(numeric["key"].get<std::string>()));
}

TEST(VendorVectors, ExpiryFollowsTheServerClock) {
  std::string token = Vectors()["usersig"][2]["usersig"];  // "x", valid for 1 s
  EXPECT_TRUE(Verify(token, Expect("x", IssuedAt() + 1)).ok());
  Decoded late = Verify(token, Expect("x", IssuedAt() + 2));
  EXPECT_EQ(late.failure, Failure::kExpired);
  EXPECT_EQ(AccountCode(late.failure), 70001);
}

// --- the memo answers as Verify does ---------------------------------------------------

TEST(VerifyMemo, AnswersAsVerifyDoesForGoodBadAndExpiredTokens) {
  const std::int64_t now = IssuedAt();
  const std::string good = GenerateUserSig(Key(), App(), "alice", 600, now);
  const std::string other_key = GenerateUserSig("another key", App(), "alice", 600, now);
  VerifyMemo memo;
  for (int pass = 0; pass < 2; ++pass) {  // the second pass answers from the memo
    for (const auto& [token, identifier, at] :
         {std::tuple{good, "alice", now}, std::tuple{good, "bob", now}, std::tuple{other_key, "alice", now},
          std::tuple{good, "alice", now + 601}, std::tuple{good, "alice", now + 600}}) {
      const Decoded direct = Verify(token, Expect(identifier, at));
      const Decoded memoized = memo.Verify(token, Expect(identifier, at));
      EXPECT_EQ(memoized.failure, direct.failure) << "pass " << pass << ", " << identifier << " at " << at;
      EXPECT_EQ(memoized.reason, direct.reason) << "pass " << pass << ", " << identifier << " at " << at;
      EXPECT_EQ(memoized.token.expire, direct.token.expire);
    }
  }
  EXPECT_EQ(memo.size(), 1u) << "only the authentic token for alice is kept";
}

TEST(VerifyMemo, ATokenKeptWhileGoodExpiresOnTheClock) {
  const std::int64_t now = IssuedAt();
  const std::string token = GenerateUserSig(Key(), App(), "alice", 60, now);
  VerifyMemo memo;
  ASSERT_TRUE(memo.Verify(token, Expect("alice", now)).ok());
  ASSERT_EQ(memo.size(), 1u);
  const Decoded late = memo.Verify(token, Expect("alice", now + 61));
  EXPECT_EQ(AccountCode(late.failure), 70001);
  EXPECT_EQ(late.reason, Verify(token, Expect("alice", now + 61)).reason);
}

// A REST identifier may hold any character once URL-decoded: no identity and token text
// may be spliced into the key of another (here "admin\nfoo"'s token behind "foo\n").
TEST(VerifyMemo, AKeptTokenAnswersForNoOtherText) {
  const std::int64_t now = IssuedAt();
  const std::string token = GenerateUserSig(Key(), App(), "admin\nfoo", 600, now);
  VerifyMemo memo;
  ASSERT_TRUE(memo.Verify(token, Expect("admin\nfoo", now)).ok());
  const std::string spliced = "foo\n" + token;
  EXPECT_EQ(memo.Verify(spliced, Expect("admin", now)).failure, Verify(spliced, Expect("admin", now)).failure);
  EXPECT_FALSE(memo.Verify(spliced, Expect("admin", now)).ok());
  EXPECT_EQ(memo.Verify(token, Expect("admin", now)).failure, Failure::kIdentifierMismatch);
}

TEST(VerifyMemo, StartsOverPastItsCapacity) {
  const std::int64_t now = IssuedAt();
  VerifyMemo memo(2);
  for (const char* user : {"a", "b", "c"})
    EXPECT_TRUE(memo.Verify(GenerateUserSig(Key(), App(), user, 600, now), Expect(user, now)).ok());
  EXPECT_LE(memo.size(), 2u);
  EXPECT_GE(memo.size(), 1u);
}

// --- each bad token gets its documented account code -------------------------------

std::string Wrap(std::string_view document) { return TokenEscape(Base64Encode(Deflate(document))); }

int CodeFor(std::string_view token, const Expectation& expectation) {
  return AccountCode(Verify(token, expectation).failure);
}

TEST(BadTokens, MapToTheirAccountCodes) {
  const std::int64_t now = IssuedAt();
  std::string good = GenerateUserSig(Key(), App(), "alice", 600, now);
  std::string compressed = Base64Decode(TokenUnescape(good)).value();
  EXPECT_EQ(CodeFor("", Expect("alice", now)), 70002);
  EXPECT_EQ(CodeFor(good.substr(0, good.size() - 1), Expect("alice", now)), 70003);
  EXPECT_EQ(CodeFor("eJ+rVg==", Expect("alice", now)), 70003);  // '+' is not in the token alphabet
  EXPECT_EQ(CodeFor(TokenEscape(Base64Encode(compressed.substr(0, compressed.size() / 2))), Expect("alice", now)),
            70004);
  EXPECT_EQ(CodeFor(Wrap("{not json"), Expect("alice", now)), 70005);
  EXPECT_EQ(CodeFor(Wrap(R"({"TLS.ver":"2.0","TLS.identifier":"alice"})"), Expect("alice", now)), 70006);
  EXPECT_EQ(CodeFor(Wrap(R"({"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":"1400000001","TLS.time":1,
                             "TLS.expire":1,"TLS.sig":""})"),
                    Expect("alice", now)),
            70006);
  std::string doc = InflatedDocument(good);
  std::string v1 = doc;
  v1.replace(v1.find("2.0"), 3, "1.0");
  EXPECT_EQ(CodeFor(Wrap(v1), Expect("alice", now)), 70007);
  std::string with_bad_userbuf = doc;
  with_bad_userbuf.insert(with_bad_userbuf.find(",\"TLS.sig\""), R"(,"TLS.userbuf":"AAAA")");
  EXPECT_EQ(CodeFor(Wrap(with_bad_userbuf), Expect("alice", now)), 70008);
  EXPECT_EQ(CodeFor(good, Expect("alice", now, std::string("another key"))), 70009);
  std::string forged = doc;  // identifier changed after signing
  forged.replace(forged.find("alice"), 5, "mallo");
  EXPECT_EQ(CodeFor(Wrap(forged), Expect("mallo", now)), 70009);
  EXPECT_EQ(CodeFor(good, Expect("bob", now)), 70013);
  EXPECT_EQ(CodeFor(GenerateUserSig(Key(), App() + 1, "alice", 600, now), Expect("alice", now)), 70014);
  EXPECT_EQ(CodeFor(good, Expect("alice", now, std::nullopt)), 70020);
  EXPECT_EQ(CodeFor(good, Expect("alice", now, std::string())), 70016);
  EXPECT_EQ(CodeFor(GenerateUserSig(Key(), App(), "alice", 0, now), Expect("alice", now)), 70001);
  EXPECT_EQ(CodeFor(good, Expect("alice", now + 601)), 70001);
  EXPECT_EQ(CodeFor(good, Expect("alice", now + 600)), 0);
}

TEST(BadTokens, AZipBombIsRefused) { EXPECT_EQ(Decode(Wrap(std::string(1 << 20, ' '))).failure, Failure::kNotZlib); }

TEST(Decode, ReasonsNeverContainTheKey) {
  std::string good = GenerateUserSig(Key(), App(), "alice", 600, IssuedAt());
  for (const Expectation& e : {Expect("bob", IssuedAt()), Expect("alice", IssuedAt(), std::string("k2"))}) {
    EXPECT_EQ(Verify(good, e).reason.find(Key()), std::string::npos);
  }
}

}  // namespace
}  // namespace trtc::usersig
