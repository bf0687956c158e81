#include "harness/faults/fault.h"

#include <algorithm>
#include <array>

#include "harness/common/json_lines.h"

namespace trtc::faults {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<std::string_view, ActionKind>, 12> kKinds{{
    {"reply", ActionKind::kReply},
    {"delay", ActionKind::kDelay},
    {"drop", ActionKind::kDrop},
    {"stall", ActionKind::kStall},
    {"close", ActionKind::kClose},
    {"reset", ActionKind::kReset},
    {"malformed", ActionKind::kMalformed},
    {"truncated", ActionKind::kTruncated},
    {"push", ActionKind::kPush},
    {"move-clock", ActionKind::kMoveClock},
    {"throttle", ActionKind::kThrottle},
    {"refuse-connections", ActionKind::kRefuseConnections},
}};

void ReadNonNegative(JsonFields& r, std::string_view key, std::int64_t& out) {
  if (r.Read(key, out) && out < 0) r.Complain(key, "must not be negative");
}

void ReadCloseCode(JsonFields& r, std::uint16_t& out) {
  int code = 0;
  if (!r.Read("closeCode", code)) return;
  if (code < 1000 || code > 4999) return r.Complain("closeCode", "must be a WebSocket close code (1000-4999)");
  out = static_cast<std::uint16_t>(code);
}

// The action's kind from its name; a problem and false when it names none.
bool KindOf(JsonFields& r, const std::string& name, Action& action) {
  auto found = std::find_if(kKinds.begin(), kKinds.end(), [&](const auto& k) { return k.first == name; });
  if (found != kKinds.end()) {
    action.kind = found->second;
    return true;
  }
  std::string all;
  for (const auto& [known, k] : kKinds) all += (all.empty() ? "" : ", ") + std::string(known);
  r.Complain("kind", name.empty() ? "is required: one of " + all : "'" + name + "' is not one of " + all);
  return false;
}

// What each kind of action cannot do without.
void RequireWhatTheKindNeeds(JsonFields& r, const Action& action) {
  auto require = [&](const char* key, bool ok, const char* why) {
    if (!ok) r.Complain(key, why);
  };
  switch (action.kind) {
    case ActionKind::kReply:
      require("code", r.Has("code"), "is required for reply");
      break;
    case ActionKind::kDelay:
    case ActionKind::kMoveClock:
    case ActionKind::kRefuseConnections:
      require("ms", action.ms > 0, "must be a positive number of ms");
      break;
    case ActionKind::kClose:
      require("closeCode", r.Has("closeCode"), "is required for close");
      break;
    case ActionKind::kPush:
      require("event", !action.event.empty(), "is required for push");
      break;
    case ActionKind::kThrottle:
      require("bytesPerSecond", action.bytes_per_second > 0, "must be positive");
      break;
    default:
      break;
  }
}

void ReadAction(JsonFields& r, Action& action) {
  std::string kind;
  r.Read("kind", kind);
  r.Read("code", action.code);
  r.Read("message", action.message);
  ReadNonNegative(r, "ms", action.ms);
  ReadCloseCode(r, action.close_code);
  r.Read("event", action.event);
  if (const json* data = r.FindObject("data")) action.data = *data;
  r.Read("bytesPerSecond", action.bytes_per_second);
  r.RejectUnknownFields();
  if (KindOf(r, kind, action)) RequireWhatTheKindNeeds(r, action);
}

void ReadTrigger(JsonFields& r, Trigger& t) {
  r.ReadEach<std::string>({{"server", &t.server}, {"on", &t.on}, {"user", &t.user}});
  r.ReadEach<std::uint64_t>({{"connection", &t.connection}, {"nth", &t.nth}, {"times", &t.times}, {"seed", &t.seed}});
  ReadNonNegative(r, "afterMs", t.after_ms);
  if (r.Read("probability", t.probability) && (t.probability < 0 || t.probability > 1))
    r.Complain("probability", "must be a number between 0 and 1");
}

}  // namespace

std::string_view Name(ActionKind kind) {
  for (const auto& [name, k] : kKinds)
    if (k == kind) return name;
  return "?";
}

json ToJson(const Fault& fault) {
  const auto& t = fault.trigger;
  const auto& a = fault.action;
  json action{{"kind", Name(a.kind)}};
  if (a.kind == ActionKind::kReply) action.update({{"code", a.code}, {"message", a.message}});
  if (a.ms) action["ms"] = a.ms;
  if (a.kind == ActionKind::kClose) action["closeCode"] = a.close_code;
  if (a.kind == ActionKind::kPush) action.update({{"event", a.event}, {"data", a.data}});
  if (a.bytes_per_second) action["bytesPerSecond"] = a.bytes_per_second;
  return {{"id", fault.id},
          {"server", t.server},
          {"on", t.on},
          {"user", t.user},
          {"connection", t.connection},
          {"nth", t.nth},
          {"times", t.times},
          {"afterMs", t.after_ms},
          {"probability", t.probability},
          {"seed", t.seed},
          {"action", action}};
}

std::optional<Fault> ReadFault(const json& object, const std::string& pointer, JsonProblems& problems) {
  const std::size_t before = problems.list().size();
  Fault fault;
  JsonFields r(object, pointer, problems);
  r.Read("id", fault.id);
  ReadTrigger(r, fault.trigger);
  r.Allow("action");
  r.RejectUnknownFields();
  const auto& server = fault.trigger.server;
  if (server != "signaling" && server != "media" && server != "rest" && server != "stun" && server != "any")
    r.Complain("server", "must be signaling, media, rest, stun or any");
  if (fault.trigger.nth == 0) r.Complain("nth", "counts from 1");
  const json* action = r.Find("action");
  if (!action || !action->is_object()) {
    r.Complain("action", "is required and must be an object");
  } else {
    JsonFields action_fields(*action, r.PointerOf("action"), problems);
    ReadAction(action_fields, fault.action);
  }
  if (problems.list().size() != before) return std::nullopt;
  return fault;
}

std::variant<std::vector<Fault>, Diagnostics> ParseFaults(std::string_view text, std::string_view file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    auto [line, why] = JsonSyntaxProblem(text);
    return Diagnostics{{std::string(file), std::max(line, 1), "", why.empty() ? "not valid JSON" : why}};
  }
  if (!doc.is_array() && !doc.is_object())
    return Diagnostics{{std::string(file), 1, "", "must be a fault object or an array of faults"}};
  JsonProblems problems(ProblemPolicy::kKeepAll);
  std::vector<Fault> faults;
  auto read = [&](const json& object, const std::string& pointer) {
    if (auto fault = ReadFault(object, pointer, problems)) faults.push_back(std::move(*fault));
  };
  if (doc.is_object()) read(doc, "");
  for (std::size_t i = 0; doc.is_array() && i < doc.size(); ++i) read(doc[i], "/" + std::to_string(i));
  if (!problems.empty()) return ToDiagnostics(problems, std::string(file), JsonLines(text));
  return faults;
}

}  // namespace trtc::faults
