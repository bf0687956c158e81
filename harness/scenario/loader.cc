#include <algorithm>
#include <set>

#include "harness/client/documented_error.h"
#include "harness/client/operations.h"
#include "harness/common/file_io.h"
#include "harness/common/json_lines.h"
#include "harness/common/json_value.h"
#include "harness/scenario/scenario.h"
#include "harness/service/app_config.h"

#ifndef TRTC_DEFAULT_SCENARIOS_DIR
#define TRTC_DEFAULT_SCENARIOS_DIR "scenarios"
#endif

namespace trtc::scenario {
namespace {

using catalog::Catalog;
using nlohmann::json;

// Reads one JSON object of the scenario, naming every complaint by pointer and line.
class Reader {
 public:
  Reader(const std::string& file, const JsonLines& lines, Diagnostics& out) : file_(file), lines_(lines), out_(out) {}

  void Complain(const std::string& pointer, std::string reason) {
    std::string field = pointer.empty() ? "" : pointer.substr(1);
    std::replace(field.begin(), field.end(), '/', '.');
    out_.push_back({file_, lines_.LineOf(pointer), field, std::move(reason)});
  }
  int Line(const std::string& pointer) const { return lines_.LineOf(pointer); }
  void Add(Diagnostic diagnostic) { out_.push_back(std::move(diagnostic)); }

  // Complains about members not in `known`.
  void OnlyKnown(const json& object, const std::string& pointer, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string all;
        for (auto k : known) all += (all.empty() ? "" : ", ") + std::string(k);
        Complain(pointer + "/" + key, "is not a field here (known: " + all + ")");
      }
    }
  }

  bool String(const json& object, const std::string& pointer, const char* key, std::string& out, bool required) {
    auto it = object.find(key);
    if (it == object.end()) return !required || (Complain(pointer + "/" + key, "is required"), false);
    if (!it->is_string() || (required && it->get<std::string>().empty()))
      return Complain(pointer + "/" + key, "must be a non-empty string"), false;
    out = it->get<std::string>();
    return true;
  }

  template <class Int>
  bool Integer(const json& object, const std::string& pointer, const char* key, Int& out, bool required,
               std::int64_t min = INT32_MIN) {
    auto it = object.find(key);
    if (it == object.end()) return !required || (Complain(pointer + "/" + key, "is required"), false);
    if (!it->is_number_integer() || it->get<std::int64_t>() < min)
      return Complain(pointer + "/" + key,
                      "must be an integer" + (min > INT32_MIN ? " >= " + std::to_string(min) : std::string())),
             false;
    out = static_cast<Int>(it->get<std::int64_t>());
    return true;
  }

  const std::string& file() const { return file_; }

 private:
  const std::string& file_;
  const JsonLines& lines_;
  Diagnostics& out_;
};

// --- tokens -----------------------------------------------------------------------------

void CheckTokens(Reader& r, const json& value, const std::string& pointer) {
  if (value.is_object()) {
    for (const char* token : {"$userSig", "$privateMapKey"}) {
      if (!value.contains(token)) continue;
      if (value.size() != 1 || !value[token].is_object())
        return r.Complain(pointer + "/" + token, "must be the only member, with an object value");
      r.OnlyKnown(value[token], pointer + "/" + token,
                  {"user", "sdkAppId", "key", "expire", "issuedAgo", "damage", "roomId", "privileges"});
      const auto damage = StringOr(value[token], "damage");
      static const std::set<std::string> kDamages = {"",         "empty",         "not-base64",    "truncated-zlib",
                                                     "not-json", "missing-field", "wrong-version", "bad-userbuf"};
      if (!kDamages.contains(damage))
        r.Complain(pointer + "/" + token + "/damage",
                   "must be empty, not-base64, truncated-zlib, not-json, missing-field, wrong-version or bad-userbuf");
      return;
    }
    for (const auto& [key, child] : value.items()) CheckTokens(r, child, pointer + "/" + key);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) CheckTokens(r, value[i], pointer + "/" + std::to_string(i));
  }
}

// Tokens replaced by a string, so argument types can be checked before tokens exist.
json WithoutTokens(const json& value) {
  if (value.is_object() && (value.contains("$userSig") || value.contains("$privateMapKey"))) return "token";
  if (!value.is_structured()) return value;
  json out = value;
  for (auto& [key, child] : out.items()) child = WithoutTokens(child);
  return out;
}

// --- steps ------------------------------------------------------------------------------

struct Defaults {
  std::uint64_t sdk_app_id = service::kDefaultSdkAppId;
  std::string admin = "administrator";
};

void FillDefaults(Step& step, const Defaults& d) {
  auto& args = step.args;
  if (step.operation == "create-client" || step.operation == "login") {
    if (!args.contains("sdkAppId")) args["sdkAppId"] = d.sdk_app_id;
    if (!args.contains("userSig")) args["userSig"] = {{"$userSig", {{"user", StringOr(args, "userId")}}}};
  }
  if (step.operation == "rest") {
    json query = {{"sdkappid", std::to_string(d.sdk_app_id)},
                  {"identifier", d.admin},
                  {"usersig", {{"$userSig", {{"user", d.admin}}}}},
                  {"random", "4242"},
                  {"contenttype", "json"}};
    if (args.contains("query") && args["query"].is_object()) query.update(args["query"]);
    if (args.contains("omit") && args["omit"].is_array()) {
      for (const auto& key : args["omit"])
        if (key.is_string()) query.erase(key.get<std::string>());
    }
    args.erase("omit");
    args["query"] = query;
  }
}

void ReadDoStep(Reader& r, const json& object, const std::string& p, Step& step, const Defaults& d) {
  step.kind = Step::Kind::kDo;
  r.OnlyKnown(object, p, {"do", "peer", "args", "wait", "expectCode", "repeat"});
  r.String(object, p, "do", step.operation, true);
  r.String(object, p, "peer", step.peer, false);
  if (object.contains("args")) {
    if (!object["args"].is_object()) return r.Complain(p + "/args", "must be an object");
    step.args = object["args"];
  }
  if (object.contains("wait") && !object["wait"].is_boolean()) r.Complain(p + "/wait", "must be true or false");
  step.wait = ValueOr<bool>(object, "wait", true);
  if (object.contains("expectCode")) {
    int code = 0;
    if (r.Integer(object, p, "expectCode", code, true)) step.expect_code = code;
  }
  r.Integer(object, p, "repeat", step.repeat, false, 1);
  const auto* op = client::FindOperation(step.operation);
  if (!op)
    return r.Complain(p + "/do", "'" + step.operation + "' is not an operation (trtc-harness list --operations)");
  if (op->family == "harness")
    return r.Complain(p + "/do", "'" + step.operation + "' is driven by the runner; use advance");
  CheckTokens(r, step.args, p + "/args");
  FillDefaults(step, d);
  if (step.operation == "rest" && object.contains("args") && object["args"].contains("omit") &&
      !object["args"]["omit"].is_array())
    r.Complain(p + "/args/omit", "must be an array of query keys");
  if (auto problem = client::CheckArgs(*op, WithoutTokens(step.args))) {
    std::string pointer = "/" + problem->field;
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    r.Complain(p + pointer, problem->reason);
  }
}

void ReadWaitFor(Reader& r, const json& object, const std::string& p, Step& step) {
  step.kind = Step::Kind::kWaitFor;
  r.OnlyKnown(object, p, {"waitFor"});
  const json& w = object["waitFor"];
  if (!w.is_object()) return r.Complain(p + "/waitFor", "must be an object with event or fault");
  r.OnlyKnown(w, p + "/waitFor", {"event", "data", "fault"});
  r.String(w, p + "/waitFor", "event", step.event, false);
  r.String(w, p + "/waitFor", "fault", step.fault_fired, false);
  if (w.contains("data")) {
    if (!w["data"].is_object()) r.Complain(p + "/waitFor/data", "must be an object");
    step.event_data = w["data"];
  }
  if (step.event.empty() == step.fault_fired.empty())
    r.Complain(p + "/waitFor", "needs exactly one of event (a client event) or fault (a fault id that fired)");
}

void ReadFaults(Reader& r, const json& value, const std::string& p, std::vector<faults::Fault>& out) {
  json list = value.is_array() ? value : json::array({value});
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string pointer = value.is_array() ? p + "/" + std::to_string(i) : p;
    if (!list[i].is_object()) {
      r.Complain(pointer, "must be a fault object");
      continue;
    }
    std::string path = pointer.substr(1);
    std::replace(path.begin(), path.end(), '/', '.');
    auto parsed = faults::ParseFault(list[i], r.file(), r.Line(pointer), path + ".");
    if (auto* fault = std::get_if<faults::Fault>(&parsed)) {
      out.push_back(std::move(*fault));
    } else {
      for (auto& d : std::get<Diagnostics>(parsed)) r.Add(std::move(d));
    }
  }
}

std::vector<Step> ReadSteps(Reader& r, const json& doc, const Defaults& d) {
  std::vector<Step> steps;
  auto it = doc.find("steps");
  if (it == doc.end() || !it->is_array() || it->empty()) {
    r.Complain("/steps", "is required: a non-empty array of steps");
    return steps;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& object = (*it)[i];
    std::string p = "/steps/" + std::to_string(i);
    Step step;
    step.line = r.Line(p);
    if (!object.is_object()) {
      r.Complain(p, "must be an object");
      continue;
    }
    if (object.contains("do")) {
      ReadDoStep(r, object, p, step, d);
    } else if (object.contains("advance")) {
      step.kind = Step::Kind::kAdvance;
      r.OnlyKnown(object, p, {"advance", "by"});
      r.Integer(object, p, "advance", step.ms, true, 1);
      step.by_ms = step.ms;
      r.Integer(object, p, "by", step.by_ms, false, 1);
    } else if (object.contains("react")) {
      step.kind = Step::Kind::kReact;
      r.OnlyKnown(object, p, {"react", "by"});
      r.Integer(object, p, "react", step.ms, true, 1);
      step.by_ms = std::min<std::int64_t>(step.ms, 1000);
      r.Integer(object, p, "by", step.by_ms, false, 1);
    } else if (object.contains("faults")) {
      step.kind = Step::Kind::kFault;
      r.OnlyKnown(object, p, {"faults"});
      ReadFaults(r, object["faults"], p + "/faults", step.faults);
    } else if (object.contains("waitFor")) {
      ReadWaitFor(r, object, p, step);
    } else {
      r.Complain(p, "must have one of do, advance, react, faults or waitFor");
      continue;
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

// --- expectations -------------------------------------------------------------------------

void ReadExpectedError(Reader& r, const json& object, const std::string& p, catalog::Family family, ExpectedError& e) {
  e.line = r.Line(p);
  e.family = family;
  r.OnlyKnown(object, p, {"family", "code", "extraCode", "reason", "within", "handling", "entry"});
  if (object.contains("family")) {
    auto parsed =
        object["family"].is_string() ? catalog::ParseFamily(object["family"].get<std::string>()) : std::nullopt;
    if (!parsed) r.Complain(p + "/family", "must be web-v4, roomengine or rest");
    e.family = parsed.value_or(family);
  }
  auto code = object.find("code");
  if (code == object.end()) {
    r.Complain(p + "/code", "is required: a code, or a web-v4 sdk key such as JOIN_ROOM_FAILED");
  } else if (code->is_string()) {
    auto sdk = client::SdkCode(code->get<std::string>());
    if (!sdk) r.Complain(p + "/code", "'" + code->get<std::string>() + "' is not a web-v4 sdk key");
    e.code = sdk.value_or(0);
  } else if (code->is_number_integer()) {
    e.code = code->get<int>();
  } else {
    r.Complain(p + "/code", "must be an integer or an sdk key");
  }
  int extra = 0;
  if (object.contains("extraCode") && r.Integer(object, p, "extraCode", extra, true)) e.extra_code = extra;
  r.String(object, p, "reason", e.reason, false);
  std::int64_t within = 0;
  if (object.contains("within") && r.Integer(object, p, "within", within, true, 0)) e.within_ms = within;
  e.entry = client::DocumentedEntry(e.family, e.code, e.extra_code, e.reason);
  if (!e.entry) return r.Complain(p, "no catalog entry documents this error (family, code, extraCode, reason)");
  std::string handling, entry;
  if (r.String(object, p, "handling", handling, false) && !handling.empty() &&
      handling != catalog::ToString(e.entry->handling.action))
    r.Complain(p + "/handling", "the catalog gives " + e.entry->id + " the handling '" +
                                    std::string(catalog::ToString(e.entry->handling.action)) + "'");
  if (r.String(object, p, "entry", entry, false) && !entry.empty() && entry != e.entry->id)
    r.Complain(p + "/entry", "this error is documented by " + e.entry->id + ", not " + entry);
}

void ReadExpectedTraffic(Reader& r, const json& object, const std::string& p, ExpectedTraffic& t) {
  t.line = r.Line(p);
  r.OnlyKnown(object, p,
              {"server", "kind", "type", "user", "code", "fromMs", "toMs", "count", "min", "max", "application"});
  r.String(object, p, "server", t.server, false);
  r.String(object, p, "kind", t.kind, false);
  static const std::set<std::string> kKinds = {"connect", "refused", "request", "answer", "closed", "gone"};
  if (!kKinds.contains(t.kind)) r.Complain(p + "/kind", "must be connect, refused, request, answer, closed or gone");
  r.String(object, p, "type", t.type, false);
  r.String(object, p, "user", t.user, false);
  int code = 0;
  if (object.contains("code") && r.Integer(object, p, "code", code, true)) t.code = code;
  std::int64_t ms = 0;
  if (object.contains("fromMs") && r.Integer(object, p, "fromMs", ms, true, 0)) t.from_ms = ms;
  if (object.contains("toMs") && r.Integer(object, p, "toMs", ms, true, 0)) t.to_ms = ms;
  std::int64_t n = 0;
  if (object.contains("count") && r.Integer(object, p, "count", n, true, 0)) t.count = static_cast<std::size_t>(n);
  if (object.contains("min") && r.Integer(object, p, "min", n, true, 0)) t.min = static_cast<std::size_t>(n);
  if (object.contains("max") && r.Integer(object, p, "max", n, true, 0)) t.max = static_cast<std::size_t>(n);
  if (!t.count && !t.min && !t.max) r.Complain(p, "needs count, min or max");
  if (t.count && (t.min || t.max)) r.Complain(p + "/count", "count cannot go with min or max");
  if (object.contains("application") && !object["application"].is_boolean())
    r.Complain(p + "/application", "must be true or false");
  t.application = ValueOr<bool>(object, "application", false);
}

void ReadExpect(Reader& r, const json& doc, Scenario& s) {
  auto it = doc.find("expect");
  if (it == doc.end() || !it->is_object())
    return r.Complain("/expect", "is required: an object with errors and events");
  r.OnlyKnown(*it, "/expect", {"errors", "events", "traffic"});
  if (auto traffic = it->find("traffic"); traffic != it->end()) {
    if (!traffic->is_array()) return r.Complain("/expect/traffic", "must be an array");
    for (std::size_t i = 0; i < traffic->size(); ++i) {
      std::string p = "/expect/traffic/" + std::to_string(i);
      if (!(*traffic)[i].is_object()) {
        r.Complain(p, "must be an object");
        continue;
      }
      ExpectedTraffic t;
      ReadExpectedTraffic(r, (*traffic)[i], p, t);
      s.traffic.push_back(std::move(t));
    }
  }
  if (auto errors = it->find("errors"); errors != it->end()) {
    if (!errors->is_array()) return r.Complain("/expect/errors", "must be an array");
    for (std::size_t i = 0; i < errors->size(); ++i) {
      std::string p = "/expect/errors/" + std::to_string(i);
      if (!(*errors)[i].is_object()) {
        r.Complain(p, "must be an object");
        continue;
      }
      ExpectedError e;
      ReadExpectedError(r, (*errors)[i], p, s.family, e);
      s.errors.push_back(std::move(e));
    }
  }
  if (auto events = it->find("events"); events != it->end()) {
    if (!events->is_array()) return r.Complain("/expect/events", "must be an array");
    for (std::size_t i = 0; i < events->size(); ++i) {
      std::string p = "/expect/events/" + std::to_string(i);
      ExpectedEvent e;
      e.line = r.Line(p);
      if (!(*events)[i].is_object()) {
        r.Complain(p, "must be an object");
        continue;
      }
      r.OnlyKnown((*events)[i], p, {"name", "data"});
      r.String((*events)[i], p, "name", e.name, true);
      e.data = ValueOr<json>((*events)[i], "data", json::object());
      s.events.push_back(std::move(e));
    }
  }
}

// --- the scenario -------------------------------------------------------------------------

// The service configuration: the default app with the scenario's changes, more apps, limits.
json BuildConfig(Reader& r, const json& doc, Defaults& d) {
  json app = {{"sdkAppId", service::kDefaultSdkAppId}, {"secretKey", std::string(service::kDefaultSecretKey)}};
  // Server idle timeouts are off unless a scenario sets them: a clock jump must not close a
  // connection whose heartbeat is still on its way (servers_test covers the timeouts).
  json config = {{"apps", json::array()},
                 {"limits", {{"heartbeatTimeoutMs", 86'400'000}, {"mediaTimeoutMs", 86'400'000}}}};
  if (auto it = doc.find("config"); it != doc.end()) {
    if (!it->is_object()) {
      r.Complain("/config", "must be an object with app, apps or limits");
    } else {
      r.OnlyKnown(*it, "/config", {"app", "apps", "limits"});
      if (it->contains("app") && (*it)["app"].is_object()) app.update((*it)["app"]);
      if (it->contains("limits") && (*it)["limits"].is_object()) config["limits"].update((*it)["limits"]);
      config["apps"].push_back(app);
      if (it->contains("apps") && (*it)["apps"].is_array())
        for (const auto& extra : (*it)["apps"]) config["apps"].push_back(extra);
    }
  }
  if (config["apps"].empty()) config["apps"].push_back(app);
  auto parsed = service::ParseServiceConfig(config.dump(2), r.file());
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    for (const auto& problem : *problems) r.Complain("/config", problem.field + ": " + problem.reason);
  } else {
    const auto& first = std::get<service::ServiceConfig>(parsed).apps.front();
    d.sdk_app_id = first.sdk_app_id;
    d.admin = first.admin;
  }
  return config;
}

void ReadCovers(Reader& r, const json& doc, Scenario& s) {
  auto it = doc.find("covers");
  if (it == doc.end() || !it->is_array() || it->empty())
    return r.Complain("/covers", "is required: the ids of the catalog entries this scenario makes happen");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& id = (*it)[i];
    const catalog::Entry* entry = id.is_string() ? Catalog::Builtin().FindById(id.get<std::string>()) : nullptr;
    if (!entry) {
      r.Complain("/covers/" + std::to_string(i), "is not a catalog entry id (trtc-harness catalog)");
      continue;
    }
    s.covers.push_back(entry);
  }
}

std::optional<Scenario> ReadScenario(const json& doc, const std::string& file, const JsonLines& lines,
                                     Diagnostics& out) {
  const std::size_t before = out.size();
  Reader r(file, lines, out);
  Scenario s;
  s.file = file;
  if (!doc.is_object()) {
    r.Complain("", "a scenario must be a JSON object");
    return std::nullopt;
  }
  r.OnlyKnown(doc, "",
              {"id", "title", "family", "tags", "covers", "forced", "config", "faults", "steps", "expect", "forEach",
               "$comment"});
  r.String(doc, "", "id", s.id, true);
  r.String(doc, "", "title", s.title, true);
  std::string family;
  if (r.String(doc, "", "family", family, true)) {
    auto parsed = catalog::ParseFamily(family);
    if (!parsed) r.Complain("/family", "must be web-v4, roomengine or rest");
    s.family = parsed.value_or(catalog::Family::kWebV4);
  }
  if (auto tags = doc.find("tags"); tags != doc.end()) {
    if (!tags->is_array()) r.Complain("/tags", "must be an array of strings");
    for (const auto& tag : *tags)
      if (tag.is_string()) s.tags.push_back(tag.get<std::string>());
  }
  if (doc.contains("forced") && !doc["forced"].is_boolean()) r.Complain("/forced", "must be true or false");
  s.forced = ValueOr<bool>(doc, "forced", false);
  if (s.forced && s.title.find("forced") == std::string::npos)
    r.Complain("/title", "a forced scenario says so in its title (\"forced\")");
  ReadCovers(r, doc, s);
  Defaults defaults;
  s.config = BuildConfig(r, doc, defaults);
  if (doc.contains("faults")) ReadFaults(r, doc["faults"], "/faults", s.faults);
  s.steps = ReadSteps(r, doc, defaults);
  ReadExpect(r, doc, s);
  const bool checks_results =
      std::any_of(s.steps.begin(), s.steps.end(), [](const Step& step) { return step.expect_code.has_value(); });
  if (s.errors.empty() && s.events.empty() && s.traffic.empty() && !checks_results)
    r.Complain("/expect", "must expect an error or an event (or a step must have expectCode)");
  if (out.size() != before) return std::nullopt;
  return s;
}

// "forEach": one scenario per catalog entry, with {code}, {key}, {id} substituted.
std::variant<std::vector<json>, std::string> Expand(const json& doc) {
  const json& each = doc["forEach"];
  if (!each.is_object() || !each.contains("entries") || !each["entries"].is_string())
    return std::string("forEach must be an object with entries (a glob of entry ids) and optional except");
  std::set<std::string> except;
  for (const auto& id : ValueOr<json>(each, "except", json::array()))
    if (id.is_string()) except.insert(id.get<std::string>());
  json base = doc;
  base.erase("forEach");
  const std::string text = base.dump();
  std::vector<json> out;
  for (const auto& entry : Catalog::Builtin().entries()) {
    if (!GlobMatches(each["entries"].get<std::string>(), entry.id) || except.contains(entry.id)) continue;
    std::string code = entry.code ? std::to_string(*entry.code) : "0";
    std::string expanded = text;
    auto replace_all = [&](const std::string& from, const std::string& to) {
      for (auto at = expanded.find(from); at != std::string::npos; at = expanded.find(from, at + to.size()))
        expanded.replace(at, from.size(), to);
    };
    replace_all("\"{code}\"", code);
    replace_all("{code}", code);
    replace_all("{key}", entry.key);
    replace_all("{id}", entry.id);
    json one = json::parse(expanded, nullptr, false);
    if (one.is_discarded()) return std::string("a placeholder made the template invalid JSON (\"{code}\" as a key?)");
    out.push_back(std::move(one));
  }
  if (out.empty()) return std::string("forEach.entries matches no catalog entry");
  return out;
}

}  // namespace

bool GlobMatches(std::string_view glob, std::string_view text) {
  if (glob.empty()) return text.empty();
  if (glob.front() == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i)
      if (GlobMatches(glob.substr(1), text.substr(i))) return true;
    return false;
  }
  return !text.empty() && glob.front() == text.front() && GlobMatches(glob.substr(1), text.substr(1));
}

std::variant<std::vector<Scenario>, Diagnostics> ParseScenarioFile(std::string_view text, const std::string& file) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    auto [line, why] = JsonSyntaxProblem(text);
    return Diagnostics{{file, line, "", why.empty() ? "not valid JSON" : why}};
  }
  JsonLines lines(text);
  std::vector<json> docs = {doc};
  if (doc.is_object() && doc.contains("forEach")) {
    auto expanded = Expand(doc);
    if (auto* why = std::get_if<std::string>(&expanded))
      return Diagnostics{{file, lines.LineOf("/forEach"), "forEach", *why}};
    docs = std::get<std::vector<json>>(expanded);
  }
  std::vector<Scenario> scenarios;
  Diagnostics out;
  for (const auto& one : docs) {
    if (auto s = ReadScenario(one, file, lines, out)) scenarios.push_back(std::move(*s));
    if (!out.empty()) break;  // an expanded template repeats its mistakes; once is enough
  }
  if (!out.empty()) return out;
  return scenarios;
}

LoadedSuite LoadScenarios(const std::filesystem::path& dir) {
  LoadedSuite suite;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != decltype(it)(); ++it)
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  if (ec) suite.diagnostics.push_back({dir.string(), 0, "", "cannot read the scenarios directory"});
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> seen;
  for (const auto& path : files) {
    auto text = ReadFile(path);
    const std::string name = std::filesystem::relative(path, dir).string();
    if (!text) {
      suite.diagnostics.push_back({name, 0, "", "cannot be read"});
      continue;
    }
    auto parsed = ParseScenarioFile(*text, name);
    if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
      suite.diagnostics.insert(suite.diagnostics.end(), problems->begin(), problems->end());
      continue;
    }
    for (auto& s : std::get<std::vector<Scenario>>(parsed)) {
      if (auto [it, fresh] = seen.emplace(s.id, name); !fresh) {
        suite.diagnostics.push_back(
            {name, s.line, "id", "'" + s.id + "' is also the id of a scenario in " + it->second});
        continue;
      }
      suite.scenarios.push_back(std::move(s));
    }
  }
  return suite;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Coverage(const std::vector<Scenario>& scenarios) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  std::map<std::string, std::size_t> index;
  for (const auto& entry : Catalog::Builtin().entries()) {
    index[entry.id] = out.size();
    out.push_back({entry.id, {}});
  }
  for (const auto& s : scenarios)
    for (const auto* entry : s.covers) out[index[entry->id]].second.push_back(s.id);
  return out;
}

std::filesystem::path DefaultScenariosDir() {
  if (const char* env = std::getenv("TRTC_SCENARIOS_DIR")) return env;
  return TRTC_DEFAULT_SCENARIOS_DIR;
}

}  // namespace trtc::scenario
