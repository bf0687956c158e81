#include "harness/wire/json_codec.h"

#include <algorithm>
#include <limits>
#include <type_traits>
#include <vector>

#include "harness/wire/field_reader.h"
#include "harness/wire/request_fields.h"

namespace trtc::wire {
namespace {

using nlohmann::json;

constexpr int kMaxNesting = 32;

// Writes the fields of a typed struct into a JSON object.
class FieldWriter {
 public:
  template <class T>
  void operator()(std::string_view key, const T& value, Presence) {
    Write(key, value);
  }
  json& object() { return object_; }

 private:
  template <class T>
  void Write(std::string_view key, const std::optional<T>& value) {
    if (value) Write(key, *value);
  }
  void Write(std::string_view key, const RoomId& value) {
    std::visit([&](const auto& v) { object_[std::string(key)] = v; }, value);
  }
  template <class E>
  requires std::is_enum_v<E>
  void Write(std::string_view key, E value) { object_[std::string(key)] = Name(value); }
  template <class T>
  requires(!std::is_enum_v<T>) void Write(std::string_view key, const T& value) { object_[std::string(key)] = value; }
  json object_ = json::object();
};

using Parser = std::variant<ClientFrame, ProtocolError> (*)(const json& data, std::uint32_t seq);

template <class T>
std::variant<ClientFrame, ProtocolError> ParseAs(const json& data, std::uint32_t seq) {
  T request{};
  FieldReader reader(data, "/data");
  Describe<T>::Fields(reader, request);
  reader.RejectUnknownFields();
  if (auto error = reader.error()) {
    error->seq = seq;
    return *error;
  }
  return ClientFrame{seq, Request{std::move(request)}};
}

template <std::size_t... I>
const std::map<std::string_view, Parser>& ParsersImpl(std::index_sequence<I...>) {
  static const std::map<std::string_view, Parser> parsers{
      {Describe<std::variant_alternative_t<I, Request>>::kName, &ParseAs<std::variant_alternative_t<I, Request>>}...};
  return parsers;
}
const std::map<std::string_view, Parser>& Parsers() {
  return ParsersImpl(std::make_index_sequence<std::variant_size_v<Request>>{});
}

ProtocolError Error(ProtocolErrorCode code, std::string field, std::string message) {
  return ProtocolError{std::nullopt, code, std::move(field), std::move(message)};
}

std::optional<ProtocolError> ReadSeq(const json& frame, std::uint32_t& seq) {
  std::uint64_t value = 0;
  FieldReader reader(frame, "");
  reader("seq", value, kRequired);
  if (auto error = reader.error()) return error;
  if (value == 0 || value > std::numeric_limits<std::uint32_t>::max())
    return Error(ProtocolErrorCode::kInvalidValue, "seq", "seq must be between 1 and 4294967295");
  seq = static_cast<std::uint32_t>(value);
  return std::nullopt;
}

// The frame's type; an unknown member comes first, a missing or mistyped type after it.
std::optional<ProtocolError> ReadType(const json& frame, std::string& type) {
  FieldReader envelope(frame, "");
  for (std::string_view known : {"type", "seq", "data"}) envelope.Allow(known);
  envelope.RejectUnknownFields();
  envelope("type", type, kRequired);
  return envelope.error();
}

std::variant<ClientFrame, ProtocolError> ParseEnvelope(const json& frame, std::optional<Endpoint> endpoint) {
  std::uint32_t seq = 0;
  if (auto error = ReadSeq(frame, seq)) return *error;
  auto with_seq = [seq](ProtocolError error) {
    error.seq = seq;
    return error;
  };
  std::string type;
  if (auto error = ReadType(frame, type)) return with_seq(*error);
  const auto& parsers = Parsers();
  auto parser = parsers.find(type);
  if (parser == parsers.end())
    return with_seq(Error(ProtocolErrorCode::kUnknownType, "type", "unknown message type '" + type + "'"));
  if (auto wrong = endpoint ? WrongEndpoint(parser->first, *endpoint) : std::nullopt) return with_seq(*wrong);
  static const json kEmpty = json::object();
  auto data = frame.find("data");
  if (data != frame.end() && !data->is_object())
    return with_seq(Error(ProtocolErrorCode::kWrongType, "data", "data must be an object"));
  return parser->second(data == frame.end() ? kEmpty : *data, seq);
}

}  // namespace

bool NestingWithinLimit(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

std::variant<ClientFrame, ProtocolError> ParseClientFrame(std::string_view text, std::optional<Endpoint> endpoint) {
  if (text.size() > kMaxFrameBytes)
    return Error(
        ProtocolErrorCode::kFrameTooLarge, "",
        "frame of " + std::to_string(text.size()) + " bytes exceeds the limit of " + std::to_string(kMaxFrameBytes));
  if (!NestingWithinLimit(text))
    return Error(ProtocolErrorCode::kMalformedJson, "", "JSON nested deeper than " + std::to_string(kMaxNesting));
  json frame = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded()) return Error(ProtocolErrorCode::kMalformedJson, "", "frame is not valid JSON");
  if (!frame.is_object()) return Error(ProtocolErrorCode::kMalformedJson, "", "frame is not a JSON object");
  return ParseEnvelope(frame, endpoint);
}

nlohmann::json RequestData(const Request& request) {
  return std::visit(
      [](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        FieldWriter writer;
        Describe<T>::Fields(writer, const_cast<T&>(r));
        return std::move(writer.object());
      },
      request);
}

std::string Encode(const ClientFrame& frame) {
  json out{{"type", TypeName(frame.request)}, {"seq", frame.seq}};
  json data = RequestData(frame.request);
  if (!data.empty()) out["data"] = std::move(data);
  return out.dump();
}

namespace {

std::string Dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// Responses are most of what a server sends: written directly, in the key order of the
// JSON library's objects, rather than built as a JSON tree first (that copied `data`).
std::string EncodeResponse(const Response& r) {
  std::string out = "{\"code\":";
  out += std::to_string(r.code);
  out += ",\"data\":";
  out += Dump(r.data);
  out += ",\"message\":";
  out += Dump(json(r.message));
  out += ",\"request\":";
  out += Dump(json(r.request_type));
  out += ",\"seq\":";
  out += std::to_string(r.seq);
  out += ",\"type\":\"response\"}";
  return out;
}

}  // namespace

std::string Encode(const ServerMessage& message) {
  struct Visitor {
    json operator()(const Response&) const { return nullptr; }  // written by EncodeResponse
    json operator()(const Push& p) const { return {{"type", "push"}, {"event", p.event}, {"data", p.data}}; }
    json operator()(const ProtocolError& e) const {
      json out{{"type", "protocol-error"},
               {"seq", e.seq ? json(*e.seq) : json(nullptr)},
               {"code", static_cast<int>(e.code)},
               {"reason", ProtocolErrorName(e.code)},
               {"field", e.field},
               {"message", e.message}};
      return out;
    }
  };
  if (const auto* response = std::get_if<Response>(&message)) return EncodeResponse(*response);
  return std::visit(Visitor{}, message).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace trtc::wire
