#include "harness/catalog/plain_text.h"

#include <gtest/gtest.h>

namespace trtc::catalog {
namespace {

TEST(PlainText, BreakTagsBecomeLines) {
  EXPECT_EQ(PlainText("无效参数<br>处理建议：检查"), "无效参数\n处理建议：检查");
  EXPECT_EQ(PlainText("a<br/>b<BR />c"), "a\nb\nc");
}

TEST(PlainText, ListItemsBecomeBulletLines) {
  EXPECT_EQ(PlainText(R"(失败<ul style="margin:0"><li/>说明：x<li/>处理建议：y)"), "失败\n- 说明：x\n- 处理建议：y");
  EXPECT_EQ(PlainText("<ul><li>one</li><li>two</li></ul>"), "- one\n- two");
}

TEST(PlainText, LinksKeepTextAndUrl) {
  EXPECT_EQ(PlainText("check the [firewall configuration](https://x.test/a) now"),
            "check the firewall configuration (https://x.test/a) now");
  EXPECT_EQ(PlainText("[**Account Info**](u)"), "Account Info (u)");
}

TEST(PlainText, MarkdownMarksAreDropped) {
  EXPECT_EQ(PlainText("`userSig` has **expired**"), "userSig has expired");
  EXPECT_EQ(PlainText("a \\| b"), "a | b");
  EXPECT_EQ(PlainText("x &amp; y &lt;z&gt;"), "x & y <z>");
}

TEST(PlainText, WhiteSpaceFoldsAndLinesAreTrimmed) {
  EXPECT_EQ(PlainText("  a   b \t c  <br>   <br> d  "), "a b c\nd");
}

TEST(PlainText, TextThatOnlyLooksLikeMarkupStays) {
  EXPECT_EQ(PlainText("a < b and c > d"), "a < b and c > d");
  EXPECT_EQ(PlainText("[not a link] (x)"), "[not a link] (x)");
  EXPECT_EQ(PlainText("[open](unterminated"), "[open](unterminated");
  EXPECT_EQ(PlainText("<3 <"), "<3 <");
}

}  // namespace
}  // namespace trtc::catalog
