// The reference application: an application's error handling on top of any client under
// test, following docs/handling.md. It is the model for app authors, and with it the suite
// tests both shapes of client: an SDK alone, and an SDK with its application.
//   regenerate-usersig: asks its backend (the harness, through ClientConfig::app_backend) for
//     a newly signed userSig and signs in and joins again with it;
//   rejoin, check-network-then-rejoin, republish-or-rejoin: joins again once the platform's
//     network comes back (offline, then online) after the error;
//   everything else: tells the user, repeats nothing.
// It reacts on the client's clock, `reaction_ms` after the error (or the network's return),
// when the harness next moves the clock; the clock's answer waits until it has acted.
#pragma once

#include <cstdint>
#include <memory>

#include "harness/client/client.h"

namespace trtc::refclient {

struct ApplicationOptions {
  std::int64_t reaction_ms = 1000;
  // Broken variants only (the mutation check):
  bool reuse_rejected_token = false;  // signs in again with the token that was rejected
  bool ignore_network = false;        // never rejoins when the network comes back
};

std::unique_ptr<client::ClientUnderTest> MakeReferenceApplication(std::unique_ptr<client::ClientUnderTest> sdk,
                                                                  ApplicationOptions options = {});

}  // namespace trtc::refclient
