// The whole scenario suite, every locale, against "my client". Here my client is the
// harness's reference client; a team returns its own ClientUnderTest implementation
// (harness/client/client.h: Start, Execute, Stop; report through the ClientObserver).
#include "harness/reference_client/reference_client.h"
#include "harness/suite_main/conformance_suite.h"

std::unique_ptr<trtc::client::ClientUnderTest> trtc::conformance::MakeClientUnderTest() {
  return trtc::refclient::MakeReferenceClient();
}
