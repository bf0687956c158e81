// Client side of the JSON framing: what a client makes of a server frame. Unknown fields
// are ignored here (the server may add fields within a protocol version); missing or
// mistyped ones are errors, so a client never acts on a half-understood frame.
#include <limits>

#include "harness/wire/json_codec.h"

namespace trtc::wire {
namespace {

using nlohmann::json;
using Result = std::variant<ServerMessage, ServerFrameError>;

ServerFrameError Bad(std::string field, std::string reason) { return {std::move(field), std::move(reason)}; }

std::optional<ServerFrameError> Int(const json& frame, const char* key, std::int64_t min, std::int64_t max,
                                    std::int64_t& out) {
  auto it = frame.find(key);
  if (it == frame.end()) return Bad(key, "missing");
  if (!it->is_number_integer()) return Bad(key, "not an integer");
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    return Bad(key, "out of range");
  auto value = it->get<std::int64_t>();
  if (value < min || value > max) return Bad(key, "out of range");
  out = value;
  return std::nullopt;
}

std::optional<ServerFrameError> Text(const json& frame, const char* key, std::string& out) {
  auto it = frame.find(key);
  if (it == frame.end()) return Bad(key, "missing");
  if (!it->is_string()) return Bad(key, "not a string");
  out = it->get<std::string>();
  return std::nullopt;
}

std::optional<ServerFrameError> Data(const json& frame, json& out) {
  auto it = frame.find("data");
  if (it == frame.end()) return std::nullopt;  // data is optional for clients; empty object
  if (!it->is_object()) return Bad("data", "not an object");
  out = *it;
  return std::nullopt;
}

Result ReadResponse(const json& frame) {
  Response r;
  std::int64_t seq = 0, code = 0;
  if (auto e = Int(frame, "seq", 1, std::numeric_limits<std::uint32_t>::max(), seq)) return *e;
  if (auto e = Int(frame, "code", std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), code)) return *e;
  if (auto e = Text(frame, "request", r.request_type)) return *e;
  if (auto e = Text(frame, "message", r.message)) return *e;
  if (auto e = Data(frame, r.data)) return *e;
  r.seq = static_cast<std::uint32_t>(seq);
  r.code = static_cast<int>(code);
  return ServerMessage{std::move(r)};
}

Result ReadPush(const json& frame) {
  Push p;
  if (auto e = Text(frame, "event", p.event)) return *e;
  if (auto e = Data(frame, p.data)) return *e;
  return ServerMessage{std::move(p)};
}

Result ReadProtocolError(const json& frame) {
  ProtocolError error;
  std::int64_t code = 0;
  auto seq = frame.find("seq");
  if (seq != frame.end() && !seq->is_null()) {
    std::int64_t value = 0;
    if (auto e = Int(frame, "seq", 1, std::numeric_limits<std::uint32_t>::max(), value)) return *e;
    error.seq = static_cast<std::uint32_t>(value);
  }
  if (auto e = Int(frame, "code", static_cast<int>(ProtocolErrorCode::kMalformedJson),
                   static_cast<int>(ProtocolErrorCode::kUnsupportedProtocol), code))
    return *e;
  if (auto e = Text(frame, "field", error.field)) return *e;
  if (auto e = Text(frame, "message", error.message)) return *e;
  error.code = static_cast<ProtocolErrorCode>(code);
  return ServerMessage{std::move(error)};
}

}  // namespace

std::variant<ServerMessage, ServerFrameError> ParseServerFrame(std::string_view text) {
  json frame = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded()) return Bad("", "not valid JSON");
  if (!frame.is_object()) return Bad("", "not a JSON object");
  std::string type;
  if (auto e = Text(frame, "type", type)) return *e;
  if (type == "response") return ReadResponse(frame);
  if (type == "push") return ReadPush(frame);
  if (type == "protocol-error") return ReadProtocolError(frame);
  return Bad("type", "unknown server message type '" + type + "'");
}

}  // namespace trtc::wire
