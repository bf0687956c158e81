#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/servers/endpoints.h"

namespace trtc::servers {
namespace {

using nlohmann::json;

HttpReply Json(unsigned status, const json& body) {
  HttpReply reply;
  reply.status = status;
  reply.body = body.dump(2, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);  // request bytes may be any
  return reply;
}
HttpReply Error(unsigned status, std::string message) { return Json(status, {{"error", std::move(message)}}); }

HttpReply AddFaults(ControlContext& c, const HttpRequest& request) {
  auto parsed = faults::ParseFaults(request.body, "request body");
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    json list = json::array();
    for (const auto& d : *problems) list.push_back(d.ToString());
    return Json(400, {{"error", "invalid fault"}, {"problems", list}});
  }
  json ids = json::array();
  for (auto& fault : std::get<std::vector<faults::Fault>>(parsed))
    ids.push_back(c.faults.Add(std::move(fault), c.clock.Now().count()));
  return Json(201, {{"ids", ids}});
}

HttpReply ListFaults(ControlContext& c) {
  json list = json::array();
  auto fired = c.faults.FiredCounts();
  for (const auto& fault : c.faults.List()) {
    json item = faults::ToJson(fault);
    for (const auto& [id, count] : fired)
      if (id == fault.id) item["fired"] = count;
    list.push_back(item);
  }
  return Json(200, {{"faults", list}});
}

HttpReply MoveClock(ControlContext& c, const HttpRequest& request) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Error(400, "request body: not a JSON object");
  auto advance = body.find("advanceMs");
  if (advance == body.end() || !advance->is_number_unsigned())
    return Error(400, "request body: advanceMs: must be a non-negative integer");
  if (body.size() != 1) return Error(400, "request body: only advanceMs is accepted");
  c.clock.Advance(clock::Millis(advance->get<std::int64_t>()));
  return Json(200, {{"nowMs", c.clock.Now().count()}, {"rate", c.clock.rate()}});
}

HttpReply Servers(ControlContext& c) {
  json servers = json::array();
  for (const auto& e : c.endpoints()) servers.push_back({{"name", e.name}, {"url", e.url}, {"port", e.port}});
  json apps = json::array();
  for (const auto& app : c.config.apps) apps.push_back({{"sdkAppId", app.sdk_app_id}, {"admin", app.admin}});
  return Json(200, {{"servers", servers}, {"apps", apps}});
}

HttpReply Sessions(ControlContext& c) {
  json list = json::array();
  for (const auto& s : c.sessions())
    list.push_back({{"connection", s.connection},
                    {"server", s.server},
                    {"userId", s.user_id},
                    {"frames", s.frames},
                    {"queued", s.queued}});
  return Json(200, {{"sessions", list}});
}

HttpReply Frames(ControlContext& c, std::string_view id_text) {
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size()) return Error(400, "session id must be a number");
  auto frames = c.frames(id);
  if (!frames) return Error(404, "no live session " + std::string(id_text));
  json list = json::array();
  for (const auto& f : *frames) list.push_back({{"direction", f.direction}, {"atMs", f.at_ms}, {"text", f.text}});
  return Json(200, {{"connection", id}, {"frames", list}});
}

std::string_view TrimSpaces(std::string_view text) { return boost::algorithm::trim_copy(text); }

// RFC 7235 2.1: `<scheme> 1*SP <credentials>`, the scheme matched case-insensitively.
bool CarriesBearerToken(std::string_view authorization, std::string_view token) {
  const auto space = authorization.find(' ');
  if (space == std::string_view::npos) return false;
  return boost::algorithm::iequals(authorization.substr(0, space), "Bearer") &&
         TrimSpaces(authorization.substr(space)) == token;
}

// A browser names the page that makes a request in Origin; only the control server's own
// origin may drive it (a page elsewhere must not inject faults; no CORS is offered).
bool FromAnotherOrigin(ControlContext& c, const HttpRequest& request) {
  if (!request.origin) return false;
  for (const auto& e : c.endpoints())
    if (e.name == "control") return *request.origin != e.url;
  return true;
}

// A body must be declared JSON: a browser sends text/plain, form and multipart bodies to
// any origin without asking first, but never application/json.
bool BodyIsNotDeclaredJson(const HttpRequest& request) {
  if (request.body.empty()) return false;
  std::string_view media_type = request.content_type;
  return !boost::algorithm::iequals(TrimSpaces(media_type.substr(0, media_type.find(';'))), "application/json");
}

// Who may call, before what they ask: the origin, the token, the body's type.
std::optional<HttpReply> Refusal(ControlContext& c, const HttpRequest& request) {
  if (!request.parse_error.empty()) return Error(400, "not valid HTTP: " + request.parse_error);
  if (FromAnotherOrigin(c, request))
    return Error(403, "requests from web pages of another origin (Origin: " + *request.origin + ") are refused");
  if (!c.token.empty() && !CarriesBearerToken(request.authorization, c.token))
    return Error(401, "send Authorization: Bearer <token> (the token given to serve --control-token)");
  if (BodyIsNotDeclaredJson(request)) return Error(415, "send the body with Content-Type: application/json");
  return std::nullopt;
}

// GET /journal[?after=N]: what every client sent and was answered (docs/handling.md), the
// entries after seq N, so a tool can poll.
HttpReply Journal(ControlContext& c, std::string_view target) {
  std::uint64_t after = 0;
  if (auto url = boost::urls::parse_origin_form(target)) {
    for (const auto& param : url->params()) {
      if (param.key != "after") continue;
      auto [end, ec] = std::from_chars(param.value.data(), param.value.data() + param.value.size(), after);
      if (ec != std::errc() || end != param.value.data() + param.value.size())
        return Error(400, "after must be a journal seq (a non-negative integer), not '" + param.value + "'");
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : c.journal.Entries()) {
    if (e.seq <= after) continue;
    nlohmann::json entry = {{"seq", e.seq},
                            {"atMs", e.at_ms},
                            {"kind", journal::ToString(e.kind)},
                            {"server", e.server},
                            {"connection", e.connection},
                            {"type", e.type},
                            {"user", e.user},
                            {"token", e.token},
                            {"room", e.room}};
    if (e.code) entry["code"] = *e.code;
    list.push_back(std::move(entry));
  }
  return Json(200, {{"journal", list}});
}

// GET /media: the WebRTC endpoint's transports, and whether media arrives on them.
HttpReply Media(ControlContext& c) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& t : c.media ? c.media->Transports() : std::vector<service::MediaTransportInfo>{}) {
    nlohmann::json entry = {{"id", t.id},
                            {"room", t.stream.room_key},
                            {"publisher", t.stream.user_id},
                            {"stream", wire::Name(t.stream.stream)},
                            {"state", t.state},
                            {"packets", t.packets},
                            {"bytes", t.bytes}};
    if (!t.subscriber.empty()) entry["subscriber"] = t.subscriber;
    if (t.last_packet_ms >= 0) entry["lastPacketMs"] = t.last_packet_ms;
    list.push_back(std::move(entry));
  }
  return Json(200, {{"transports", list}});
}

HttpReply Route(ControlContext& c, const HttpRequest& r) {
  std::string_view path = std::string_view(r.target).substr(0, r.target.find('?'));
  const bool get = r.method == "GET", post = r.method == "POST", del = r.method == "DELETE";
  if (path == "/servers" && get) return Servers(c);
  if (path == "/faults" && get) return ListFaults(c);
  if (path == "/faults" && post) return AddFaults(c, r);
  if (path == "/faults" && del) {
    c.faults.Clear();
    return Json(200, {{"removed", "all"}});
  }
  if (path.starts_with("/faults/") && del) {
    std::string id(path.substr(8));
    if (!c.faults.Remove(id)) return Error(404, "no fault " + id);
    return Json(200, {{"removed", id}});
  }
  if (path == "/clock" && get) return Json(200, {{"nowMs", c.clock.Now().count()}, {"rate", c.clock.rate()}});
  if (path == "/clock" && post) return MoveClock(c, r);
  if (path == "/sessions" && get) return Sessions(c);
  if (path == "/journal" && get) return Journal(c, r.target);
  if (path == "/media" && get) return Media(c);
  if (path.starts_with("/sessions/") && path.ends_with("/frames") && get)
    return Frames(c, path.substr(10, path.size() - 10 - 7));
  return Error(404, r.method + " " + std::string(path) + " is not a control API route; see docs/control-api.md");
}

}  // namespace

HttpHandler MakeControlHandler(ControlContext context) {
  return [c = std::move(context)](const HttpRequest& request) mutable -> HttpReply {
    if (auto refused = Refusal(c, request)) return *refused;
    return Route(c, request);
  };
}

}  // namespace trtc::servers
