// Fuzzes the REST API's request handling (URL, query, userSig, JSON body, room logic) the
// way the HTTP server calls it. Input: method, a newline, target, a newline, body; in the
// target, "@sig@" stands for a valid admin userSig so inputs get past the signature check.
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/service/service.h"
#include "harness/usersig/usersig.h"

namespace {

// "@sig@" in the target stands for a valid admin userSig, so inputs get past the check.
std::string WithSignature(std::string text) {
  static const std::string sig =
      trtc::usersig::GenerateUserSig(std::string(trtc::service::kDefaultSecretKey), trtc::service::kDefaultSdkAppId,
                                     "administrator", 86400, 1'700'000'000);
  for (std::size_t at; (at = text.find("@sig@")) != std::string::npos;) text.replace(at, 5, sig);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto first = input.find('\n');
  auto second = first == std::string_view::npos ? first : input.find('\n', first + 1);
  trtc::service::RestRequest request;
  request.method = std::string(input.substr(0, first));
  if (first != std::string_view::npos)
    request.target = WithSignature(std::string(input.substr(first + 1, second - first - 1)));
  if (second != std::string_view::npos) request.body = std::string(input.substr(second + 1));
  request.peer_ip = "127.0.0.1";
  // A fresh service per input: no state carries over, so every run of an input is the same.
  trtc::clock::ServerClock clock({.start_unix_ms = 1'700'000'000'000, .rate = 0});
  trtc::service::Service service(trtc::service::DefaultServiceConfig(), clock);
  auto response = service.rest().Handle(request);
  const auto& body = response.body;
  // Every answer is a complete envelope whose status agrees with its code.
  if (!body.is_object() || !body.contains("ActionStatus") || !body.contains("ErrorInfo")) __builtin_trap();
  if ((body["ActionStatus"] == "OK") != (response.error_code() == 0)) __builtin_trap();
  return 0;
}
