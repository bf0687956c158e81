// What an HTTP server asks its handler, and what the handler tells it to do. Beast-free, so
// the REST and control logic can be tested and fuzzed without sockets.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace trtc::servers {

struct HttpRequest {
  std::string method;
  std::string target;
  std::string body;
  std::string authorization;          // the Authorization header, if any
  std::string content_type;           // the Content-Type header, if any
  std::optional<std::string> origin;  // the Origin header (browsers send it on cross-origin requests)
  std::string peer_ip;
  std::string parse_error;  // set when the request could not be read as HTTP; then answer and close
};

struct HttpReply {
  enum class Then {
    kRespond,  // send the response (once server time reaches respond_at_ms)
    kDrop,     // send nothing; keep reading the connection
    kStall,    // send nothing and never answer this connection again
    kClose,    // close the connection without a response
    kReset,    // reset the TCP connection
  };
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  Then then = Then::kRespond;
  std::int64_t respond_at_ms = 0;  // server time; 0: at once
};

using HttpHandler = std::function<HttpReply(const HttpRequest&)>;

}  // namespace trtc::servers
