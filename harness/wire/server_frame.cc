// Client side of the JSON framing: what a client makes of a server frame, read with the
// common JsonFields reader, stopping at the first problem. Unknown fields are ignored here
// (the server may add fields within a protocol version); missing or mistyped ones are
// errors, so a client never acts on a half-understood frame.
#include <limits>

#include "harness/common/json_fields.h"
#include "harness/wire/json_codec.h"

namespace trtc::wire {
namespace {

using nlohmann::json;
using Result = std::variant<ServerMessage, ServerFrameError>;

constexpr Presence kRequired = Presence::kRequired;

ServerFrameError Bad(std::string field, std::string reason) { return {std::move(field), std::move(reason)}; }

// The first problem of a frame, as a client names it.
std::optional<ServerFrameError> FirstError(const JsonProblems& problems) {
  if (problems.empty()) return std::nullopt;
  return Bad(problems.list().front().field, problems.list().front().reason);
}

// seq counts from 1.
void ReadSeq(JsonFields& f, std::uint32_t& out) {
  if (f.Read("seq", out, kRequired) && out == 0)
    f.Complain("seq", OutOfRange(1, std::numeric_limits<std::uint32_t>::max()).reason);
}

// data is optional for clients: an empty object.
void ReadData(JsonFields& f, json& out) {
  if (const json* data = f.FindObject("data")) out = *data;
}

Result ReadResponse(const json& frame) {
  Response r;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(frame, "", problems);
  ReadSeq(f, r.seq);
  f.Read("code", r.code, kRequired);
  f.Read("request", r.request_type, kRequired);
  f.Read("message", r.message, kRequired);
  ReadData(f, r.data);
  if (auto e = FirstError(problems)) return *e;
  return ServerMessage{std::move(r)};
}

Result ReadPush(const json& frame) {
  Push p;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(frame, "", problems);
  f.Read("event", p.event, kRequired);
  ReadData(f, p.data);
  if (auto e = FirstError(problems)) return *e;
  return ServerMessage{std::move(p)};
}

Result ReadProtocolError(const json& frame) {
  ProtocolError error;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields f(frame, "", problems);
  if (const json* seq = f.Find("seq"); seq && !seq->is_null()) ReadSeq(f, error.seq.emplace());
  constexpr int kFirst = static_cast<int>(ProtocolErrorCode::kMalformedJson);
  constexpr int kLast = static_cast<int>(ProtocolErrorCode::kUnsupportedProtocol);
  int code = kFirst;
  if (f.Read("code", code, kRequired) && (code < kFirst || code > kLast))
    f.Complain("code", OutOfRange(kFirst, kLast).reason);
  f.Read("field", error.field, kRequired);
  f.Read("message", error.message, kRequired);
  if (auto e = FirstError(problems)) return *e;
  error.code = static_cast<ProtocolErrorCode>(code);
  return ServerMessage{std::move(error)};
}

}  // namespace

std::variant<ServerMessage, ServerFrameError> ParseServerFrame(std::string_view text) {
  json frame = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded()) return Bad("", "not valid JSON");
  if (!frame.is_object()) return Bad("", "not a JSON object");
  std::string type;
  JsonProblems problems(ProblemPolicy::kStopAtFirst);
  JsonFields(frame, "", problems).Read("type", type, kRequired);
  if (auto e = FirstError(problems)) return *e;
  if (type == "response") return ReadResponse(frame);
  if (type == "push") return ReadPush(frame);
  if (type == "protocol-error") return ReadProtocolError(frame);
  return Bad("type", "unknown server message type '" + type + "'");
}

}  // namespace trtc::wire
