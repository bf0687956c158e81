// The out-of-process adapter (docs/adapter.md): any client, in any language, driven over
// line-delimited JSON on its stdin/stdout, as the protobuf conformance runner drives its
// testee. MakeProcessClient is the harness side; ServeOverStdio is the client side (the
// reference client's executable, trtc-refclient, is ServeOverStdio around it).
#pragma once

#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "harness/client/client.h"

namespace trtc::adapter {

inline constexpr std::string_view kAdapterProtocol = "trtc-conformance-adapter/1";

// Runs `command` with /bin/sh -c; Start fails when it cannot be started or does not answer
// the start line with "ready". Lines the client gets wrong are reported through Start's
// error or, later, as an "adapter-error" event, so a broken client is told apart from a
// client that fails scenarios.
std::unique_ptr<client::ClientUnderTest> MakeProcessClient(std::string command);

// Serves one client over the line protocol until "stop" or end of input; 0 on a clean stop.
int ServeOverStdio(client::ClientUnderTest& client, std::istream& in, std::ostream& out);

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
