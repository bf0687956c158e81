#include <algorithm>
#include <string_view>

#include <boost/url/parse.hpp>

#include "harness/servers/endpoints.h"
#include "harness/usersig/codec.h"

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

// The journal's record of a REST call: command, identifier and the usersig's fingerprint.
journal::Entry RestRequestEntry(const clock::ServerClock& clock, std::string_view target) {
  journal::Entry entry;
  entry.at_ms = clock.Now().count();
  entry.kind = journal::Kind::kRequest;
  entry.server = "rest";
  entry.type = CommandOf(target);
  const std::string origin_form = service::OriginFormOf(target).value_or("");
  if (auto url = boost::urls::parse_origin_form(origin_form)) {
    for (const auto& param : url->params()) {
      if (param.key == "identifier") entry.user = param.value;
      if (param.key == "usersig") entry.token = usersig::TokenFingerprint(param.value);
    }
  }
  return entry;
}

// The reply to one REST request, and in `code` the envelope's ErrorCode (-1: no envelope).
HttpReply Answer(service::Service& service, faults::FaultEngine& faults, clock::ServerClock& clock,
                 const HttpRequest& request, int& code) {
  code = -1;
  if (!request.parse_error.empty()) {
    code = 60002;
    HttpReply reply = Envelope(60002, "the request is not valid HTTP: " + request.parse_error);
    reply.status = 400;
    return reply;
  }
  HttpReply reply;
  auto fired = faults.Match({"rest", CommandOf(request.target), IdentifierOf(request.target), 0, clock.Now().count()});
  if (fired) {
    const auto& a = fired->action;
    switch (a.kind) {
      case faults::ActionKind::kReply:
        code = a.code;
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
  code = response.error_code();
  if (fired && fired->action.kind == faults::ActionKind::kTruncated) {
    reply.body.resize(reply.body.size() / 2);
    code = -1;
  }
  return reply;
}

}  // namespace

HttpHandler MakeRestHandler(service::Service& service, faults::FaultEngine& faults, clock::ServerClock& clock,
                            journal::Journal& journal) {
  return [&service, &faults, &clock, &journal](const HttpRequest& request) -> HttpReply {
    journal::Entry entry = RestRequestEntry(clock, request.target);
    journal.Record(entry);
    int code = -1;
    HttpReply reply = Answer(service, faults, clock, request, code);
    entry.at_ms = std::max(clock.Now().count(), reply.respond_at_ms);
    entry.kind = journal::Kind::kAnswer;
    entry.token.clear();
    entry.code = code;
    if (reply.then == HttpReply::Then::kRespond) journal.Record(std::move(entry));
    return reply;
  };
}

}  // namespace trtc::servers
