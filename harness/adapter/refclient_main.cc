// trtc-refclient: the reference client as an out-of-process client speaking the adapter
// protocol on stdin/stdout (docs/adapter.md). `trtc-harness run --client trtc-refclient`
// drives it exactly as it would drive any other client.
#include <cstring>
#include <iostream>

#include "harness/adapter/adapter.h"
#include "harness/reference_client/reference_client.h"

int main(int argc, char** argv) {
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout << "usage: trtc-refclient\n"
                 "The TRTC reference client behind the line-delimited JSON adapter protocol\n"
                 "(trtc-conformance-adapter/1, docs/adapter.md): commands on stdin, observations on stdout.\n";
    return 0;
  }
  std::ios::sync_with_stdio(false);
  auto client = trtc::refclient::MakeReferenceClient();
  return trtc::adapter::ServeOverStdio(*client, std::cin, std::cout);
}
