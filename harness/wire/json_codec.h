// JSON framing of the protocol: one JSON object per WebSocket text frame. Parsing is strict
// (every field typed, unknown fields rejected) and never throws: a frame that cannot be
// understood becomes a ProtocolError naming the field and the reason.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "harness/wire/protocol.h"

namespace trtc::wire {

// False when `text` nests arrays and objects deeper than kMaxNesting: checked before a JSON
// parser sees the text, so a hostile frame of 60,000 '[' costs a scan, not a deep tree.
bool NestingWithinLimit(std::string_view text);

// Client → server. The text must already be valid UTF-8 (the WebSocket layer checks it).
// With an endpoint, a request that belongs on the other one is refused (90004) before its
// fields are read.
[[nodiscard]] std::variant<ClientFrame, ProtocolError> ParseClientFrame(
    std::string_view text, std::optional<Endpoint> endpoint = std::nullopt);

// Server → client.
std::string Encode(const ServerMessage& message);
std::string Encode(const ClientFrame& frame);

// What a client reads: a server message, or why the server's frame is not one.
struct [[nodiscard]] ServerFrameError {
  std::string field;
  std::string reason;
};
[[nodiscard]] std::variant<ServerMessage, ServerFrameError> ParseServerFrame(std::string_view text);

// The JSON form of a request's data (for Encode and for traces).
nlohmann::json RequestData(const Request& request);

}  // namespace trtc::wire
