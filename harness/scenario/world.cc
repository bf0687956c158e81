#include "harness/scenario/world.h"

#include <algorithm>

#include "harness/common/utf8.h"
#include "harness/reference_client/reference_client.h"
#include "harness/scenario/tokens.h"
#include "harness/service/service.h"

namespace trtc::scenario {
namespace {

using nlohmann::json;

// Tokens in traces are cut to 8 characters: traces end up in CI logs.
json Redacted(json value) {
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) {
      if ((key == "userSig" || key == "usersig" || key == "privateMapKey") && child.is_string() &&
          child.get<std::string>().size() > 8)
        child = std::string(Utf8Prefix(child.get<std::string>(), 8)) + "…";
      else
        child = Redacted(child);
    }
  }
  return value;
}

}  // namespace

bool ContainsAll(const json& data, const json& subset) {
  for (const auto& [key, value] : subset.items())
    if (!data.contains(key) || data[key] != value) return false;
  return true;
}

// ---- Trace -------------------------------------------------------------------------------

void Trace::Add(const std::string& peer, std::string line) {
  std::lock_guard lock(mutex_);
  if (ended_) return;
  if (peer.empty()) {
    main_.push_back(std::move(line));
    return;
  }
  auto it = std::find_if(peers_.begin(), peers_.end(), [&](const auto& p) { return p.first == peer; });
  if (it == peers_.end()) it = peers_.insert(peers_.end(), {peer, {}});
  it->second.push_back(std::move(line));
}

std::vector<std::string> Trace::End() {
  std::lock_guard lock(mutex_);
  ended_ = true;
  std::vector<std::string> lines = std::move(main_);
  for (auto& [peer, peer_lines] : peers_) std::move(peer_lines.begin(), peer_lines.end(), std::back_inserter(lines));
  return lines;
}

// ---- Recorder ----------------------------------------------------------------------------

Recorder::Recorder(std::string peer, Trace& trace, const journal::Journal& journal, client::ClientObserver* also)
    : who_(peer.empty() ? "" : "[" + peer + "] "),
      peer_(std::move(peer)),
      trace_(trace),
      journal_(journal),
      also_(also) {}

template <class F>
void Recorder::Update(F f) {
  {
    std::lock_guard lock(mutex_);
    f();
  }
  changed_.notify_all();
}

void Recorder::OnError(const client::SurfacedError& error) {
  Note("! error " + client::Describe(error));
  Update([&] { evidence_.errors.push_back({error, ++order_, journal_.last_seq()}); });
  if (also_) also_->OnError(error);
}

void Recorder::OnEvent(const client::ClientEvent& event) {
  Note("~ event " + event.name + " " + event.data.dump());
  Update([&] { evidence_.events.push_back({event, ++order_, journal_.last_seq()}); });
  if (also_) also_->OnEvent(event);
}

void Recorder::OnResult(const client::OperationResult& result) {
  Note("< " + result.operation + " #" + std::to_string(result.id) + " code " + std::to_string(result.code));
  // The other observer first: a wait that ends on this result may check what it expected.
  if (also_) also_->OnResult(result);
  Update([&] {
    results_[result.id] = result;
    for (auto& c : evidence_.commands)
      if (c.id == result.id && !c.result) {
        c.result = result.code;
        c.result_order = ++order_;
      }
  });
}

void Recorder::OnBroken(const std::string& what) {
  Note("!! the client is broken: " + what);
  Update([&] { broken_ = true; });
  if (also_) also_->OnBroken(what);
}

bool Recorder::broken() {
  std::lock_guard lock(mutex_);
  return broken_;
}

void Recorder::Commanded(const client::Command& command, std::uint64_t mark_seq) {
  Update([&] { evidence_.commands.push_back({command.id, command.operation, ++order_, mark_seq, std::nullopt, 0}); });
}

std::optional<client::OperationResult> Recorder::WaitResult(std::uint64_t id, std::chrono::milliseconds patience) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, patience, [&] { return broken_ || results_.contains(id); });
  auto found = results_.find(id);
  if (found == results_.end()) return std::nullopt;
  return found->second;
}

bool Recorder::WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds patience) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, patience, [&] { return broken_ || condition(); });
  return condition();
}

std::size_t Recorder::EventCount(const std::string& name, const json& data) const {
  return static_cast<std::size_t>(std::count_if(
      evidence_.events.begin(), evidence_.events.end(),
      [&](const behaviour::EventRecord& e) { return e.event.name == name && ContainsAll(e.event.data, data); }));
}

behaviour::Evidence Recorder::EvidenceCopy() {
  std::lock_guard lock(mutex_);
  return evidence_;
}

std::vector<client::SurfacedError> Recorder::ErrorsCopy() {
  std::lock_guard lock(mutex_);
  std::vector<client::SurfacedError> errors;
  for (const auto& e : evidence_.errors) errors.push_back(e.error);
  return errors;
}

std::vector<client::ClientEvent> Recorder::EventsCopy() {
  std::lock_guard lock(mutex_);
  std::vector<client::ClientEvent> events;
  for (const auto& e : evidence_.events) events.push_back(e.event);
  return events;
}

std::string Recorder::DescribeEvents() {
  std::string seen;
  for (const auto& event : EventsCopy()) seen += (seen.empty() ? "" : ", ") + event.name + " " + event.data.dump();
  return seen.empty() ? "no event" : seen;
}

void Recorder::Note(const std::string& line) { trace_.Add(peer_, who_ + line); }

// ---- World -------------------------------------------------------------------------------

WorldOptions::WorldOptions() {
  servers.enable_tls = false;
  servers.clock = {kWorldStartMs, 0.0};
}

std::variant<std::unique_ptr<World>, std::string> World::Start(WorldOptions options) {
  std::unique_ptr<World> world(new World(std::move(options)));
  auto started = servers::ServerSet::Start(world->options_.servers);
  if (auto* why = std::get_if<std::string>(&started)) return "the servers did not start: " + *why;
  world->servers_ = std::move(std::get<std::unique_ptr<servers::ServerSet>>(started));
  return world;
}

World::~World() { Stop(); }

client::ClientConfig World::ClientConfig() const {
  client::ClientConfig config;
  config.signaling_url = "ws://127.0.0.1:" + std::to_string(servers_->port("signaling")) + "/";
  config.media_url = "ws://127.0.0.1:" + std::to_string(servers_->port("media")) + "/";
  config.rest_url = "http://127.0.0.1:" + std::to_string(servers_->port("rest"));
  config.stun_host = "127.0.0.1";
  config.stun_port = servers_->port("stun");
  config.locale = options_.locale;
  auto* servers = servers_.get();
  config.app_backend = [servers](const client::TokenRequest& request) {
    return FreshUserSig(servers->service().config(), request.sdk_app_id, request.user_id,
                        servers->clock().NowSeconds());
  };
  return config;
}

std::optional<std::string> World::StartSubject(const ClientFactory& factory, client::ClientObserver* also) {
  subject_.client = factory();
  subject_.recorder = std::make_unique<Recorder>("", trace_, servers_->journal(), also);
  return subject_.client->Start(ClientConfig(), *subject_.recorder);
}

Participant& World::Peer(const std::string& name) {
  auto& peer = peers_[name];
  if (!peer.client) {
    peer.client = refclient::MakeReferenceClient();
    peer.recorder = std::make_unique<Recorder>(name, trace_, servers_->journal());
    // The reference client starts on a healthy loopback; it has no reason not to.
    (void)peer.client->Start(ClientConfig(), *peer.recorder);
  }
  return peer;
}

void World::AddFault(const faults::Fault& fault) {
  auto id = servers_->faults().Add(fault, servers_->clock().Now().count());
  Note("* fault " + id + " " + faults::ToJson(fault).dump());
}

testing::AssertionResult World::AddFaults(const std::string& json_text) {
  auto parsed = faults::ParseFaults(json_text, "faults");
  if (auto* problems = std::get_if<Diagnostics>(&parsed)) {
    auto failure = testing::AssertionFailure() << "the faults do not parse:";
    for (const auto& d : *problems) failure << " " << d.ToString();
    return failure;
  }
  for (const auto& fault : std::get<std::vector<faults::Fault>>(parsed)) AddFault(fault);
  return testing::AssertionSuccess();
}

std::uint64_t World::TimesFired(const std::string& fault_id) { return servers_->faults().FiredCount(fault_id); }

std::uint64_t World::Mark(journal::Kind kind, std::string type, std::optional<std::int64_t> value) {
  journal::Entry entry;
  entry.at_ms = servers_->clock().Now().count();
  entry.kind = kind;
  entry.server = "harness";
  entry.type = std::move(type);
  if (value) entry.code = static_cast<int>(*value);
  return servers_->journal().Record(std::move(entry));
}

std::uint64_t World::Send(Participant& who, const std::string& operation, json args) {
  // The client first takes in what was sent to it (a push another's step caused), so its
  // trace reads the same every run. The subject only when a peer acted since its last
  // command: otherwise nothing is in flight to it that it was not already waited for.
  if (&who != &subject_ || peer_acted_) Settle({&who});
  if (&who != &subject_) peer_acted_ = true;
  client::Command command{next_id_++, operation, std::move(args)};
  who.recorder->Note("> " + command.operation + " #" + std::to_string(command.id) + " " +
                     Redacted(command.args).dump());
  if (&who == &subject_) who.recorder->Commanded(command, Mark(journal::Kind::kCommand, command.operation));
  who.client->Execute(command);
  return command.id;
}

testing::AssertionResult World::Do(Participant& who, const std::string& operation, json args,
                                   client::OperationResult* result) {
  return AwaitResult(who, Send(who, operation, std::move(args)), operation, result);
}

testing::AssertionResult World::Await(Participant& who, const std::string& operation, json args) {
  client::Command command{next_id_++, operation, std::move(args)};
  who.client->Execute(command);
  return AwaitResult(who, command.id, operation, nullptr);
}

testing::AssertionResult World::AwaitResult(Participant& who, std::uint64_t id, const std::string& operation,
                                            client::OperationResult* result) {
  auto answer = who.recorder->WaitResult(id, options_.patience);
  if (!answer) return testing::AssertionFailure() << "the client gave no result to " << operation;
  if (result) *result = *answer;
  return testing::AssertionSuccess() << operation << " #" << id << " answered " << answer->code;
}

testing::AssertionResult World::Sync() { return Sync(subject_); }

testing::AssertionResult World::Sync(Participant& who) { return Await(who, "sync", json::object()); }

testing::AssertionResult World::Advance(std::int64_t ms, std::int64_t by_ms) {
  // What earlier steps sent lands before the line; what the move causes, after it.
  Settle();
  Note("@ clock +" + std::to_string(ms) + " ms");
  for (std::int64_t done = 0; done < ms; done += by_ms) {
    const auto by = std::min(by_ms, ms - done);
    servers_->clock().Advance(std::chrono::milliseconds(by));
    for (auto& [name, peer] : peers_)
      if (auto moved = Await(peer, "advance-clock", {{"ms", by}}); !moved) return moved << " (peer " << name << ")";
    if (auto moved = Await(subject_, "advance-clock", {{"ms", by}}); !moved) return moved;
  }
  return testing::AssertionSuccess();
}

testing::AssertionResult World::WaitForEvent(const std::string& name, const json& data, std::size_t times) {
  auto& recorder = *subject_.recorder;
  if (recorder.WaitFor([&] { return recorder.EventCount(name, data) >= times; }, options_.patience))
    return testing::AssertionSuccess();
  auto failure = testing::AssertionFailure() << "the client never reported event " << name << " " << data.dump();
  if (times > 1) failure << " " << times << " times";
  return failure << "; it reported: " << recorder.DescribeEvents();
}

testing::AssertionResult World::WaitForFault(const std::string& fault_id) {
  if (servers_->faults().WaitFired(fault_id, options_.patience)) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "fault " << fault_id << " did not fire within " << options_.patience.count()
                                     << " ms";
}

// Every session is pinged, whoever it belongs to: a peer may sign in under another's id.
// A client that stopped reading leaves nothing in flight for the trace: not worth the whole
// patience. One that broke, or let a sync go unanswered once, is not waited for again.
void World::Settle() { Settle(Participants()); }

void World::Settle(const std::vector<Participant*>& participants) {
  (void)servers_->Settle(std::min(options_.patience, kSettlePatience));
  for (Participant* who : participants) {
    if (who == &subject_) peer_acted_ = false;
    if (who->client && !who->recorder->broken() && !who->unresponsive && !Sync(*who)) who->unresponsive = true;
  }
}

std::vector<Participant*> World::Participants() {
  std::vector<Participant*> all{&subject_};
  for (auto& [name, peer] : peers_) all.push_back(&peer);
  return all;
}

void World::Note(std::string line) { trace_.Add("", std::move(line)); }

std::vector<std::string> World::EndTrace() { return trace_.End(); }

void World::Stop() {
  if (subject_.client) subject_.client->Stop();
  for (auto& [name, peer] : peers_) peer.client->Stop();
  if (servers_) servers_->Stop();
}

}  // namespace trtc::scenario
