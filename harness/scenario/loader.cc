#include <algorithm>
#include <set>

#include "harness/client/documented_error.h"
#include "harness/client/operations.h"
#include "harness/common/file_io.h"
#include "harness/common/json_fields.h"
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

constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

// Scenario objects are written by hand: an unknown member is named with the known ones.
void OnlyKnown(JsonFields& f, std::initializer_list<std::string_view> known) {
  f.Allow(known);
  f.RejectUnknownFieldsNamingKnown();
}

// A string member; a required one must say something.
bool ReadText(JsonFields& f, std::string_view key, std::string& out, Presence presence = kOptional) {
  if (!f.Read(key, out, presence)) return false;
  if (presence == kRequired && out.empty()) {
    f.Complain(key, "must be a non-empty string");
    return false;
  }
  return true;
}

// An integer member of at least `min` (a count of repeats, a span of ms).
template <class Int>
bool ReadAtLeast(JsonFields& f, std::string_view key, Int& out, Int min, Presence presence = kOptional) {
  Int value{};
  if (!f.Read(key, value, presence)) return false;
  if (value < min) {
    f.Complain(key, "must be at least " + std::to_string(min));
    return false;
  }
  out = value;
  return true;
}

// --- tokens -----------------------------------------------------------------------------

void CheckTokens(JsonProblems& problems, const json& value, const std::string& pointer) {
  if (value.is_object()) {
    for (const char* token : {"$userSig", "$privateMapKey"}) {
      if (!value.contains(token)) continue;
      const std::string at = ChildPointer(pointer, token);
      if (value.size() != 1 || !value[token].is_object())
        return problems.Add(JsonProblemKind::kInvalidValue, at, "must be the only member, with an object value");
      JsonFields fields(value[token], at, problems);
      OnlyKnown(fields, {"user", "sdkAppId", "key", "expire", "issuedAgo", "damage", "roomId", "privileges"});
      std::string damage;
      fields.Read("damage", damage);
      static const std::set<std::string> kDamages = {"",         "empty",         "not-base64",    "truncated-zlib",
                                                     "not-json", "missing-field", "wrong-version", "bad-userbuf"};
      if (!kDamages.contains(damage))
        fields.Complain(
            "damage",
            "must be empty, not-base64, truncated-zlib, not-json, missing-field, wrong-version or bad-userbuf");
      return;
    }
    for (const auto& [key, child] : value.items()) CheckTokens(problems, child, ChildPointer(pointer, key));
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      CheckTokens(problems, value[i], ChildPointer(pointer, std::to_string(i)));
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

// The operation's own checks of its arguments, under the step's pointer.
void CheckArgs(JsonFields& f, const client::OperationSpec& op, const json* given_args, const Step& step) {
  const std::string args = f.PointerOf("args");
  if (step.operation == "rest" && given_args && given_args->contains("omit") && !(*given_args)["omit"].is_array())
    f.problems().Add(JsonProblemKind::kWrongType, ChildPointer(args, "omit"), "must be an array of query keys");
  if (auto problem = client::CheckArgs(op, WithoutTokens(step.args))) {
    std::string pointer = "/" + problem->field;  // "args.roomId"
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    f.problems().Add(JsonProblemKind::kInvalidValue, f.pointer() + pointer, problem->reason);
  }
}

void ReadDoStep(JsonFields& f, Step& step, const Defaults& d) {
  step.kind = Step::Kind::kDo;
  OnlyKnown(f, {"do", "peer", "args", "wait", "expectCode", "repeat"});
  ReadText(f, "do", step.operation, kRequired);
  f.Read("peer", step.peer);
  const json* args = f.FindObject("args");
  if (f.Has("args") && !args) return;
  if (args) step.args = *args;
  f.Read("wait", step.wait);
  f.Read("expectCode", step.expect_code);
  ReadAtLeast(f, "repeat", step.repeat, 1);
  const auto* op = client::FindOperation(step.operation);
  if (!op) return f.Complain("do", "'" + step.operation + "' is not an operation (trtc-harness list --operations)");
  if (op->family == "harness") return f.Complain("do", "'" + step.operation + "' is driven by the runner; use advance");
  CheckTokens(f.problems(), step.args, f.PointerOf("args"));
  FillDefaults(step, d);
  CheckArgs(f, *op, args, step);
}

void ReadWaitFor(JsonFields& f, Step& step) {
  step.kind = Step::Kind::kWaitFor;
  OnlyKnown(f, {"waitFor"});
  const json* value = f.Find("waitFor");
  if (!value || !value->is_object())
    return f.Complain("waitFor", JsonProblemKind::kWrongType, "must be an object with event or fault");
  JsonFields w(*value, f.PointerOf("waitFor"), f.problems());
  OnlyKnown(w, {"event", "data", "fault"});
  w.Read("event", step.event);
  w.Read("fault", step.fault_fired);
  if (const json* data = w.FindObject("data")) step.event_data = *data;
  if (step.event.empty() == step.fault_fired.empty())
    f.Complain("waitFor", "needs exactly one of event (a client event) or fault (a fault id that fired)");
}

// A fault object or an array of them, at `pointer`.
void ReadFaults(JsonProblems& problems, const json& value, const std::string& pointer,
                std::vector<faults::Fault>& out) {
  auto read = [&](const json& object, const std::string& at) {
    if (!object.is_object()) return problems.Add(JsonProblemKind::kNotAnObject, at, "must be a fault object");
    if (auto fault = faults::ReadFault(object, at, problems)) out.push_back(std::move(*fault));
  };
  if (!value.is_array()) return read(value, pointer);
  for (std::size_t i = 0; i < value.size(); ++i) read(value[i], ChildPointer(pointer, std::to_string(i)));
}

void ReadClockStep(JsonFields& f, Step& step) {
  const bool react = f.Has("react");
  step.kind = react ? Step::Kind::kReact : Step::Kind::kAdvance;
  const char* key = react ? "react" : "advance";
  OnlyKnown(f, {key, "by"});
  ReadAtLeast<std::int64_t>(f, key, step.ms, 1, kRequired);
  step.by_ms = react ? std::min<std::int64_t>(step.ms, 1000) : step.ms;
  ReadAtLeast<std::int64_t>(f, "by", step.by_ms, 1);
}

std::vector<Step> ReadSteps(JsonFields& root, const JsonLines& lines, const Defaults& d) {
  std::vector<Step> steps;
  const json* list = root.Find("steps");
  if (!list || !list->is_array() || list->empty()) {
    root.Complain("steps", JsonProblemKind::kMissing, "is required: a non-empty array of steps");
    return steps;
  }
  root.EachObject("steps", kRequired, [&](JsonFields& f) {
    Step step;
    step.line = lines.LineOf(f.pointer());
    if (f.Has("do")) {
      ReadDoStep(f, step, d);
    } else if (f.Has("advance") || f.Has("react")) {
      ReadClockStep(f, step);
    } else if (f.Has("faults")) {
      step.kind = Step::Kind::kFault;
      OnlyKnown(f, {"faults"});
      ReadFaults(f.problems(), *f.Find("faults"), f.PointerOf("faults"), step.faults);
    } else if (f.Has("waitFor")) {
      ReadWaitFor(f, step);
    } else {
      return f.ComplainHere(JsonProblemKind::kInvalidValue, "must have one of do, advance, react, faults or waitFor");
    }
    steps.push_back(std::move(step));
  });
  return steps;
}

// --- expectations -------------------------------------------------------------------------

void ReadErrorFamily(JsonFields& f, ExpectedError& e) {
  const json* given = f.Find("family");
  if (!given) return;
  auto parsed = given->is_string() ? catalog::ParseFamily(given->get<std::string>()) : std::nullopt;
  if (!parsed) f.Complain("family", "must be web-v4, roomengine or rest");
  e.family = parsed.value_or(e.family);
}

void ReadErrorCode(JsonFields& f, ExpectedError& e) {
  const json* code = f.Find("code");
  if (!code) {
    f.Complain("code", JsonProblemKind::kMissing, "is required: a code, or a web-v4 sdk key such as JOIN_ROOM_FAILED");
  } else if (code->is_string()) {
    auto sdk = client::SdkCode(code->get<std::string>());
    if (!sdk) f.Complain("code", "'" + code->get<std::string>() + "' is not a web-v4 sdk key");
    e.code = sdk.value_or(0);
  } else if (code->is_number_integer()) {
    f.Read("code", e.code);
  } else {
    f.Complain("code", JsonProblemKind::kWrongType, "must be an integer or an sdk key");
  }
}

// The handling and entry an expectation may repeat must be the catalog's.
void CheckAgainstTheEntry(JsonFields& f, const ExpectedError& e) {
  const std::string_view action = catalog::ToString(e.entry->handling.action);
  std::string handling, entry;
  if (ReadText(f, "handling", handling) && !handling.empty() && handling != action)
    f.Complain("handling", "the catalog gives " + e.entry->id + " the handling '" + std::string(action) + "'");
  if (ReadText(f, "entry", entry) && !entry.empty() && entry != e.entry->id)
    f.Complain("entry", "this error is documented by " + e.entry->id + ", not " + entry);
}

void ReadExpectedError(JsonFields& f, const JsonLines& lines, catalog::Family family, ExpectedError& e) {
  e.line = lines.LineOf(f.pointer());
  e.family = family;
  OnlyKnown(f, {"family", "code", "extraCode", "reason", "within", "handling", "entry"});
  ReadErrorFamily(f, e);
  ReadErrorCode(f, e);
  f.Read("extraCode", e.extra_code);
  f.Read("reason", e.reason);
  std::int64_t within = 0;
  if (ReadAtLeast<std::int64_t>(f, "within", within, 0)) e.within_ms = within;
  e.entry = client::DocumentedEntry(e.family, e.code, e.extra_code, e.reason);
  if (!e.entry)
    return f.ComplainHere(JsonProblemKind::kInvalidValue,
                          "no catalog entry documents this error (family, code, extraCode, reason)");
  CheckAgainstTheEntry(f, e);
}

void ReadExpectedTraffic(JsonFields& f, const JsonLines& lines, ExpectedTraffic& t) {
  t.line = lines.LineOf(f.pointer());
  OnlyKnown(f, {"server", "kind", "type", "user", "code", "fromMs", "toMs", "count", "min", "max", "application"});
  f.Read("server", t.server);
  f.Read("kind", t.kind);
  static const std::set<std::string> kKinds = {"connect", "refused", "request", "answer", "closed", "gone"};
  if (!kKinds.contains(t.kind)) f.Complain("kind", "must be connect, refused, request, answer, closed or gone");
  f.Read("type", t.type);
  f.Read("user", t.user);
  f.Read("code", t.code);
  std::int64_t ms = 0;
  if (ReadAtLeast<std::int64_t>(f, "fromMs", ms, 0)) t.from_ms = ms;
  if (ReadAtLeast<std::int64_t>(f, "toMs", ms, 0)) t.to_ms = ms;
  f.Read("count", t.count);
  f.Read("min", t.min);
  f.Read("max", t.max);
  if (!t.count && !t.min && !t.max) f.ComplainHere(JsonProblemKind::kMissing, "needs count, min or max");
  if (t.count && (t.min || t.max)) f.Complain("count", "count cannot go with min or max");
  f.Read("application", t.application);
}

void ReadExpectedEvent(JsonFields& f, const JsonLines& lines, ExpectedEvent& e) {
  e.line = lines.LineOf(f.pointer());
  OnlyKnown(f, {"name", "data"});
  ReadText(f, "name", e.name, kRequired);
  f.Read("data", e.data);
}

void ReadExpect(JsonFields& root, const JsonLines& lines, Scenario& s) {
  const json* expect = root.Find("expect");
  if (!expect || !expect->is_object())
    return root.Complain("expect", JsonProblemKind::kMissing, "is required: an object with errors and events");
  JsonFields f(*expect, root.PointerOf("expect"), root.problems());
  OnlyKnown(f, {"errors", "events", "traffic"});
  f.EachObject("traffic", kOptional,
               [&](JsonFields& item) { ReadExpectedTraffic(item, lines, s.traffic.emplace_back()); });
  f.EachObject("errors", kOptional,
               [&](JsonFields& item) { ReadExpectedError(item, lines, s.family, s.errors.emplace_back()); });
  f.EachObject("events", kOptional, [&](JsonFields& item) { ReadExpectedEvent(item, lines, s.events.emplace_back()); });
}

// --- the scenario -------------------------------------------------------------------------

// The service configuration: the default app with the scenario's changes, more apps, limits.
json BuildConfig(JsonFields& root, const std::string& file, Defaults& d) {
  json app = {{"sdkAppId", service::kDefaultSdkAppId}, {"secretKey", std::string(service::kDefaultSecretKey)}};
  // Server idle timeouts are off unless a scenario sets them: a clock jump must not close a
  // connection whose heartbeat is still on its way (servers_test covers the timeouts).
  json config = {{"apps", json::array()},
                 {"limits", {{"heartbeatTimeoutMs", 86'400'000}, {"mediaTimeoutMs", 86'400'000}}}};
  if (const json* given = root.Find("config")) {
    if (!given->is_object()) {
      root.Complain("config", JsonProblemKind::kWrongType, "must be an object with app, apps or limits");
    } else {
      JsonFields f(*given, root.PointerOf("config"), root.problems());
      OnlyKnown(f, {"app", "apps", "limits"});
      if (const json* changes = f.Find("app"); changes && changes->is_object()) app.update(*changes);
      if (const json* limits = f.Find("limits"); limits && limits->is_object()) config["limits"].update(*limits);
      config["apps"].push_back(app);
      if (const json* apps = f.Find("apps"); apps && apps->is_array())
        for (const auto& extra : *apps) config["apps"].push_back(extra);
    }
  }
  if (config["apps"].empty()) config["apps"].push_back(app);
  auto parsed = service::ParseServiceConfig(config.dump(2), file);
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    for (const auto& problem : *problems) root.Complain("config", problem.field + ": " + problem.reason);
  } else {
    const auto& first = std::get<service::ServiceConfig>(parsed).apps.front();
    d.sdk_app_id = first.sdk_app_id;
    d.admin = first.admin;
  }
  return config;
}

void ReadCovers(JsonFields& root, Scenario& s) {
  const json* list = root.Find("covers");
  if (!list || !list->is_array() || list->empty())
    return root.Complain("covers", JsonProblemKind::kMissing,
                         "is required: the ids of the catalog entries this scenario makes happen");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& id = (*list)[i];
    const catalog::Entry* entry = id.is_string() ? Catalog::Builtin().FindById(id.get<std::string>()) : nullptr;
    if (!entry) {
      root.problems().Add(JsonProblemKind::kInvalidValue, ChildPointer(root.PointerOf("covers"), std::to_string(i)),
                          "is not a catalog entry id (trtc-harness catalog)");
      continue;
    }
    s.covers.push_back(entry);
  }
}

void ReadIdentity(JsonFields& root, Scenario& s) {
  ReadText(root, "id", s.id, kRequired);
  ReadText(root, "title", s.title, kRequired);
  std::string family;
  if (ReadText(root, "family", family, kRequired)) {
    auto parsed = catalog::ParseFamily(family);
    if (!parsed) root.Complain("family", "must be web-v4, roomengine or rest");
    s.family = parsed.value_or(catalog::Family::kWebV4);
  }
  root.Read("tags", s.tags);
  root.Read("forced", s.forced);
  if (s.forced && s.title.find("forced") == std::string::npos)
    root.Complain("title", "a forced scenario says so in its title (\"forced\")");
}

std::optional<Scenario> ReadScenario(const json& doc, const std::string& file, const JsonLines& lines,
                                     Diagnostics& out) {
  if (!doc.is_object()) {
    out.push_back({file, 1, "", "a scenario must be a JSON object"});
    return std::nullopt;
  }
  JsonProblems problems(ProblemPolicy::kKeepAll);
  JsonFields root(doc, "", problems);
  Scenario s;
  s.file = file;
  OnlyKnown(root, {"id", "title", "family", "tags", "covers", "forced", "config", "faults", "steps", "expect",
                   "forEach", "$comment"});
  ReadIdentity(root, s);
  ReadCovers(root, s);
  Defaults defaults;
  s.config = BuildConfig(root, file, defaults);
  if (const json* faults = root.Find("faults")) ReadFaults(problems, *faults, root.PointerOf("faults"), s.faults);
  s.steps = ReadSteps(root, lines, defaults);
  ReadExpect(root, lines, s);
  const bool checks_results =
      std::any_of(s.steps.begin(), s.steps.end(), [](const Step& step) { return step.expect_code.has_value(); });
  if (s.errors.empty() && s.events.empty() && s.traffic.empty() && !checks_results)
    root.Complain("expect", "must expect an error or an event (or a step must have expectCode)");
  if (problems.empty()) return s;
  Diagnostics found = ToDiagnostics(problems, file, lines);
  out.insert(out.end(), found.begin(), found.end());
  return std::nullopt;
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
