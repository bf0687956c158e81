// trtc-refclient: the reference client as an out-of-process client speaking the adapter
// protocol on stdin/stdout (docs/adapter.md). `trtc-harness run --client trtc-refclient`
// drives it exactly as it would drive any other client.
#include <iostream>
#include <memory>
#include <string_view>

#include "harness/adapter/adapter.h"
#include "harness/reference_client/application.h"
#include "harness/reference_client/broken_variants.h"
#include "harness/reference_client/reference_client.h"

namespace {

std::unique_ptr<trtc::client::ClientUnderTest> ClientFor(std::string_view broken, bool application) {
  if (broken.empty() && application)
    return trtc::refclient::MakeReferenceApplication(trtc::refclient::MakeReferenceClient());
  if (broken.empty()) return trtc::refclient::MakeReferenceClient();
  for (const auto& info : trtc::refclient::AllBreakages())
    if (info.name == broken) return trtc::refclient::MakeBrokenReferenceClient(info.breakage);
  return nullptr;
}

void Usage(std::ostream& out) {
  out << "usage: trtc-refclient [--application] [--broken VARIANT]\n"
         "The TRTC reference client behind the line-delimited JSON adapter protocol\n"
         "(trtc-conformance-adapter/1, docs/adapter.md): commands on stdin, observations on stdout.\n"
         "--application     with the reference application on top (docs/handling.md): it declares\n"
         "                  itself an application and asks the harness for fresh userSigs\n"
         "--broken VARIANT  a deliberately broken client, for trying a gate:";
  for (const auto& info : trtc::refclient::AllBreakages()) out << " " << info.name;
  out << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string_view broken;
  bool application = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return Usage(std::cout), 0;
    if (arg == "--application") {
      application = true;
      continue;
    }
    if (arg == "--broken" && i + 1 < argc) {
      broken = argv[++i];
      continue;
    }
    std::cerr << "trtc-refclient: error: unknown argument '" << arg << "'\n";
    Usage(std::cerr);
    return 2;
  }
  if (!ClientFor(broken, application)) {
    std::cerr << "trtc-refclient: error: unknown variant '" << broken << "'\n";
    Usage(std::cerr);
    return 2;
  }
  std::ios::sync_with_stdio(false);
  return trtc::adapter::ServeOverStdio([&] { return ClientFor(broken, application); }, std::cin, std::cout);
}
