#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>

#include "harness/adapter/adapter.h"
#include "harness/common/json_value.h"
#include "harness/wire/vendor_web_v4.h"

namespace trtc::adapter {
namespace {

using nlohmann::json;

// Writes each observation as one line; the client may call from any thread.
class LineObserver : public client::ClientObserver {
 public:
  explicit LineObserver(std::ostream& out) : out_(out) {}
  void OnError(const client::SurfacedError& error) override { Write("error", client::ToJson(error)); }
  void OnEvent(const client::ClientEvent& event) override { Write("event", client::ToJson(event)); }
  void OnResult(const client::OperationResult& result) override { Write("result", client::ToJson(result)); }
  void Write(const char* type, json body) {
    body["type"] = type;
    std::lock_guard lock(mutex_);
    out_ << body.dump() << '\n' << std::flush;
  }

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

// The client side of `token` requests: the application asks, the harness answers on stdin.
// Asked from the client's own thread; answered from the line-reading loop.
class TokenBroker {
 public:
  explicit TokenBroker(LineObserver& out) : out_(out) {}

  std::optional<std::string> Request(const client::TokenRequest& request) {
    std::uint64_t id = 0;
    {
      std::lock_guard lock(mutex_);
      id = ++next_id_;
    }
    out_.Write("token", {{"id", id}, {"sdkAppId", request.sdk_app_id}, {"userId", request.user_id}});
    std::unique_lock lock(mutex_);
    // The harness answers at once; a missing answer must not hang the client forever.
    answered_.wait_for(lock, std::chrono::seconds(10), [&] { return answers_.contains(id); });
    auto it = answers_.find(id);
    if (it == answers_.end()) return std::nullopt;
    auto token = std::move(it->second);
    answers_.erase(it);
    return token;
  }

  // A `token` line from the harness; false when it is not a well-formed answer.
  bool Answer(const json& line) {
    if (!line.contains("id") || !line["id"].is_number_unsigned()) return false;
    {
      std::lock_guard lock(mutex_);
      answers_[line["id"].get<std::uint64_t>()] = line.contains("userSig") && line["userSig"].is_string()
                                                      ? std::optional(line["userSig"].get<std::string>())
                                                      : std::nullopt;
    }
    answered_.notify_all();
    return true;
  }

 private:
  LineObserver& out_;
  std::mutex mutex_;
  std::condition_variable answered_;
  std::map<std::uint64_t, std::optional<std::string>> answers_;
  std::uint64_t next_id_ = 0;
};

}  // namespace

// The same signaling server, on the path where it speaks the vendor Web SDK's own format.
std::string VendorSignalingUrl(std::string url) {
  if (!url.empty() && url.back() == '/') url.pop_back();
  return url + std::string(wire::vendor::kPath);
}

json StartLine(const client::ClientConfig& c) {
  return {{"type", "start"},
          {"protocol", kAdapterProtocol},
          {"config",
           {{"signalingUrl", c.signaling_url},
            {"vendorSignalingUrl", VendorSignalingUrl(c.signaling_url)},
            {"mediaUrl", c.media_url},
            {"restUrl", c.rest_url},
            {"stunHost", c.stun_host},
            {"stunPort", c.stun_port},
            {"locale", catalog::ToString(c.locale)}}}};
}

std::optional<TokenRequestLine> TokenRequestFromLine(const json& line, std::string& why) {
  const bool ok = line.is_object() && line.contains("id") && line["id"].is_number_unsigned() &&
                  line.contains("userId") && line["userId"].is_string() &&
                  (!line.contains("sdkAppId") || line["sdkAppId"].is_number_unsigned());
  if (!ok) {
    why = "token: needs id (a non-negative integer), userId (a string) and sdkAppId (a non-negative integer)";
    return std::nullopt;
  }
  return TokenRequestLine{line["id"].get<std::uint64_t>(),
                          {ValueOr<std::uint64_t>(line, "sdkAppId", 0), line["userId"].get<std::string>()}};
}

std::optional<client::ClientConfig> ConfigFromStartLine(const json& line, std::string& why) {
  if (StringOr(line, "protocol") != kAdapterProtocol) {
    why = "start: protocol must be " + std::string(kAdapterProtocol);
    return std::nullopt;
  }
  const json config = line.contains("config") && line["config"].is_object() ? line["config"] : json::object();
  client::ClientConfig c;
  try {
    c.signaling_url = config.at("signalingUrl").get<std::string>();
    c.media_url = config.at("mediaUrl").get<std::string>();
    c.rest_url = config.at("restUrl").get<std::string>();
    c.stun_host = config.at("stunHost").get<std::string>();
    c.stun_port = config.at("stunPort").get<std::uint16_t>();
    c.locale = catalog::ParseLocale(config.at("locale").get<std::string>()).value_or(catalog::Locale::kEn);
  } catch (const json::exception&) {
    why = "start: config needs signalingUrl, mediaUrl, restUrl, stunHost, stunPort and locale";
    return std::nullopt;
  }
  return c;
}

int ServeOverStdio(const ProcessClientFactoryFn& make_client, std::istream& in, std::ostream& out) {
  // std::cin is tied to std::cout: every read would flush cout from this thread, outside
  // the observer's lock, racing the client's own writes (it duplicated lines).
  in.tie(nullptr);
  LineObserver observer(out);
  TokenBroker tokens(observer);
  std::unique_ptr<client::ClientUnderTest> client;
  std::string text;
  while (std::getline(in, text)) {
    json line = json::parse(text, nullptr, false);
    const std::string type = line.is_object() ? StringOr(line, "type") : "";
    std::string why;
    if (type == "start" && !client) {
      auto config = ConfigFromStartLine(line, why);
      if (config) {
        config->app_backend = [&tokens](const client::TokenRequest& request) { return tokens.Request(request); };
        client = make_client();
        if (auto failed = client->Start(*config, observer)) why = *failed;
      }
      if (why.empty()) {
        // `reset` is offered: one process serves run after run (docs/adapter.md, "Lifetime").
        json ready = {{"protocol", kAdapterProtocol}, {"reset", true}};
        if (client->acts_as_application()) ready["application"] = true;
        observer.Write("ready", ready);
        continue;
      }
      client.reset();
    } else if (type == "command" && client) {
      if (auto command = client::CommandFromJson(line, why)) {
        client->Execute(*command);
        continue;
      }
    } else if (type == "token" && client) {
      if (tokens.Answer(line)) continue;
      why = "token: needs id";
    } else if (type == "reset") {
      // Everything the run's client says is written before the acknowledgement.
      if (client) client->Stop();
      client.reset();
      observer.Write("reset", json::object());
      continue;
    } else if (type == "stop") {
      break;
    } else {
      why = line.is_object() ? "unexpected line type '" + type + "'" : "a line that is not a JSON object";
    }
    observer.Write("adapter-error", {{"message", why}});
  }
  if (client) client->Stop();
  return 0;
}

}  // namespace trtc::adapter
