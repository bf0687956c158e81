// Internals of the reference client shared by its parts (Web SDK client, RoomEngine
// client, REST caller): the loop, the clock, the platform, how errors and events are
// reported, and a request/response channel over one WebSocket.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/client/client.h"
#include "harness/reference_client/net.h"
#include "harness/reference_client/platform.h"
#include "harness/reference_client/reference_client.h"
#include "harness/reference_client/timers.h"
#include "harness/wire/protocol.h"

namespace trtc::refclient {

using nlohmann::json;

// Everything runs on the loop thread.
class Core {
 public:
  Core(const client::ClientConfig& client_config, client::ClientObserver& observer, Timing client_timing)
      : config(client_config), timing(std::move(client_timing)), observer_(observer) {}

  EventLoop loop;
  Timers timers;
  Platform platform;
  const client::ClientConfig config;
  const Timing timing;
  Misbehaviour misbehaviour;  // none, but in the mutation check's broken variants

  void Error(catalog::Family family, int code, std::optional<int> extra_code, std::string reason,
             std::string operation);
  void Event(std::string name, json data = json::object());
  void Result(std::uint64_t id, std::string operation, int code, json data = json::object());
  // Reports the error and answers the command with its code.
  void Fail(const client::Command& command, catalog::Family family, int code, std::optional<int> extra_code = {},
            std::string reason = {});
  void Succeed(const client::Command& command, json data = json::object()) {
    Result(command.id, command.operation, 0, std::move(data));
  }

  // Commands not answered yet. A part that resets (leave, ban, logout, a new login) fails
  // those of its family it can no longer answer, so every command gets exactly one result.
  void Track(const client::Command& command) { outstanding_.emplace(command.id, command); }
  void FailOutstanding(std::string_view operation_family, catalog::Family family, int code, std::string reason,
                       std::uint64_t except_id);

  // Work that completes quickly on a healthy loopback (connecting, a reconnection attempt)
  // holds the clock: `advance-clock` and `sync` answer once none is in flight.
  void Begin() { ++in_flight_; }
  void End();
  void WhenSettled(std::function<void()> task);

 private:
  client::ClientObserver& observer_;
  std::map<std::uint64_t, client::Command> outstanding_;
  int in_flight_ = 0;
  std::vector<std::function<void()>> settled_waiters_;
};

// What a request got back.
struct Reply {
  enum class Kind { kResponse, kProtocolError, kGarbage, kClosed, kTimeout };
  Kind kind = Kind::kClosed;
  int code = 0;
  json data = json::object();
  bool ok() const { return kind == Kind::kResponse && code == 0; }
  // The server's failure code, surfaced as the extra code; none for timeouts and closes.
  std::optional<int> server_code() const {
    return kind == Kind::kResponse && code != 0 ? std::optional<int>(code) : std::nullopt;
  }
};

// Requests and responses over one WebSocket (signaling or media).
class Channel : public std::enable_shared_from_this<Channel> {
 public:
  struct Handlers {
    std::function<void(const wire::Push&)> on_push;
    std::function<void(int close_code)> on_lost;  // an open channel closed by the other side
  };
  Channel(Core& core, std::string url, Handlers handlers)
      : core_(core), url_(std::move(url)), handlers_(std::move(handlers)) {}

  // Connects; done(false) when it cannot. Counts as in flight until done.
  void Open(std::function<void(bool)> done);
  // done gets the response, or kClosed/kGarbage; a timeout (client clock) gives kTimeout.
  void Request(const wire::Request& request, std::function<void(Reply)> done, std::int64_t timeout_ms = 0);
  void Close();
  bool open() const { return open_; }

 private:
  struct Pending {
    std::function<void(Reply)> done;
    Timers::Id timer = 0;
  };
  void Send(const wire::Request& request, std::function<void(Reply)> done, std::int64_t timeout_ms = 0);
  std::function<void(Reply)> RepeatOnRefusal(const wire::Request& request, std::function<void(Reply)> done,
                                             int repeats);
  void FinishOpening(bool ok);
  void OnText(std::string_view text);
  void OnClosed(int close_code);
  void Answer(std::uint32_t seq, Reply reply);

  Core& core_;
  std::string url_;
  Handlers handlers_;
  std::shared_ptr<WsLink> link_;
  std::map<std::uint32_t, Pending> pending_;
  std::function<void(bool)> opening_;
  std::uint32_t next_seq_ = 1;
  bool open_ = false;
};

}  // namespace trtc::refclient
