// Fuzzes the reference client's mapping of what servers answer (signaling responses,
// protocol errors, pushes, closes, REST envelopes, STUN answers) to surfaced errors, as a
// state machine: the client runs on an in-memory network (support/scripted_network.cc)
// whose answers come from the input. Input lines:
//   > <operation> <json args>   a command, run in order (docs/adapter.md operations)
//   anything else               the server's script, in order (see scripted_network.h)
// After the commands the clock runs 400 s, longer than every documented timeout and the
// 322 s of signaling reconnection. Then every command must have had exactly one answer,
// every error a non-zero code and a catalog family, and nothing may crash or hang.
// TRTC_FUZZ_TRACE=1 prints what the client surfaced (to read a finding or a seed).
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string_view>

#include "fuzz/support/scripted_network.h"
#include "harness/catalog/source_docs.h"
#include "harness/client/client.h"
#include "harness/reference_client/reference_client.h"

namespace {

using namespace trtc;

constexpr std::size_t kMaxCommands = 64;
constexpr std::int64_t kMaxAdvanceMs = 1'000'000;  // heartbeats every 2 s: bound the work
constexpr std::int64_t kDrainMs = 400'000;

class Recorder : public client::ClientObserver {
 public:
  void OnError(const client::SurfacedError& error) override {
    Trace("error", client::ToJson(error));
    if (error.code == 0 || error.family.empty()) __builtin_trap();
  }
  void OnEvent(const client::ClientEvent& event) override { Trace("event", client::ToJson(event)); }
  void OnResult(const client::OperationResult& result) override {
    Trace("result", client::ToJson(result));
    if (++answers_[result.id] != 1) __builtin_trap();  // answered twice, or never asked
  }
  void Expect(std::uint64_t id) { answers_[id] = 0; }
  void CheckAllAnswered() const {
    for (const auto& [id, count] : answers_)
      if (count != 1) __builtin_trap();
  }

 private:
  void Trace(const char* what, const nlohmann::json& json) const {
    if (trace_) std::cerr << what << " " << json.dump() << "\n";
  }

  const bool trace_ = std::getenv("TRTC_FUZZ_TRACE") != nullptr;
  std::map<std::uint64_t, int> answers_;
};

std::optional<client::Command> CommandOf(std::string_view line, std::uint64_t id) {
  line.remove_prefix(1);
  while (line.starts_with(' ')) line.remove_prefix(1);
  auto space = line.find(' ');
  client::Command command{id, std::string(line.substr(0, space)), nlohmann::json::object()};
  if (space != std::string_view::npos) {
    auto args = nlohmann::json::parse(line.substr(space + 1), nullptr, false);
    if (!args.is_object()) return std::nullopt;
    command.args = std::move(args);
  }
  if (command.operation == "advance-clock") {
    auto ms = command.args.find("ms");
    if (ms == command.args.end() || !ms->is_number_integer() || ms->get<std::int64_t>() > kMaxAdvanceMs)
      return std::nullopt;
  }
  return command;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<client::Command> commands;
  fuzz::ServerScript script;
  for (auto line : catalog::SplitLines(input)) {
    if (!line.starts_with('>')) {
      script.lines.emplace_back(line);
    } else if (commands.size() < kMaxCommands) {
      if (auto command = CommandOf(line, commands.size() + 1)) commands.push_back(std::move(*command));
    }
  }
  fuzz::SetServerScript(&script);
  Recorder recorder;
  auto client = refclient::MakeReferenceClient();
  client::ClientConfig config;
  config.signaling_url = "ws://signaling/";
  config.rest_url = "http://rest";
  client->Start(config, recorder);
  for (const auto& command : commands) {
    recorder.Expect(command.id);
    client->Execute(command);
  }
  const std::uint64_t drain = commands.size() + 1;
  recorder.Expect(drain);
  client->Execute({drain, "advance-clock", {{"ms", kDrainMs}}});
  recorder.CheckAllAnswered();
  client->Stop();
  fuzz::SetServerScript(nullptr);
  return 0;
}
