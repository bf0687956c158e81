// Fuzzes the vendor Web SDK's wire format (harness/wire/vendor_web_v4.h): the URL query the
// SDK signs in with (first line of the input) and one frame it sends (the rest). Every
// rejection says why and names a field or the frame; whatever parses can be answered, and
// every answer is a JSON object with a numeric cmd.
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/wire/vendor_web_v4.h"

namespace {

using namespace trtc::wire;

void CheckAnswer(const std::optional<std::string>& text) {
  if (!text) return;
  auto frame = nlohmann::json::parse(*text, nullptr, false);
  if (!frame.is_object() || !frame.contains("cmd") || !frame["cmd"].is_number_integer()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view query = input.substr(0, newline);
  const std::string_view frame = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  auto connect = vendor::ParseConnectQuery(query);
  if (auto* error = std::get_if<ProtocolError>(&connect); error && error->message.empty()) __builtin_trap();
  const bool reconnect = std::holds_alternative<vendor::ConnectQuery>(connect) &&
                         std::get<vendor::ConnectQuery>(connect).rejoin.has_value();

  vendor::Connection connection("fuzzer", reconnect);
  auto parsed = connection.Parse(frame);
  if (auto* error = std::get_if<ProtocolError>(&parsed)) {
    if (error->message.empty()) __builtin_trap();  // every rejection says why
    CheckAnswer(connection.Encode(*error));
  } else if (auto* local = std::get_if<vendor::Local>(&parsed)) {
    CheckAnswer(local->reply);
  } else {
    const auto& request = std::get<ClientFrame>(parsed);
    for (int code : {0, 70001})
      CheckAnswer(connection.Encode(
          Response{request.seq, std::string(TypeName(request.request)), code, "m", nlohmann::json::object()}));
  }
  return 0;
}
