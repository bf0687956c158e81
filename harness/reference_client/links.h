// Building blocks of the Web SDK client above the channel: a media link (one published or
// subscribed stream, alive on keepalives) and a reconnector (attempts in windows of the
// client clock, as the documents describe signaling, uplink and downlink reconnection).
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/reference_client/core.h"

namespace trtc::refclient {

class MediaLink : public std::enable_shared_from_this<MediaLink> {
 public:
  struct Handlers {
    std::function<void()> on_silent;              // keepalives unanswered for media_silence_ms
    std::function<void(int close_code)> on_lost;  // closed by the server (4003: stream gone)
  };
  MediaLink(Core& core, wire::MediaOpen open, Handlers handlers)
      : core_(core), open_(std::move(open)), handlers_(std::move(handlers)) {}
  ~MediaLink() { Close(); }

  // Connects and opens the channel within the DTLS timeout. done gets the media.open
  // reply; kClosed when the connection failed or was closed before the answer.
  void Open(std::function<void(Reply)> done);
  void Close();

 private:
  void Tick();
  void Lost(int close_code);

  Core& core_;
  wire::MediaOpen open_;
  Handlers handlers_;
  std::shared_ptr<Channel> channel_;
  std::deque<std::int64_t> unanswered_;  // send times of keepalives without an answer
  std::int64_t interval_ms_ = 2000;
  std::int64_t next_tick_ms_ = 0;
  Timers::Id tick_ = 0;
  bool closed_ = false;
};

class Reconnector : public std::enable_shared_from_this<Reconnector> {
 public:
  using Attempt = std::function<void(std::function<void(bool ok)> done)>;
  Reconnector(Core& core, std::vector<std::int64_t> windows, int attempts, Attempt attempt,
              std::function<void()> on_success, std::function<void()> on_give_up)
      : core_(core),
        windows_(std::move(windows)),
        attempts_(attempts),
        attempt_(std::move(attempt)),
        on_success_(std::move(on_success)),
        on_give_up_(std::move(on_give_up)) {}
  ~Reconnector() { Cancel(); }

  // Attempt 0 now; attempt k when window k-1 closes; gives up when the last window closes.
  void Start();
  void Cancel();

 private:
  void StartAttempt();
  void Abandon();
  void Tick();

  Core& core_;
  std::vector<std::int64_t> windows_;
  int attempts_;
  Attempt attempt_;
  std::function<void()> on_success_, on_give_up_;
  int index_ = 0;
  std::int64_t deadline_ms_ = 0;
  Timers::Id tick_ = 0;
  std::uint64_t generation_ = 0;
  bool attempt_live_ = false;
};

}  // namespace trtc::refclient
