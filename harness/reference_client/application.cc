#include "harness/reference_client/application.h"

#include <deque>
#include <mutex>

#include "harness/client/documented_error.h"
#include "harness/common/json_value.h"

namespace trtc::refclient {
namespace {

using catalog::Action;
using client::Command;
using nlohmann::json;

// Commands the application gives its SDK are numbered apart from the harness's.
constexpr std::uint64_t kFirstAppCommandId = std::uint64_t{1} << 62;

class Application : public client::ClientUnderTest, private client::ClientObserver {
 public:
  Application(std::unique_ptr<client::ClientUnderTest> sdk, ApplicationOptions options)
      : sdk_(std::move(sdk)), options_(options) {}
  ~Application() override { Stop(); }

  std::optional<std::string> Start(const client::ClientConfig& config, client::ClientObserver& observer) override {
    outer_ = &observer;
    backend_ = config.app_backend;
    return sdk_->Start(config, *this);
  }

  void Execute(const Command& command) override {
    Remember(command);
    sdk_->Execute(command);
  }

  void Stop() override {
    if (sdk_) sdk_->Stop();
  }

  bool acts_as_application() const override { return true; }

 private:
  // What the application knows of its own session: who it signed in as, where it joined.
  void Remember(const Command& command) {
    std::lock_guard lock(mutex_);
    if (command.operation == "create-client") sign_in_ = command.args;
    if (command.operation == "join") join_ = command.args;
    if (command.operation == "platform" && command.args.contains("network")) {
      const bool online = StringOr(command.args, "network") == "online";
      if (online && !online_ && rejoin_wanted_) network_back_ = true;
      online_ = online;
    }
  }

  void OnError(const client::SurfacedError& error) override {
    Decide(error);
    outer_->OnError(error);
  }
  void OnEvent(const client::ClientEvent& event) override { outer_->OnEvent(event); }

  void OnResult(const client::OperationResult& result) override {
    if (result.id >= kFirstAppCommandId) return NextStep();
    if (result.operation == "advance-clock" && Due(ValueOr<std::int64_t>(result.data, "clockMs", 0))) {
      {
        std::lock_guard lock(mutex_);
        held_ = result;
      }
      return NextStep();
    }
    outer_->OnResult(result);
  }

  // Reads the error as the application's own error table (the catalog) says.
  void Decide(const client::SurfacedError& error) {
    const auto family = catalog::ParseFamily(error.family);
    const auto* entry = family ? client::DocumentedEntry(*family, error.code, error.extra_code, error.reason) : nullptr;
    if (!entry) return;
    std::lock_guard lock(mutex_);
    switch (entry->handling.action) {
      case Action::kRegenerateUserSig:
        refresh_due_ms_ = error.at_ms + options_.reaction_ms;
        break;
      case Action::kRejoin:
      case Action::kCheckNetworkThenRejoin:
      case Action::kRepublishOrRejoin:
        rejoin_wanted_ = !options_.ignore_network;
        network_back_ = false;
        break;
      default:
        break;
    }
  }

  // Whether something is due at client time `now_ms`; if so, queues the commands for it.
  bool Due(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (refresh_due_ms_ && now_ms >= *refresh_due_ms_ && sign_in_.is_object()) {
      refresh_due_ms_.reset();
      json sign_in = sign_in_;
      if (!options_.reuse_rejected_token) sign_in["userSig"] = FreshToken();
      queue_.push_back({0, "create-client", sign_in});
      queue_.push_back({0, "join", join_});
    }
    if (rejoin_wanted_ && network_back_ && online_ && join_.is_object()) {
      rejoin_wanted_ = network_back_ = false;
      queue_.push_back({0, "join", join_});
    }
    if (!queue_.empty()) queue_.push_back({0, "sync", json::object()});
    return !queue_.empty();
  }

  std::string FreshToken() const {
    client::TokenRequest request{ValueOr<std::uint64_t>(sign_in_, "sdkAppId", 0), StringOr(sign_in_, "userId")};
    auto token = backend_ ? backend_(request) : std::nullopt;
    return token.value_or(StringOr(sign_in_, "userSig"));
  }

  // Gives the SDK the next queued command; once all are answered, releases the clock's answer.
  void NextStep() {
    std::optional<Command> next;
    std::optional<client::OperationResult> release;
    {
      std::lock_guard lock(mutex_);
      if (!queue_.empty()) {
        next = queue_.front();
        queue_.pop_front();
        next->id = next_id_++;
      } else {
        release = std::exchange(held_, std::nullopt);
      }
    }
    if (next) return sdk_->Execute(*next);
    if (release) outer_->OnResult(*release);
  }

  std::unique_ptr<client::ClientUnderTest> sdk_;
  const ApplicationOptions options_;
  client::ClientObserver* outer_ = nullptr;
  client::AppBackend backend_;
  std::mutex mutex_;
  json sign_in_, join_;
  bool online_ = true, rejoin_wanted_ = false, network_back_ = false;
  std::optional<std::int64_t> refresh_due_ms_;
  std::deque<Command> queue_;
  std::optional<client::OperationResult> held_;
  std::uint64_t next_id_ = kFirstAppCommandId;
};

}  // namespace

std::unique_ptr<client::ClientUnderTest> MakeReferenceApplication(std::unique_ptr<client::ClientUnderTest> sdk,
                                                                  ApplicationOptions options) {
  return std::make_unique<Application>(std::move(sdk), options);
}

}  // namespace trtc::refclient
