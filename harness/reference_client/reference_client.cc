#include "harness/reference_client/reference_client.h"
#include "harness/common/json_value.h"

#include <future>

#include "harness/client/operations.h"
#include "harness/reference_client/core.h"
#include "harness/reference_client/room_client.h"
#include "harness/reference_client/web_client.h"

namespace trtc::refclient {
namespace {

std::vector<std::int64_t> ScaledAll(std::vector<std::int64_t> values, double factor) {
  for (auto& v : values) v = static_cast<std::int64_t>(static_cast<double>(v) * factor);
  return values;
}

class ReferenceClient : public client::ClientUnderTest {
 public:
  explicit ReferenceClient(Options options) : options_(std::move(options)) {}
  ~ReferenceClient() override { Stop(); }

  std::optional<std::string> Start(const client::ClientConfig& config, client::ClientObserver& observer) override {
    core_ = std::make_unique<Core>(config, observer, options_.timing);
    core_->misbehaviour = options_.misbehaviour;
    web_ = std::make_unique<WebClient>(*core_);
    room_ = std::make_unique<RoomClient>(*core_);
    return std::nullopt;
  }

  void Execute(const client::Command& command) override {
    if (!core_) return;
    core_->loop.Post([this, command] { Dispatch(command); });
  }

  void Stop() override {
    if (!core_) return;
    // The parts close their connections on the loop thread, then the loop stops.
    std::promise<void> closed;
    core_->loop.Post([this, &closed] {
      web_.reset();
      room_.reset();
      core_->timers.Clear();
      closed.set_value();
    });
    closed.get_future().wait();
    core_->loop.Stop();
    core_.reset();
  }

 private:
  void Dispatch(const client::Command& c) {
    core_->Track(c);
    const auto* spec = client::FindOperation(c.operation);
    if (!spec) return core_->Result(c.id, c.operation, -1, {{"error", "unknown operation " + c.operation}});
    if (auto problem = client::CheckArgs(*spec, c.args); problem && !spec->wire_args)
      return core_->Result(c.id, c.operation, -1, {{"error", problem->field + " " + problem->reason}});
    if (c.operation == "advance-clock") {
      core_->timers.Advance(ValueOr<std::int64_t>(c.args, "ms", 0));
      return Settled(c);
    }
    if (c.operation == "sync") return Settled(c);
    if (c.operation == "platform") {
      core_->platform.Apply(c.args);
      return core_->Succeed(c);
    }
    if (web_->Execute(c) || room_->Execute(c)) return;
    core_->Result(c.id, c.operation, -1, {{"error", "not implemented"}});
  }

  void Settled(const client::Command& c) {
    core_->WhenSettled([this, c] { core_->Succeed(c, {{"clockMs", core_->timers.now()}}); });
  }

  Options options_;
  std::unique_ptr<Core> core_;
  std::unique_ptr<WebClient> web_;
  std::unique_ptr<RoomClient> room_;
};

}  // namespace

Timing Timing::Scaled(double factor) const {
  Timing t = *this;
  for (auto* v : {&t.join_timeout_ms, &t.publish_timeout_ms, &t.subscribe_timeout_ms, &t.ice_timeout_ms,
                  &t.dtls_timeout_ms, &t.media_silence_ms, &t.request_timeout_ms})
    *v = static_cast<std::int64_t>(static_cast<double>(*v) * factor);
  t.signal_reconnect_windows_ms = ScaledAll(t.signal_reconnect_windows_ms, factor);
  t.media_reconnect_windows_ms = ScaledAll(t.media_reconnect_windows_ms, factor);
  return t;
}

std::unique_ptr<client::ClientUnderTest> MakeReferenceClient(Options options) {
  return std::make_unique<ReferenceClient>(std::move(options));
}

}  // namespace trtc::refclient
