// Fuzzes one WebRTC transport as the endpoint runs it: a sequence of datagrams (each a
// 2-byte big-endian length, then its bytes) from one address, demultiplexed as RFC 7983
// says into STUN connectivity checks, DTLS and SRTP/SRTCP. The corpus starts with a valid
// check (credentials below), so mutations reach the DTLS and SRTP paths too.
#include <cstdint>
#include <string_view>

#include "harness/webrtc/transport.h"

namespace webrtc = trtc::webrtc;

namespace {

std::shared_ptr<const webrtc::DtlsContext> Context() {
  static const auto context = [] {
    std::string error;
    auto certificate = webrtc::GenerateSelfSigned();
    return certificate ? webrtc::DtlsContext::Create(*certificate, error) : nullptr;
  }();
  return context;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto context = Context();
  if (!context) __builtin_trap();
  webrtc::Transport transport({"srvU", "server-password-0123456789", "brwU", "00:11"}, context);
  const trtc::stun::Endpoint from{"127.0.0.1", 50000};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (int datagrams = 0; input.size() >= 2 && datagrams < 16; ++datagrams) {
    std::size_t length =
        (static_cast<std::size_t>(static_cast<unsigned char>(input[0])) << 8) | static_cast<unsigned char>(input[1]);
    input.remove_prefix(2);
    if (length > input.size()) length = input.size();
    auto step = transport.Receive(input.substr(0, length), from);
    input.remove_prefix(length);
    if (step.kind == webrtc::TransportStep::Kind::kRtp && step.media.size() < 12) __builtin_trap();
    for (const auto& reply : step.replies)
      if (reply.empty() || reply.size() > 64 * 1024) __builtin_trap();
  }
  (void)transport.OnDtlsTimer();
  return 0;
}
