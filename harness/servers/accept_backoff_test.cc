#include <gtest/gtest.h>

#include "harness/servers/server_internals.h"

namespace trtc::servers {
namespace {

using std::chrono::milliseconds;

TEST(AcceptBackoff, WaitsLongerWhileDescriptorsOrMemoryRunOut) {
  AcceptBackoff backoff;
  EXPECT_EQ(backoff.AfterError(net::error::no_descriptors), AcceptBackoff::kFirst);
  EXPECT_EQ(backoff.AfterError(make_error_code(boost::system::errc::too_many_files_open_in_system)),
            2 * AcceptBackoff::kFirst);
  EXPECT_EQ(backoff.AfterError(net::error::no_buffer_space), 4 * AcceptBackoff::kFirst);
  EXPECT_EQ(backoff.AfterError(net::error::no_memory), 8 * AcceptBackoff::kFirst);
  for (int i = 0; i < 10; ++i) backoff.AfterError(net::error::no_descriptors);
  EXPECT_EQ(backoff.AfterError(net::error::no_descriptors), AcceptBackoff::kLongest);
  EXPECT_TRUE(backoff.backing_off());
}

TEST(AcceptBackoff, ASuccessEndsTheBackOffOnce) {
  AcceptBackoff backoff;
  EXPECT_FALSE(backoff.AfterSuccess());
  backoff.AfterError(net::error::no_descriptors);
  EXPECT_TRUE(backoff.AfterSuccess());
  EXPECT_FALSE(backoff.backing_off());
  EXPECT_FALSE(backoff.AfterSuccess());
  EXPECT_EQ(backoff.AfterError(net::error::no_descriptors), AcceptBackoff::kFirst);
}

TEST(AcceptBackoff, AcceptsAgainAtOnceAfterAnErrorOfOneConnection) {
  AcceptBackoff backoff;
  EXPECT_EQ(backoff.AfterError(net::error::connection_aborted), milliseconds::zero());
  EXPECT_EQ(backoff.AfterError(make_error_code(boost::system::errc::protocol_error)), milliseconds::zero());
  EXPECT_FALSE(backoff.backing_off());
}

}  // namespace
}  // namespace trtc::servers
