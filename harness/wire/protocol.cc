#include "harness/wire/protocol.h"

#include "harness/wire/enum_names.h"
#include "harness/wire/request_fields.h"

namespace trtc::wire {

std::string_view ProtocolErrorName(ProtocolErrorCode code) {
  switch (code) {
    case ProtocolErrorCode::kMalformedJson:
      return "malformed-json";
    case ProtocolErrorCode::kFrameTooLarge:
      return "frame-too-large";
    case ProtocolErrorCode::kBinaryFrame:
      return "binary-frame";
    case ProtocolErrorCode::kUnknownType:
      return "unknown-type";
    case ProtocolErrorCode::kMissingField:
      return "missing-field";
    case ProtocolErrorCode::kWrongType:
      return "wrong-type";
    case ProtocolErrorCode::kUnknownField:
      return "unknown-field";
    case ProtocolErrorCode::kInvalidValue:
      return "invalid-value";
    case ProtocolErrorCode::kHelloRequired:
      return "hello-required";
    case ProtocolErrorCode::kAlreadyHello:
      return "already-hello";
    case ProtocolErrorCode::kUnsupportedProtocol:
      return "unsupported-protocol";
  }
  return "unknown";
}

std::string RoomIdText(const RoomId& room_id) {
  if (const auto* number = std::get_if<std::int64_t>(&room_id)) return std::to_string(*number);
  return std::get<std::string>(room_id);
}

template <class E>
static std::string_view NameOf(E value) {
  for (const auto& [name, v] : EnumNames<E>::kValues)
    if (v == value) return name;
  return "?";
}

std::string_view Name(Role v) { return NameOf(v); }
std::string_view Name(StreamKind v) { return NameOf(v); }
std::string_view Name(RoomType v) { return NameOf(v); }
std::string_view Name(SeatMode v) { return NameOf(v); }
std::string_view Name(RoomRole v) { return NameOf(v); }
std::string_view Name(Device v) { return NameOf(v); }
std::string_view Name(Media v) { return NameOf(v); }
std::string_view Name(MediaDirection v) { return NameOf(v); }

std::string_view TypeName(const Request& request) {
  return std::visit([](const auto& r) { return Describe<std::decay_t<decltype(r)>>::kName; }, request);
}

std::optional<ProtocolError> WrongEndpoint(std::string_view type, Endpoint endpoint) {
  const bool media = type.starts_with("media.");
  if (media == (endpoint == Endpoint::kMedia)) return std::nullopt;
  return ProtocolError{std::nullopt, ProtocolErrorCode::kUnknownType, "type",
                       std::string(type) + " belongs on the " + (media ? "media" : "signaling") + " endpoint"};
}

}  // namespace trtc::wire
