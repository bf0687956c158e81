// The one scenario fixture: a simulated world of mock servers on a virtual clock, the client
// under test, helper peers (reference clients), what each of them reported, and the servers'
// journal. The scenario runner drives it from scenario files; gMock suites drive it from
// C++ (with a mock observer beside the recorder). Every wait is on a condition variable,
// bounded by one patience, and says what it saw when it fails.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/behaviour/behaviour.h"
#include "harness/client/client.h"
#include "harness/faults/fault.h"
#include "harness/journal/journal.h"
#include "harness/servers/server_set.h"

namespace trtc::scenario {

inline constexpr std::int64_t kWorldStartMs = 1'700'000'000'000;  // the server clock at start
inline constexpr std::chrono::milliseconds kDefaultPatience{5000};
// How long World::Settle and a settle before a command wait for the clients to read what
// is in flight.
inline constexpr std::chrono::milliseconds kSettlePatience{250};

using ClientFactory = std::function<std::unique_ptr<client::ClientUnderTest>()>;

// Whether event data holds every key of `subset` with its value (how scenarios name events).
bool ContainsAll(const nlohmann::json& data, const nlohmann::json& subset);

// A run's trace: the harness's and the subject's lines in the order they came, then each
// peer's. Peers run on threads of their own, so where their lines fall among the subject's
// varies from run to run; kept apart (commands carry run-wide numbers) the trace is the same
// every run. It ends before teardown: what stopping the clients causes (a peer told that the
// subject left) arrives at no fixed point either.
class Trace {
 public:
  // `peer`: "" for the harness and the subject.
  void Add(const std::string& peer, std::string line);
  // Ends the trace (later lines are dropped) and returns it.
  std::vector<std::string> End();

 private:
  std::mutex mutex_;
  std::vector<std::string> main_;
  std::vector<std::pair<std::string, std::vector<std::string>>> peers_;  // in the order first heard
  bool ended_ = false;
};

// Everything one client reported, in order, and the trace of it. Forwards each observation
// to `also` (a gMock observer) when given.
class Recorder : public client::ClientObserver {
 public:
  // `peer`: the peer's name, "" for the subject.
  Recorder(std::string peer, Trace& trace, const journal::Journal& journal, client::ClientObserver* also = nullptr);

  void OnError(const client::SurfacedError& error) override;
  void OnEvent(const client::ClientEvent& event) override;
  void OnResult(const client::OperationResult& result) override;
  void OnBroken(const std::string& what) override;
  bool broken();
  // A command given to this client, with its mark in the journal.
  void Commanded(const client::Command& command, std::uint64_t mark_seq);

  // The result of command `id`, once it came (or nullopt at the patience, or at once when
  // the client broke).
  [[nodiscard]] std::optional<client::OperationResult> WaitResult(std::uint64_t id, std::chrono::milliseconds patience);
  // Whether `condition` (called under the recorder's lock) became true within the patience.
  [[nodiscard]] bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds patience);
  // Under the lock (in WaitFor conditions) or after the client stopped.
  std::size_t error_count() const { return evidence_.errors.size(); }
  std::size_t EventCount(const std::string& name, const nlohmann::json& data) const;

  behaviour::Evidence EvidenceCopy();
  std::vector<client::SurfacedError> ErrorsCopy();
  std::vector<client::ClientEvent> EventsCopy();
  // "connection-state-changed {"state":"CONNECTED"}, …": what it reported, for failure text.
  std::string DescribeEvents();
  void Note(const std::string& line);

 private:
  template <class F>
  void Update(F f);

  std::string who_;  // "" for the subject, "[name] " for a peer
  std::string peer_;
  Trace& trace_;
  const journal::Journal& journal_;
  client::ClientObserver* also_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::uint64_t, client::OperationResult> results_;
  behaviour::Evidence evidence_;
  std::uint64_t order_ = 0;
  bool broken_ = false;
};

struct Participant {
  std::unique_ptr<client::ClientUnderTest> client;
  std::unique_ptr<Recorder> recorder;
  bool unresponsive = false;  // a settling sync went unanswered: not waited for again
};

struct WorldOptions {
  servers::ServerSetOptions servers;  // TLS off and the clock at kWorldStartMs by default
  catalog::Locale locale = catalog::Locale::kEn;
  std::chrono::milliseconds patience = kDefaultPatience;
  WorldOptions();
};

class World {
 public:
  // The servers started, or why they did not.
  [[nodiscard]] static std::variant<std::unique_ptr<World>, std::string> Start(WorldOptions options);
  ~World();

  servers::ServerSet& servers() { return *servers_; }
  journal::Journal& journal() { return servers_->journal(); }
  std::chrono::milliseconds patience() const { return options_.patience; }

  // Where the servers are, for a client; its app backend signs on the server clock.
  client::ClientConfig ClientConfig() const;
  // The client under test, recorded (and its observations also given to `also`); why not.
  [[nodiscard]] std::optional<std::string> StartSubject(const ClientFactory& factory,
                                                        client::ClientObserver* also = nullptr);
  Participant& subject() { return subject_; }
  // A helper peer: a reference client, started the first time it is named.
  Participant& Peer(const std::string& name);
  const std::map<std::string, Participant>& peers() const { return peers_; }

  void AddFault(const faults::Fault& fault);
  // Faults in the JSON of docs/faults.md; a failure names the problem.
  [[nodiscard]] testing::AssertionResult AddFaults(const std::string& json_text);
  std::uint64_t TimesFired(const std::string& fault_id);
  // A mark of the harness's own in the journal (a command given, the network's state…).
  std::uint64_t Mark(journal::Kind kind, std::string type, std::optional<std::int64_t> value = std::nullopt);

  // Gives `who` a command; its id. The result comes through its recorder.
  std::uint64_t Send(Participant& who, const std::string& operation, nlohmann::json args = nlohmann::json::object());
  // Gives `who` a command and waits for its result (kept in `result` when given).
  [[nodiscard]] testing::AssertionResult Do(Participant& who, const std::string& operation,
                                            nlohmann::json args = nlohmann::json::object(),
                                            client::OperationResult* result = nullptr);
  // Until the subject (or `who`) has written every observation before it (`sync`).
  [[nodiscard]] testing::AssertionResult Sync();
  [[nodiscard]] testing::AssertionResult Sync(Participant& who);
  // Moves the server clock and every client's by `ms`, in steps of `by_ms`.
  [[nodiscard]] testing::AssertionResult Advance(std::int64_t ms, std::int64_t by_ms);
  // Until the subject has reported event `name` whose data holds `data`, `times` times.
  [[nodiscard]] testing::AssertionResult WaitForEvent(const std::string& name,
                                                      const nlohmann::json& data = nlohmann::json::object(),
                                                      std::size_t times = 1);
  [[nodiscard]] testing::AssertionResult WaitForFault(const std::string& fault_id);

  // Until what the servers sent has reached every client and been reported: each WebSocket
  // session pinged after its queued frames and its pong read, then each client `sync`ed.
  // Bounded by the patience; a client that does not answer leaves the run as it is.
  void Settle();
  void Note(std::string line);
  std::vector<std::string> EndTrace();  // Trace::End
  // Stops every client (the subject first), then the servers. Idempotent.
  void Stop();

 private:
  explicit World(WorldOptions options) : options_(std::move(options)) {}
  // Settle for some participants: the sessions pinged once, then each one's sync.
  void Settle(const std::vector<Participant*>& participants);
  std::vector<Participant*> Participants();  // the subject, then the peers
  // A command of the harness's own (advance-clock, sync): neither traced nor marked as the
  // user's, so the judge's spans stay the user's commands.
  [[nodiscard]] testing::AssertionResult Await(Participant& who, const std::string& operation, nlohmann::json args);
  [[nodiscard]] testing::AssertionResult AwaitResult(Participant& who, std::uint64_t id, const std::string& operation,
                                                     client::OperationResult* result);

  WorldOptions options_;
  std::unique_ptr<servers::ServerSet> servers_;
  Trace trace_;
  Participant subject_;
  std::map<std::string, Participant> peers_;
  std::uint64_t next_id_ = 1;
  bool peer_acted_ = false;  // a peer was given a command since the subject's last settle
};

}  // namespace trtc::scenario
