#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "harness/adapter/adapter.h"
#include "harness/common/json_value.h"
#include "harness/common/utf8.h"

extern char** environ;

namespace trtc::adapter {
namespace {

using nlohmann::json;

class ProcessClient : public client::ClientUnderTest {
 public:
  explicit ProcessClient(std::string command) : command_(std::move(command)) {}
  ~ProcessClient() override { Stop(); }

  std::optional<std::string> Start(const client::ClientConfig& config, client::ClientObserver& observer) override {
    observer_ = &observer;
    app_backend_ = config.app_backend;
    if (auto why = Spawn()) return why;
    reader_ = std::thread([this] { ReadLines(); });
    Send(StartLine(config));
    std::unique_lock lock(mutex_);
    // A client that cannot even start is broken, not slow: 10 s is generous for any start.
    if (!started_.wait_for(lock, std::chrono::seconds(10), [&] { return ready_ || ended_; }))
      return "the client did not answer the start line within 10 s";
    if (!ready_) return "the client exited before it was ready" + (last_problem_.empty() ? "" : ": " + last_problem_);
    return std::nullopt;
  }

  void Execute(const client::Command& command) override {
    json line = client::ToJson(command);
    line["type"] = "command";
    Send(line);
  }

  bool acts_as_application() const override { return application_; }

  void Stop() override {
    if (pid_ <= 0) return;
    Send({{"type", "stop"}});
    CloseWrite();
    if (reader_.joinable()) reader_.join();
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  std::optional<std::string> Spawn() {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) return "cannot create pipes";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]})
      posix_spawn_file_actions_addclose(&actions, fd);
    std::string shell = "/bin/sh", flag = "-c";
    char* argv[] = {shell.data(), flag.data(), command_.data(), nullptr};
    const int failed = posix_spawn(&pid_, "/bin/sh", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    write_fd_ = to_child[1];
    read_fd_ = from_child[0];
    if (failed != 0) {
      pid_ = -1;
      return "cannot start " + command_;
    }
    return std::nullopt;
  }

  void Send(const json& line) {
    std::lock_guard lock(write_mutex_);
    if (write_fd_ < 0) return;
    std::string text = line.dump() + "\n";
    for (std::size_t done = 0; done < text.size();) {
      ssize_t n = write(write_fd_, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }

  void CloseWrite() {
    std::lock_guard lock(write_mutex_);
    if (write_fd_ >= 0) close(write_fd_);
    write_fd_ = -1;
  }

  void ReadLines() {
    FILE* in = fdopen(read_fd_, "r");
    char* buffer = nullptr;
    std::size_t size = 0;
    while (in && getline(&buffer, &size, in) > 0) Dispatch(buffer);
    free(buffer);
    if (in) fclose(in);
    std::lock_guard lock(mutex_);
    ended_ = true;
    started_.notify_all();
  }

  void Dispatch(std::string_view text) {
    json line = json::parse(text, nullptr, false);
    const std::string type = line.is_object() ? StringOr(line, "type") : "";
    std::string why;
    if (type == "ready") {
      std::lock_guard lock(mutex_);
      ready_ = true;
      application_ = ValueOr<bool>(line, "application", false);
      started_.notify_all();
      return;
    }
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
    // Protocol mistakes are surfaced as an event the runner reports; they never pass silently.
    std::string shown(Utf8Prefix(text, 200));
    if (!shown.empty() && shown.back() == '\n') shown.pop_back();
    {
      std::lock_guard lock(mutex_);
      last_problem_ = why;
    }
    observer_->OnEvent({"adapter-error", {{"message", why}, {"line", shown}}});
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

  std::string command_;
  client::ClientObserver* observer_ = nullptr;
  client::AppBackend app_backend_;
  std::atomic<bool> application_ = false;
  pid_t pid_ = -1;
  int write_fd_ = -1, read_fd_ = -1;
  std::thread reader_;
  std::mutex mutex_, write_mutex_;
  std::condition_variable started_;
  bool ready_ = false, ended_ = false;
  std::string last_problem_;
};

}  // namespace

std::unique_ptr<client::ClientUnderTest> MakeProcessClient(std::string command) {
  signal(SIGPIPE, SIG_IGN);  // a client that exits early must not kill the harness
  return std::make_unique<ProcessClient>(std::move(command));
}

}  // namespace trtc::adapter
