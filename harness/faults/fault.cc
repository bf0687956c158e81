#include "harness/faults/fault.h"

#include <array>
#include <set>

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

// Byte offsets where each element of a top-level array starts (or 0 for a lone object),
// so a diagnostic can name the line of the fault it is about.
std::vector<std::size_t> ElementOffsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (depth == 1 && c == '{') offsets.push_back(i);
      if (depth == 0 && c == '{') offsets.push_back(i);
      ++depth;
    } else if (c == ']' || c == '}')
      --depth;
  }
  return offsets;
}

class Reader {
 public:
  Reader(const json& object, std::string path, std::string_view file, int line, Diagnostics& out)
      : object_(object), path_(std::move(path)), file_(file), line_(line), out_(out) {}

  template <class T>
  void Get(const char* key, T& value) {
    known_.insert(key);
    auto it = object_.find(key);
    if (it != object_.end() && !Read(*it, value)) Complain(key, Expected(value));
  }
  bool Has(const char* key) const { return object_.contains(key); }
  void Allow(const char* key) { known_.insert(key); }
  void RejectUnknown() {
    for (const auto& [key, value] : object_.items())
      if (!known_.contains(key)) Complain(key, "is not a field here");
  }
  void Complain(std::string_view key, std::string reason) {
    out_.push_back({std::string(file_), line_, path_ + std::string(key), std::move(reason)});
  }

 private:
  static bool Read(const json& v, std::string& out) { return v.is_string() && (out = v.get<std::string>(), true); }
  static bool Read(const json& v, std::uint64_t& out) {
    return v.is_number_unsigned() && (out = v.get<std::uint64_t>(), true);
  }
  static bool Read(const json& v, std::int64_t& out) {
    return v.is_number_integer() && v.get<std::int64_t>() >= 0 && (out = v.get<std::int64_t>(), true);
  }
  static bool Read(const json& v, int& out) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < INT32_MIN || v.get<std::int64_t>() > INT32_MAX) return false;
    out = v.get<int>();
    return true;
  }
  static bool Read(const json& v, std::uint16_t& out) {
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() < 1000 || v.get<std::uint64_t>() > 4999) return false;
    out = v.get<std::uint16_t>();
    return true;
  }
  static bool Read(const json& v, double& out) {
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1) return false;
    out = v.get<double>();
    return true;
  }
  static bool Read(const json& v, json& out) { return v.is_object() && (out = v, true); }
  static std::string Expected(const std::string&) { return "must be a string"; }
  static std::string Expected(const std::uint64_t&) { return "must be a non-negative integer"; }
  static std::string Expected(const std::int64_t&) { return "must be a non-negative integer"; }
  static std::string Expected(const int&) { return "must be a 32-bit integer"; }
  static std::string Expected(const std::uint16_t&) { return "must be a WebSocket close code (1000-4999)"; }
  static std::string Expected(const double&) { return "must be a number between 0 and 1"; }
  static std::string Expected(const json&) { return "must be an object"; }

  const json& object_;
  std::string path_;
  std::string_view file_;
  int line_;
  Diagnostics& out_;
  std::set<std::string> known_;
};

void ReadAction(const json& object, Action& action, std::string path, std::string_view file, int line,
                Diagnostics& out) {
  Reader r(object, path + ".", file, line, out);
  std::string kind;
  r.Get("kind", kind);
  r.Get("code", action.code);
  r.Get("message", action.message);
  r.Get("ms", action.ms);
  r.Get("closeCode", action.close_code);
  r.Get("event", action.event);
  r.Get("data", action.data);
  r.Get("bytesPerSecond", action.bytes_per_second);
  r.RejectUnknown();
  auto found = std::find_if(kKinds.begin(), kKinds.end(), [&](const auto& k) { return k.first == kind; });
  if (found == kKinds.end()) {
    std::string all;
    for (const auto& [name, k] : kKinds) all += (all.empty() ? "" : ", ") + std::string(name);
    return r.Complain("kind", kind.empty() ? "is required: one of " + all : "'" + kind + "' is not one of " + all);
  }
  action.kind = found->second;
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

std::variant<Fault, Diagnostics> ParseFault(const json& object, std::string_view file, int line,
                                            std::string_view path) {
  Diagnostics out;
  Fault fault;
  std::string prefix = path.empty() ? "" : std::string(path) + ".";
  Reader r(object, prefix, file, line, out);
  auto& t = fault.trigger;
  r.Get("id", fault.id);
  r.Get("server", t.server);
  r.Get("on", t.on);
  r.Get("user", t.user);
  r.Get("connection", t.connection);
  r.Get("nth", t.nth);
  r.Get("times", t.times);
  r.Get("afterMs", t.after_ms);
  r.Get("probability", t.probability);
  r.Get("seed", t.seed);
  r.Allow("action");
  r.RejectUnknown();
  if (t.server != "signaling" && t.server != "media" && t.server != "rest" && t.server != "stun" && t.server != "any")
    r.Complain("server", "must be signaling, media, rest, stun or any");
  if (t.nth == 0) r.Complain("nth", "counts from 1");
  auto action = object.find("action");
  if (action == object.end() || !action->is_object())
    r.Complain("action", "is required and must be an object");
  else
    ReadAction(*action, fault.action, prefix + "action", file, line, out);
  if (!out.empty()) return out;
  return fault;
}

std::variant<std::vector<Fault>, Diagnostics> ParseFaults(std::string_view text, std::string_view file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Diagnostics{{std::string(file), 1, "", "not valid JSON"}};
  if (!doc.is_array() && !doc.is_object())
    return Diagnostics{{std::string(file), 1, "", "must be a fault object or an array of faults"}};
  json items = doc.is_array() ? doc : json::array({doc});
  auto offsets = ElementOffsets(text);
  std::vector<Fault> faults;
  Diagnostics out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    int line = i < offsets.size() ? LineAt(text, offsets[i]) : 1;
    std::string path = doc.is_array() ? "[" + std::to_string(i) + "]" : "";
    if (!items[i].is_object()) {
      out.push_back({std::string(file), line, path, "must be an object"});
      continue;
    }
    auto parsed = ParseFault(items[i], file, line, path);
    if (auto* fault = std::get_if<Fault>(&parsed))
      faults.push_back(std::move(*fault));
    else
      for (auto& d : std::get<Diagnostics>(parsed)) out.push_back(std::move(d));
  }
  if (!out.empty()) return out;
  return faults;
}

}  // namespace trtc::faults
