#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "harness/adapter/adapter.h"
#include "harness/common/json_value.h"
#include "harness/common/utf8.h"

extern char** environ;

namespace trtc::adapter {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string SecondsText(std::chrono::milliseconds span) { return std::to_string(span.count() / 1000) + " s"; }

// How a process ended, from waitpid's status.
std::string ExitText(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("was killed by SIG") + sigabbrev_np(WTERMSIG(status));
  return "ended";
}

bool CleanExit(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

// A command of plain words is exec'd by the shell, so the client itself is the harness's child
// and holds its pipes alone: a client that closes its stdout is seen to (dash keeps a parent
// shell holding them otherwise). Anything else runs as the shell command it is.
std::string ShellCommand(const std::string& command) {
  const bool plain = command.find_first_of(";&|<>()$`\\\"'*?[]#~=%{}!\n") == std::string::npos;
  return plain ? "exec " + command : command;
}

// The process groups of the clients alive now, so that a harness stopped by a signal (Ctrl-C,
// a CI job's timeout) takes its clients with it: they run in groups of their own, out of
// reach of the terminal's signals. A fixed table, because the handler may only touch atomics.
class LiveGroups {
 public:
  static void Add(pid_t group) {
    for (auto& slot : slots_) {
      pid_t empty = 0;
      if (slot.compare_exchange_strong(empty, group)) return;
    }
  }
  static void Remove(pid_t group) {
    for (auto& slot : slots_) {
      pid_t expected = group;
      if (slot.compare_exchange_strong(expected, 0)) return;
    }
  }
  // Once per process: SIGINT, SIGTERM and SIGHUP kill every live group, then do what they
  // would have done.
  static void InstallHandlers() {
    static std::once_flag installed;
    std::call_once(installed, [] {
      for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction action {};
        action.sa_handler = &OnSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = static_cast<int>(SA_RESETHAND);
        sigaction(signal_number, &action, nullptr);
      }
    });
  }

 private:
  static void OnSignal(int signal_number) {
    for (auto& slot : slots_)
      if (const pid_t group = slot.load(); group > 0) kill(-group, SIGKILL);
    raise(signal_number);  // SA_RESETHAND: the default action now
  }
  static inline std::array<std::atomic<pid_t>, 256> slots_{};
};

// The last lines a process wrote to stderr, bounded; the rest is passed through as it comes.
class StderrTail {
 public:
  void Append(std::string_view text) {
    tail_.append(text);
    if (tail_.size() > kKeep) tail_.erase(0, tail_.size() - kKeep);
  }
  // "" or "; stderr ends with: a | b | c"
  std::string Describe() const {
    std::string lines;
    std::size_t start = tail_.find('\n') == std::string::npos || tail_.size() < kKeep ? 0 : tail_.find('\n') + 1;
    while (start < tail_.size()) {
      auto end = std::min(tail_.find('\n', start), tail_.size());
      if (end > start) lines += (lines.empty() ? "" : " | ") + tail_.substr(start, end - start);
      start = end + 1;
    }
    return lines.empty() ? "" : "; stderr ends with: " + std::string(Utf8Prefix(lines, kKeep));
  }

 private:
  static constexpr std::size_t kKeep = 600;
  std::string tail_;
};

// One client process over its whole life: one run, or many with a reset between them. It owns
// the pipes and the reader thread, decides when the client is broken, and ends the process
// within bounded time whatever the client does (docs/adapter.md, "Lifetime").
class Testee {
 public:
  explicit Testee(std::string command) : command_(std::move(command)) {}
  ~Testee() { End(/*keep=*/false); }

  // Starts the process if none runs, sends `start`, waits for `ready`.
  std::optional<std::string> Begin(const client::ClientConfig& config, client::ClientObserver& observer) {
    if (pid_ > 0 && output_ended_) End(false);
    {
      // Before a new process can write: a client may say `ready` before it reads `start`.
      std::lock_guard dispatching(dispatch_mutex_);
      std::lock_guard lock(mutex_);
      observer_ = &observer;
      app_backend_ = config.app_backend;
      ready_ = ignoring_ = reset_acknowledged_ = false;
      broken_.reset();
      lines_ = 0;
    }
    if (pid_ <= 0) {
      if (auto why = Spawn()) return why;
    }
    Send(StartLine(config));
    std::unique_lock lock(mutex_);
    // A client that cannot even start is broken, not slow: 10 s is generous for any start.
    if (!changed_.wait_for(lock, kStartPatience, [&] { return ready_ || broken_; }))
      broken_ = "the client did not answer the start line within " + SecondsText(kStartPatience);
    if (ready_ && !broken_) return std::nullopt;
    std::string why = *broken_;
    lock.unlock();
    End(false);
    return why + ending_;
  }

  void Send(const json& line) {
    if (!Write(line.dump() + "\n")) MarkBroken("the client stopped reading its input (stdin)");
  }

  // Ends the run. With `keep`, a client that offered `reset` and behaved is reset and kept for
  // the next run (true); otherwise it is stopped, and killed if it does not exit in time.
  bool End(bool keep) {
    if (pid_ <= 0) return false;
    StopDispatching();
    if (keep && Reusable() && Reset()) return true;
    Stop();
    return false;
  }

  std::optional<std::string> broken() const {
    std::lock_guard lock(mutex_);
    if (!broken_) return std::nullopt;
    return *broken_ + ending_;
  }
  bool acts_as_application() const { return application_; }

 private:
  static constexpr auto kStartPatience = std::chrono::milliseconds(10'000);
  // How long a client has to exit after `stop` (and to acknowledge `reset`), and after
  // SIGTERM (real time). A browser bridge closes its browser in that time.
  static constexpr auto kStopGrace = std::chrono::milliseconds(5'000);
  // Far above what any scenario makes a client write; beyond it the client is flooding.
  static constexpr std::size_t kMaxLinesPerRun = 100'000;
  static constexpr std::size_t kMaxLineBytes = 1 << 20;

  // False only when the client has not taken its input for kStopGrace. A client that closed
  // its input (EPIPE) is told by the end of its output instead.
  bool Write(const std::string& text) {
    std::lock_guard lock(write_mutex_);
    for (std::size_t done = 0; write_fd_ >= 0 && done < text.size();) {
      const ssize_t n = write(write_fd_, text.data() + done, text.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN) return true;
      pollfd writable{write_fd_, POLLOUT, 0};
      if (poll(&writable, 1, static_cast<int>(kStopGrace.count())) <= 0) return false;
    }
    return true;
  }

  std::optional<std::string> Spawn() {
    int to_child[2], from_child[2], errors[2];
    if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0 || pipe2(errors, O_CLOEXEC) != 0)
      return "cannot create pipes: " + std::string(std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    posix_spawn_file_actions_adddup2(&actions, errors[1], 2);
    // Nothing else of the harness's: Asio's sockets are not close-on-exec, and a client holding
    // a server's listening socket would keep its port after the servers stop.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    // Its own process group, so End can signal everything the command started.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    // The command starts once its group is registered (the newline written below): a signal
    // that kills the harness before that ends the shell at `read` (end of input) instead of
    // leaving a client nobody will stop.
    std::string shell = "/bin/sh", flag = "-c", command = "read -r _ || exit 1; " + ShellCommand(command_);
    char* argv[] = {shell.data(), flag.data(), command.data(), nullptr};
    const int failed = posix_spawn(&pid_, "/bin/sh", &actions, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    for (int fd : {to_child[0], from_child[1], errors[1]}) close(fd);
    write_fd_ = to_child[1];
    fcntl(write_fd_, F_SETFL, O_NONBLOCK);  // a client that stops reading cannot block the harness
    if (failed != 0) {
      for (int fd : {to_child[1], from_child[0], errors[0]}) close(fd);
      write_fd_ = -1;
      pid_ = -1;
      return "cannot start " + command_ + ": " + std::strerror(failed);
    }
    LiveGroups::Add(pid_);
    output_ended_ = stop_reading_ = false;
    reusable_ = application_ = false;
    ending_.clear();
    reader_ = std::thread([this, out = from_child[0], err = errors[0]] { Read(out, err); });
    // Now the command may start. Should this fail, the shell has died: the reader sees the
    // end of its output and the start fails as for any client that exits before it is ready.
    [[maybe_unused]] const ssize_t written = write(write_fd_, "\n", 1);
    return std::nullopt;
  }

  // The client's stdout (lines of the protocol) and stderr (passed through, tail kept), until
  // both end or End gives up on the client: polled, so a pipe that a stray process holds open
  // cannot block.
  void Read(int out, int err) {
    std::string pending;
    char chunk[8192];
    pollfd watched[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
    while (!stop_reading_ && (watched[0].fd >= 0 || watched[1].fd >= 0)) {
      if (poll(watched, 2, 50) <= 0) continue;
      for (auto& w : watched) {
        if (w.fd < 0 || w.revents == 0) continue;
        const ssize_t n = read(w.fd, chunk, sizeof chunk);
        if (n <= 0 && w.fd == out) OnOutputEnd(pending);
        if (n <= 0) {
          close(w.fd);
          w.fd = -1;
        } else if (w.fd == out) {
          pending.append(chunk, static_cast<std::size_t>(n));
          TakeLines(pending);
        } else {
          PassStderr(std::string_view(chunk, static_cast<std::size_t>(n)));
        }
      }
    }
    for (auto& w : watched)
      if (w.fd >= 0) close(w.fd);
  }

  void TakeLines(std::string& pending) {
    for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
      Dispatch(std::string_view(pending).substr(0, end));
      pending.erase(0, end + 1);
    }
    if (pending.size() > kMaxLineBytes) {
      MarkBroken("the client wrote a line longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB");
      pending.clear();
    }
  }

  void OnOutputEnd(std::string& pending) {
    if (!pending.empty()) Dispatch(pending);  // a last line without a newline
    pending.clear();
    bool was_ready = false;
    {
      std::lock_guard lock(mutex_);
      output_ended_ = true;
      was_ready = ready_;
      changed_.notify_all();
    }
    MarkBroken(was_ready ? "the client ended its output (stdout) mid-run" : "the client exited before it was ready");
  }

  void PassStderr(std::string_view text) {
    (void)!write(2, text.data(), text.size());
    std::lock_guard lock(mutex_);
    stderr_.Append(text);
  }

  // Says once why the client is broken, and lets the run's waits end now. Nothing is said
  // once the run is ending: what a client does then is not part of the run.
  void MarkBroken(const std::string& why) {
    std::lock_guard dispatching(dispatch_mutex_);  // see StopDispatching
    client::ClientObserver* observer = nullptr;
    {
      std::lock_guard lock(mutex_);
      if (broken_ || ignoring_) return;
      broken_ = why;
      observer = observer_;
      changed_.notify_all();
    }
    if (observer) observer->OnBroken(why);
  }

  void Dispatch(std::string_view text) {
    std::lock_guard dispatching(dispatch_mutex_);
    {
      std::lock_guard lock(mutex_);
      if (ignoring_ || broken_) return OnLineBetweenRuns(text);
    }
    if (++lines_ > kMaxLinesPerRun)
      return MarkBroken("the client flooded its output: more than " + std::to_string(kMaxLinesPerRun) +
                        " lines in one run");
    json line = json::parse(text, nullptr, false);
    const std::string type = line.is_object() ? StringOr(line, "type") : "";
    std::string why;
    if (type == "ready") return OnReady(line);
    if (type == "token") {
      if (AnswerTokenRequest(line, why)) return;
    } else if (type == "error") {
      if (auto error = client::ErrorFromJson(line, why)) return observer_->OnError(*error);
    } else if (type == "event") {
      if (auto event = client::EventFromJson(line, why)) return observer_->OnEvent(*event);
    } else if (type == "result") {
      if (auto result = client::ResultFromJson(line, why)) return observer_->OnResult(*result);
    } else if (type == "adapter-error") {
      why = "the client reports: " + StringOr(line, "message");
    } else {
      why = "not a line of the adapter protocol";
    }
    ProtocolMistake(why, text);
  }

  // Protocol mistakes are shown in the trace as an event, and break the client: the run cannot
  // be judged on lines the harness could not read.
  void ProtocolMistake(const std::string& why, std::string_view text) {
    const std::string shown(Utf8Prefix(text, 200));
    observer_->OnEvent({"adapter-error", {{"message", why}, {"line", shown}}});
    MarkBroken("the client spoke the adapter protocol wrongly: " + why + " (line: " + shown + ")");
  }

  // Between runs only the acknowledgement of `reset` is expected; the rest is dropped.
  void OnLineBetweenRuns(std::string_view text) {
    json line = json::parse(text, nullptr, false);
    if (!line.is_object() || StringOr(line, "type") != "reset") return;
    reset_acknowledged_ = true;
    changed_.notify_all();
  }

  void OnReady(const json& line) {
    std::lock_guard lock(mutex_);
    ready_ = true;
    application_ = ValueOr<bool>(line, "application", false);
    reusable_ = ValueOr<bool>(line, "reset", false);
    changed_.notify_all();
  }

  // The client, acting as an application, asks its backend (the harness) for a fresh userSig.
  bool AnswerTokenRequest(const json& line, std::string& why) {
    auto asked = TokenRequestFromLine(line, why);
    if (!asked) return false;
    json answer = {{"type", "token"}, {"id", asked->id}};
    auto token = app_backend_ ? app_backend_(asked->request) : std::nullopt;
    if (token)
      answer["userSig"] = *token;
    else
      answer["error"] = "no app " + std::to_string(asked->request.sdk_app_id) + " to sign for";
    Send(answer);
    return true;
  }

  // From here on nothing reaches the run's observer: it has been judged.
  void StopDispatching() {
    {
      std::lock_guard lock(mutex_);
      ignoring_ = true;
    }
    std::lock_guard barrier(dispatch_mutex_);  // a line being dispatched finishes first
    std::lock_guard lock(mutex_);
    observer_ = nullptr;
  }

  bool Reusable() const {
    std::lock_guard lock(mutex_);
    return reusable_ && !broken_ && !output_ended_;
  }

  bool Reset() {
    Send({{"type", "reset"}});
    std::unique_lock lock(mutex_);
    if (changed_.wait_for(lock, kStopGrace, [&] { return reset_acknowledged_ || output_ended_; }) &&
        reset_acknowledged_)
      return true;
    if (!output_ended_) broken_ = "the client did not acknowledge reset within " + SecondsText(kStopGrace);
    return false;
  }

  // `stop`, then SIGTERM, then SIGKILL, each after kStopGrace, to the client's process group;
  // then whatever the command left in its group goes too. The reader is always joined.
  void Stop() {
    Send({{"type", "stop"}});
    CloseInput();
    std::string how;
    int status = 0;
    if (ExitedWithin(kStopGrace)) {
      kill(-pid_, SIGKILL);  // what the client left behind in its group
      waitpid(pid_, &status, 0);
      how = ExitText(status);
      if (!CleanExit(status)) Break("the client " + how + " after stop");
    } else {
      how = Kill();
    }
    stop_reading_ = true;  // a process outside the group may still hold the pipes open
    if (reader_.joinable()) reader_.join();
    LiveGroups::Remove(pid_);
    std::lock_guard lock(mutex_);
    if (broken_) ending_ = (how.empty() ? "" : "; the client " + how) + stderr_.Describe();
    pid_ = -1;
  }

  std::string Kill() {
    Break("the client did not exit within " + SecondsText(kStopGrace) + " of stop");
    kill(-pid_, SIGTERM);
    std::string how = "was sent SIGTERM";
    if (!ExitedWithin(kStopGrace)) {
      kill(-pid_, SIGKILL);
      how = "was sent SIGTERM, then SIGKILL";
    }
    int status = 0;
    kill(-pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    return how + " and " + ExitText(status);
  }

  // Whether the client exited within `span`, without reaping it (its group id stays valid).
  // A pidfd becomes readable when the process exits, so this waits on poll, not in a loop.
  bool ExitedWithin(std::chrono::milliseconds span) {
    // The raw call: Debian 12's <sys/pidfd.h> declares pidfd_open without C linkage.
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd < 0) return false;  // not reaped, so it exists: only a lack of descriptors gets here
    const auto deadline = Clock::now() + span;
    int ready = 0;
    do {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd exit_event{pidfd, POLLIN, 0};
      ready = poll(&exit_event, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
    } while (ready < 0 && errno == EINTR);
    close(pidfd);
    return ready > 0;
  }

  // While stopping: the run has been judged and has no observer left, so MarkBroken (which
  // tells the run) would say nothing; this only keeps why, for Broken().
  void Break(const std::string& why) {
    std::lock_guard lock(mutex_);
    if (!broken_) broken_ = why;
  }

  void CloseInput() {
    std::lock_guard lock(write_mutex_);
    if (write_fd_ >= 0) close(write_fd_);
    write_fd_ = -1;
  }

  const std::string command_;
  pid_t pid_ = -1;
  int write_fd_ = -1;
  std::thread reader_;
  std::atomic<bool> stop_reading_ = false;
  std::atomic<bool> application_ = false;
  mutable std::mutex mutex_;
  std::mutex write_mutex_;
  // Held while a line reaches the observer. Recursive: answering a token request writes, and
  // a write that finds the client stuck marks it broken, on the same thread.
  std::recursive_mutex dispatch_mutex_;
  std::condition_variable changed_;
  // Written under mutex_ and dispatch_mutex_; read under either.
  client::ClientObserver* observer_ = nullptr;
  client::AppBackend app_backend_;
  bool ready_ = false, reusable_ = false, ignoring_ = false, reset_acknowledged_ = false;
  std::atomic<bool> output_ended_ = false;  // written under mutex_, for the waits
  std::size_t lines_ = 0;                   // under dispatch_mutex_
  std::optional<std::string> broken_;
  std::string ending_;  // how the process ended, and its stderr, when it is broken
  StderrTail stderr_;
};

// Testees kept between runs, handed to the next runs that ask (runs may go on in parallel).
struct TesteePool {
  std::string command;
  bool keep_alive = false;
  std::mutex mutex;
  std::vector<std::unique_ptr<Testee>> idle;

  std::unique_ptr<Testee> Take() {
    std::lock_guard lock(mutex);
    if (idle.empty()) return std::make_unique<Testee>(command);
    auto testee = std::move(idle.back());
    idle.pop_back();
    return testee;
  }
  void Give(std::unique_ptr<Testee> testee) {
    std::lock_guard lock(mutex);
    idle.push_back(std::move(testee));
  }
};

// One run's view of a testee.
class ProcessClient : public client::ClientUnderTest {
 public:
  explicit ProcessClient(std::shared_ptr<TesteePool> pool) : pool_(std::move(pool)) {}
  ~ProcessClient() override { Stop(); }

  std::optional<std::string> Start(const client::ClientConfig& config, client::ClientObserver& observer) override {
    testee_ = pool_->Take();
    return testee_->Begin(config, observer);
  }

  void Execute(const client::Command& command) override {
    json line = client::ToJson(command);
    line["type"] = "command";
    testee_->Send(line);
  }

  bool acts_as_application() const override { return testee_ && testee_->acts_as_application(); }

  void Stop() override {
    if (!testee_) return;
    const bool kept = testee_->End(pool_->keep_alive);
    broken_ = testee_->broken();
    if (kept) pool_->Give(std::move(testee_));
    testee_.reset();
  }

  std::optional<std::string> Broken() const override { return broken_; }

 private:
  std::shared_ptr<TesteePool> pool_;
  std::unique_ptr<Testee> testee_;
  std::optional<std::string> broken_;
};

}  // namespace

std::function<std::unique_ptr<client::ClientUnderTest>()> ProcessClientFactory(std::string command, bool keep_alive) {
  signal(SIGPIPE, SIG_IGN);  // a client that exits early must not kill the harness
  LiveGroups::InstallHandlers();
  auto pool = std::make_shared<TesteePool>();
  pool->command = std::move(command);
  pool->keep_alive = keep_alive;
  return [pool] { return std::make_unique<ProcessClient>(pool); };
}

std::unique_ptr<client::ClientUnderTest> MakeProcessClient(std::string command) {
  return ProcessClientFactory(std::move(command), false)();
}

}  // namespace trtc::adapter
