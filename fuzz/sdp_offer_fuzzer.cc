// Fuzzes SDP offer parsing (what a browser sends in publish and subscribe) and the answer
// the endpoint writes from whatever parsed: the answer keeps every section, in order.
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/webrtc/sdp.h"

namespace sdp = trtc::webrtc::sdp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = sdp::ParseOffer(std::string_view(reinterpret_cast<const char*>(data), size));
  auto* offer = std::get_if<sdp::SessionDescription>(&parsed);
  if (!offer) return 0;
  if (offer->media.empty() || offer->media.size() > sdp::kMaxMediaSections) __builtin_trap();
  (void)sdp::LacksH264(*offer);
  sdp::AnswerParameters parameters{"ufrg", "0123456789abcdefghijklmn", "AA:BB", "127.0.0.1", 9,
                                   1,      sdp::Direction::kRecvOnly,  {}};
  const std::string answer = sdp::WriteAnswer(*offer, parameters);
  std::size_t mids = 0;
  for (auto at = answer.find("\r\na=mid:"); at != std::string::npos; at = answer.find("\r\na=mid:", at + 1)) ++mids;
  if (mids != offer->media.size()) __builtin_trap();
  return 0;
}
