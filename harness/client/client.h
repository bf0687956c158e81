// The client under test, as the harness sees it: a driver (commands in) and an observer
// (what the client surfaces: errors, events, operation results). The reference client,
// the out-of-process adapter and a team's own in-process client all implement
// ClientUnderTest; scenarios and gMock suites only ever talk to these types.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/catalog/catalog.h"

namespace trtc::client {

// An error as the client surfaced it. `message` is the documented text in `locale`;
// `reason` is the SDK's literal message when the documents list it as a common error
// ("join room timeout"), empty otherwise.
struct SurfacedError {
  std::string family;  // web-v4 | roomengine | rest
  int code = 0;
  std::optional<int> extra_code;
  std::string reason;
  // The reason was recognised by the harness in the SDK's own wording (a bridge to a real
  // SDK reports none): then it is judged with the wording, at the recommended level.
  bool reason_from_wording = false;
  std::string message;
  catalog::Locale locale = catalog::Locale::kEn;
  // The handling the client says it recommends, if it says one (the reference client does;
  // real SDKs do not). What a client *does* next is judged from the journal instead.
  std::optional<catalog::Handling> handling;
  std::string operation;   // the command it answers ("join"), or empty when unprompted
  std::int64_t at_ms = 0;  // client clock, ms since the client started
};

// Anything else the client reports: connection state, peers, streams, banned/kicked…
struct ClientEvent {
  std::string name;
  nlohmann::json data = nlohmann::json::object();
  std::int64_t at_ms = 0;
};

// The outcome of one command: code 0 on success, else the code of the surfaced error.
struct [[nodiscard]] OperationResult {
  std::uint64_t id = 0;
  std::string operation;
  int code = 0;
  nlohmann::json data = nlohmann::json::object();
  bool ok() const { return code == 0; }
};

class ClientObserver {
 public:
  virtual ~ClientObserver() = default;
  virtual void OnError(const SurfacedError& error) = 0;
  virtual void OnEvent(const ClientEvent& event) = 0;
  virtual void OnResult(const OperationResult& result) = 0;
  // The client itself failed (see ClientUnderTest::Broken): waits for it may end now.
  virtual void OnBroken(const std::string& /*what*/) {}
};

// One command for the client: an operation of operations.h with its arguments. Every
// command gets exactly one OnResult with its id, after the errors it caused.
struct Command {
  std::uint64_t id = 0;
  std::string operation;
  nlohmann::json args = nlohmann::json::object();
};

// The application's backend as the harness plays it: signs a fresh userSig for a user of
// an app on the server clock, exactly as a real app's server would. nullopt: no such app.
struct TokenRequest {
  std::uint64_t sdk_app_id = 0;
  std::string user_id;
};
using AppBackend = std::function<std::optional<std::string>(const TokenRequest&)>;

// Where the servers are and how the client should speak.
struct ClientConfig {
  std::string signaling_url;  // ws://127.0.0.1:port/
  std::string media_url;
  std::string rest_url;  // http://127.0.0.1:port
  std::string stun_host;
  std::uint16_t stun_port = 0;
  catalog::Locale locale = catalog::Locale::kEn;
  AppBackend app_backend;  // always set by the runner
};

class ClientUnderTest {
 public:
  virtual ~ClientUnderTest() = default;
  // Starts the client; an error message when it cannot (a broken client, a bad command).
  virtual std::optional<std::string> Start(const ClientConfig& config, ClientObserver& observer) = 0;
  // Asynchronous: the result arrives through the observer. Never blocks on the network.
  virtual void Execute(const Command& command) = 0;
  // Stops the client and waits until it no longer calls the observer.
  virtual void Stop() = 0;
  // True when the client is an SDK with its application's error handling on top, so the
  // application-level rules of docs/handling.md apply to it. Known once Start returned.
  virtual bool acts_as_application() const { return false; }
  // What went wrong with the client itself rather than its conformance: it exited or ended
  // its output mid-run, flooded, spoke the protocol wrongly, had to be killed. Final once Stop
  // returned; nullopt for a client that behaved.
  [[nodiscard]] virtual std::optional<std::string> Broken() const { return std::nullopt; }
};

// JSON forms (the adapter protocol, traces, reports). docs/adapter.md lists the fields.
nlohmann::json ToJson(const SurfacedError& error);
nlohmann::json ToJson(const ClientEvent& event);
nlohmann::json ToJson(const OperationResult& result);
nlohmann::json ToJson(const Command& command);
// nullopt + reason in `why` when a field is missing or mistyped.
std::optional<SurfacedError> ErrorFromJson(const nlohmann::json& json, std::string& why);
std::optional<ClientEvent> EventFromJson(const nlohmann::json& json, std::string& why);
std::optional<OperationResult> ResultFromJson(const nlohmann::json& json, std::string& why);
std::optional<Command> CommandFromJson(const nlohmann::json& json, std::string& why);

// "JOIN_ROOM_FAILED (16388) extra 70001 [regenerate-usersig] en: \"…\"", for failure text.
std::string Describe(const SurfacedError& error);

// How GoogleTest prints these (an unexpected mock call, a failed EXPECT_THAT), instead of
// their bytes: as Describe, and as the adapter protocol's JSON for events and results.
void PrintTo(const SurfacedError& error, std::ostream* out);
void PrintTo(const ClientEvent& event, std::ostream* out);
void PrintTo(const OperationResult& result, std::ostream* out);

}  // namespace trtc::client
