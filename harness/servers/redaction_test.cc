#include <gmock/gmock.h>

#include "harness/servers/server_internals.h"

namespace trtc::servers {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kToken = "eJwtzEELgjAYxvG7n2Vnga1ZmtAhKCzqUtI9ZnvVF3WOOUWJvntKXZ*f8-_6hJDg-rjupFJNb1NlvaUwDRcaHlEXNo";

TEST(RedactSecrets, CutsTheValueHoweverTheKeyIsSpelled) {
  for (std::string key : {"userSig", "user\\u0053ig", "\\u0075\\u0073\\u0065\\u0072\\u0053\\u0069\\u0067", "usersig",
                          "privateMapKey", "private\\u004dapKey"}) {
    const std::string frame = R"({"type":"hello","seq":1,"data":{")" + key + R"(":")" + kToken + R"("}})";
    const std::string redacted = RedactSecrets(frame);
    EXPECT_THAT(redacted, Not(HasSubstr(kToken))) << key;
    EXPECT_THAT(redacted, HasSubstr(kToken.substr(0, 8) + "…")) << key;
  }
}

TEST(RedactSecrets, CutsSecretsAtAnyDepthAndInUrls) {
  const std::string frame =
      R"({"a":[{"b":{"privateMapKey":")" + kToken + R"("}}],"url":"http://x/?UserSig=)" + kToken + R"(&random=1"})";
  const std::string redacted = RedactSecrets(frame);
  EXPECT_THAT(redacted, Not(HasSubstr(kToken)));
  EXPECT_THAT(redacted, HasSubstr("UserSig=" + kToken.substr(0, 8) + "…&random=1"));
}

TEST(RedactSecrets, LeavesAFrameWithoutSecretsAsItWas) {
  const std::string frame = R"({ "type" : "join",  "seq":2, "data":{"roomId":1, "note":"caf\u00e9"}})";
  EXPECT_EQ(RedactSecrets(frame), frame);
  EXPECT_EQ(RedactSecrets("(close 1000 bye)"), "(close 1000 bye)");
}

TEST(RedactSecrets, IsIdempotent) {
  const std::string once = RedactSecrets(R"({"userSig":")" + kToken + R"("})");
  EXPECT_EQ(RedactSecrets(once), once);
}

TEST(RedactSecrets, ReadsTextThatIsNotJsonLiteralByLiteral) {
  // A frame cut short, or never valid: the escaped key must still be recognised.
  for (std::string tail : {R"("},,)", "", R"(", "x":)"}) {
    const std::string broken = R"({"type":"hello","data":{"note":"userSig","user\u0053ig" : ")" + kToken + tail;
    const std::string redacted = RedactSecrets(broken);
    EXPECT_THAT(redacted, Not(HasSubstr(kToken))) << tail;
    EXPECT_THAT(redacted, HasSubstr(kToken.substr(0, 8) + "…")) << tail;
    EXPECT_THAT(redacted, HasSubstr(R"("note":"userSig")")) << tail;  // a value named like a key is no key
  }
  EXPECT_EQ(RedactSecrets(R"(not json "usersig=)" + kToken + "\""),
            R"(not json "usersig=)" + kToken.substr(0, 8) + "…\"");
}

TEST(FrameRecorder, ServesALongFrameCutButItsSecretRedacted) {
  FrameRecorder recorder;
  const std::string padding(FrameRecorder::kMaxFrameText, 'p');
  recorder.Record("in", 1, R"({"data":{"user\u0053ig":")" + kToken + R"(","pad":")" + padding + R"("}})");
  ASSERT_EQ(recorder.count(), 1u);
  const auto frames = recorder.Frames();
  EXPECT_THAT(frames.front().text, Not(HasSubstr(kToken)));
  EXPECT_THAT(frames.front().text, HasSubstr(kToken.substr(0, 8) + "…"));
  EXPECT_THAT(frames.front().text, HasSubstr(" bytes)"));
}

}  // namespace
}  // namespace trtc::servers
