// A session's write queue and frame recorder: what they hold after many frames.
#include <gmock/gmock.h>

#include "harness/servers/server_internals.h"

namespace trtc::servers {
namespace {

// A queue that is written as fast as it fills never empties; only the frames still
// waiting count toward its limits.
TEST(WriteQueue, CountsOnlyTheFramesStillWaiting) {
  WriteQueue queue;
  queue.Push("frame 0", clock::Millis(0));
  for (int i = 1; i < 1000; ++i) {
    queue.Push("frame " + std::to_string(i), clock::Millis(i));
    ASSERT_EQ(queue.front().text, "frame " + std::to_string(i - 1)) << i;
    queue.Pop();  // one frame always waits: the queue never empties
    ASSERT_EQ(queue.size(), 1u) << i;
    ASSERT_FALSE(queue.full()) << i;
    ASSERT_FALSE(queue.WouldOverflow(1)) << i;
  }
  for (std::size_t i = 1; i < WriteQueue::kMaxFrames; ++i) queue.Push("x", clock::Millis(0));
  EXPECT_TRUE(queue.full());
  queue.Pop();
  EXPECT_FALSE(queue.full());
}

TEST(WriteQueue, KeepsOrderAcrossCompaction) {
  WriteQueue queue;
  std::size_t next_out = 0;
  for (std::size_t in = 0; in < 5 * WriteQueue::kMaxFrames; ++in) {
    queue.Push(std::to_string(in), clock::Millis(0));
    if (in % 3 != 0) {  // two pops for three pushes: the queue grows while it is written
      ASSERT_EQ(queue.front().text, std::to_string(next_out++));
      queue.Pop();
    }
  }
  EXPECT_EQ(queue.size(), 5 * WriteQueue::kMaxFrames - next_out);
  while (!queue.empty()) {
    ASSERT_EQ(queue.front().text, std::to_string(next_out++));
    queue.Pop();
  }
}

// Past kMaxFrames the recorder keeps the most recent frames, oldest first.
TEST(FrameRecorder, KeepsTheLatestFramesOldestFirst) {
  FrameRecorder recorder;
  const std::size_t total = FrameRecorder::kMaxFrames * 2 + 17;
  for (std::size_t i = 0; i < total; ++i)
    recorder.Record(i % 2 ? "out" : "in", static_cast<std::int64_t>(i), "frame " + std::to_string(i));
  const auto frames = recorder.Frames();
  ASSERT_EQ(frames.size(), FrameRecorder::kMaxFrames);
  EXPECT_EQ(recorder.count(), FrameRecorder::kMaxFrames);
  for (std::size_t k = 0; k < frames.size(); ++k) {
    const std::size_t i = total - FrameRecorder::kMaxFrames + k;
    EXPECT_EQ(frames[k].text, "frame " + std::to_string(i));
    EXPECT_EQ(frames[k].at_ms, static_cast<std::int64_t>(i));
  }
}

}  // namespace
}  // namespace trtc::servers
