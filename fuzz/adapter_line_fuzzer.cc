// Fuzzes the adapter protocol's lines, both directions: what a client under test writes
// (results, errors, events) and what a client reads (start, commands). Every line is
// either understood, and then survives its own JSON form, or refused with a reason.
#include <cstdint>
#include <string_view>

#include "harness/adapter/adapter.h"

namespace {

template <class T, class Parse>
void RoundTrip(const nlohmann::json& line, Parse parse) {
  std::string why;
  std::optional<T> first = parse(line, why);
  if (!first) {
    if (why.empty()) __builtin_trap();
    return;
  }
  std::string again_why;
  auto again = parse(trtc::client::ToJson(*first), again_why);
  if (!again || trtc::client::ToJson(*again) != trtc::client::ToJson(*first)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto line = nlohmann::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), nullptr, false);
  if (line.is_discarded()) return 0;
  using namespace trtc::client;
  RoundTrip<SurfacedError>(line, ErrorFromJson);
  RoundTrip<ClientEvent>(line, EventFromJson);
  RoundTrip<OperationResult>(line, ResultFromJson);
  RoundTrip<Command>(line, CommandFromJson);
  std::string why;
  if (!trtc::adapter::ConfigFromStartLine(line, why) && why.empty()) __builtin_trap();
  why.clear();
  if (!trtc::adapter::TokenRequestFromLine(line, why) && why.empty()) __builtin_trap();
  return 0;
}
