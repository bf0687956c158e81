// Await: one async operation on a test's own io_context, run to completion and bounded by
// kGuard. For the tests that drive Asio sockets themselves (UDP) and for test_clients.cc;
// Asio only, no Beast.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include "harness/servers/test_clients.h"

namespace trtc::servers::testing {

namespace net = boost::asio;

// Starts the operation with a completion handler and runs `io` until it completes; a
// failure of the test (and net::error::timed_out) when it does not within kGuard.
template <class Start>
boost::system::error_code Await(net::io_context& io, Start start) {
  boost::system::error_code result = net::error::timed_out;
  bool done = false;
  start([&](boost::system::error_code ec, auto&&...) {
    result = ec;
    done = true;
  });
  io.restart();
  io.run_for(kGuard);
  if (!done) ADD_FAILURE() << "a socket operation did not complete within the guard time";
  return result;
}

}  // namespace trtc::servers::testing
