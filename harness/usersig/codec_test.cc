#include "harness/usersig/codec.h"

#include <gtest/gtest.h>

namespace trtc::usersig {
namespace {

std::string Hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += {digits[byte >> 4], digits[byte & 15]};
  }
  return out;
}

TEST(Base64, RoundTripsAndRejectsAnythingNotStrict) {
  for (std::string_view s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"})
    EXPECT_EQ(Base64Decode(Base64Encode(s)), s);
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Decode("Zm9vYg"), std::nullopt);      // not a multiple of 4
  EXPECT_EQ(Base64Decode("Zm9v\nYg=="), std::nullopt);  // white space
  EXPECT_EQ(Base64Decode("Zm=vYg=="), std::nullopt);    // padding inside
  EXPECT_EQ(Base64Decode("Zg==="), std::nullopt);
  EXPECT_EQ(Base64Decode("Z*9v"), std::nullopt);  // token alphabet is not base64
}

TEST(TokenEscape, MapsTheThreeCharacters) {
  EXPECT_EQ(TokenEscape("a+b/c="), "a*b-c_");
  EXPECT_EQ(TokenUnescape("a*b-c_"), "a+b/c=");
}

TEST(Inflate, RejectsTruncatedAndOversizedStreams) {
  std::string text(1000, 'a');
  std::string stream = Deflate(text);
  EXPECT_EQ(Inflate(stream, 1000), text);
  EXPECT_EQ(Inflate(stream, 999), std::nullopt);  // a zip bomb stops at the cap
  EXPECT_EQ(Inflate(stream.substr(0, stream.size() - 3), 1000), std::nullopt);
  EXPECT_EQ(Inflate("not zlib", 1000), std::nullopt);
}

TEST(HmacSha256, MatchesRfc4231TestCase2) {
  EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

}  // namespace
}  // namespace trtc::usersig

namespace trtc::usersig {
namespace {

TEST(TokenFingerprint, IsTheSha256PrefixAndEmptyForNoToken) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223…
  EXPECT_EQ(TokenFingerprint("abc"), "ba7816bf8f01");
  EXPECT_EQ(TokenFingerprint(""), "");
  EXPECT_NE(TokenFingerprint("abd"), TokenFingerprint("abc"));
}

}  // namespace
}  // namespace trtc::usersig
