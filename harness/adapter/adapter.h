// The out-of-process adapter (docs/adapter.md): any client, in any language, driven over
// line-delimited JSON on its stdin/stdout, as the protobuf conformance runner drives its
// testee. MakeProcessClient is the harness side; ServeOverStdio is the client side (the
// reference client's executable, trtc-refclient, is ServeOverStdio around it).
#pragma once

#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "harness/client/client.h"

namespace trtc::adapter {

inline constexpr std::string_view kAdapterProtocol = "trtc-conformance-adapter/1";

// Runs `command` with /bin/sh -c, in a process group of its own; Start fails when it cannot
// be started or does not answer the start line with "ready". The harness owns the client's
// lifetime (docs/adapter.md, "Lifetime"): a client that exits or ends its output mid-run,
// floods, stops reading, speaks the protocol wrongly or does not exit after `stop` is
// reported through ClientUnderTest::Broken (with how it ended and its stderr's last lines),
// and is killed, so a broken client is told apart from a client that fails scenarios.
using ProcessClientFactoryFn = std::function<std::unique_ptr<client::ClientUnderTest>()>;
// Clients for many runs of `command`. With `keep_alive`, a client that offers `reset` in its
// ready line serves run after run in one process; any run it does not end cleanly gets a
// fresh process next time.
ProcessClientFactoryFn ProcessClientFactory(std::string command, bool keep_alive);
// A client for one run, in a process of its own.
std::unique_ptr<client::ClientUnderTest> MakeProcessClient(std::string command);

// Serves clients over the line protocol until "stop" or end of input; 0 on a clean stop.
// Each `start` gets a new client from `make_client`; `reset` stops the current one.
int ServeOverStdio(const ProcessClientFactoryFn& make_client, std::istream& in, std::ostream& out);

// The JSON lines of the protocol, shared by both sides.
nlohmann::json StartLine(const client::ClientConfig& config);
// A client's `token` request: its id and what it asks for; nullopt, with why, when malformed.
struct TokenRequestLine {
  std::uint64_t id = 0;
  client::TokenRequest request;
};
std::optional<TokenRequestLine> TokenRequestFromLine(const nlohmann::json& line, std::string& why);
std::optional<client::ClientConfig> ConfigFromStartLine(const nlohmann::json& line, std::string& why);

}  // namespace trtc::adapter
