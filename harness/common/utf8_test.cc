#include "harness/common/utf8.h"

#include <gtest/gtest.h>

namespace trtc {
namespace {

TEST(FindInvalidUtf8, AcceptsValidText) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ascii, 中文, 日本語, 한국어, \xF0\x9F\x98\x80"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\xF4\x8F\xBF\xBF"), std::nullopt);  // U+10FFFF
}

TEST(FindInvalidUtf8, FindsTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("a\xC3"), 1u);             // truncated
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);      // overlong
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);     // surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("\xE4\xB8\x41"), 0u);      // bad continuation
  EXPECT_EQ(FindInvalidUtf8("\x80"), 0u);              // lone continuation
}

}  // namespace
}  // namespace trtc

namespace trtc {
namespace {

TEST(Utf8Prefix, NeverCutsASequence) {
  const std::string text = "ab\xE5\xAE\xA2\xE6\x88\xB7";  // "ab客户"
  EXPECT_EQ(Utf8Prefix(text, 2), "ab");
  EXPECT_EQ(Utf8Prefix(text, 3), "ab");
  EXPECT_EQ(Utf8Prefix(text, 4), "ab");
  EXPECT_EQ(Utf8Prefix(text, 5), "ab\xE5\xAE\xA2");
  EXPECT_EQ(Utf8Prefix(text, 99), text);
  EXPECT_FALSE(FindInvalidUtf8(Utf8Prefix(text, 7)));
}

}  // namespace
}  // namespace trtc
