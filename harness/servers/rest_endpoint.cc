#include <algorithm>
#include <string_view>

#include "harness/servers/endpoints.h"

namespace trtc::servers {
namespace {

// The command a request target names, for fault matching ("" when none).
std::string CommandOf(std::string_view target) {
  std::string path = service::OriginFormOf(target).value_or("");
  path.resize(std::min(path.size(), path.find('?')));
  if (!path.starts_with(service::kRestPathPrefix)) return {};
  return path.substr(service::kRestPathPrefix.size());
}

// The identifier query parameter, undecoded (fault matching only).
std::string_view IdentifierOf(std::string_view target) {
  auto at = target.find("identifier=");
  if (at == std::string_view::npos) return {};
  auto value = target.substr(at + 11);
  return value.substr(0, value.find('&'));
}

// Texts in an answer may quote the request (a percent-decoded path, a query value), which
// need not be UTF-8: replaced, not thrown.
std::string Dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

HttpReply Envelope(int code, std::string_view info) {
  HttpReply reply;
  reply.body = Dump(service::RestApi::Envelope(code, info));
  return reply;
}

}  // namespace

HttpHandler MakeRestHandler(service::Service& service, faults::FaultEngine& faults, clock::ServerClock& clock) {
  return [&service, &faults, &clock](const HttpRequest& request) -> HttpReply {
    if (!request.parse_error.empty()) {
      HttpReply reply = Envelope(60002, "the request is not valid HTTP: " + request.parse_error);
      reply.status = 400;
      return reply;
    }
    HttpReply reply;
    auto fired =
        faults.Match({"rest", CommandOf(request.target), IdentifierOf(request.target), 0, clock.Now().count()});
    if (fired) {
      const auto& a = fired->action;
      switch (a.kind) {
        case faults::ActionKind::kReply:
          return Envelope(a.code, a.message);
        case faults::ActionKind::kDelay:
          reply.respond_at_ms = fired->at_ms + a.ms;
          break;
        case faults::ActionKind::kDrop:
          reply.then = HttpReply::Then::kDrop;
          return reply;
        case faults::ActionKind::kStall:
          reply.then = HttpReply::Then::kStall;
          return reply;
        case faults::ActionKind::kClose:
          reply.then = HttpReply::Then::kClose;
          return reply;
        case faults::ActionKind::kReset:
          reply.then = HttpReply::Then::kReset;
          return reply;
        case faults::ActionKind::kMalformed:
          reply.body = R"({"ActionStatus":)";
          return reply;
        case faults::ActionKind::kMoveClock:
          clock.Advance(clock::Millis(a.ms));
          break;
        default:
          break;  // truncated is applied below; push/throttle/refuse have no REST meaning
      }
    }
    auto response = service.rest().Handle({request.method, request.target, request.body, request.peer_ip});
    reply.body = Dump(response.body);
    if (fired && fired->action.kind == faults::ActionKind::kTruncated) reply.body.resize(reply.body.size() / 2);
    return reply;
  };
}

}  // namespace trtc::servers
