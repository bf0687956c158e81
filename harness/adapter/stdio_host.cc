#include <mutex>

#include "harness/adapter/adapter.h"
#include "harness/common/json_value.h"

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

}  // namespace

json StartLine(const client::ClientConfig& c) {
  return {{"type", "start"},
          {"protocol", kAdapterProtocol},
          {"config",
           {{"signalingUrl", c.signaling_url},
            {"mediaUrl", c.media_url},
            {"restUrl", c.rest_url},
            {"stunHost", c.stun_host},
            {"stunPort", c.stun_port},
            {"locale", catalog::ToString(c.locale)}}}};
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

int ServeOverStdio(client::ClientUnderTest& client, std::istream& in, std::ostream& out) {
  // std::cin is tied to std::cout: every read would flush cout from this thread, outside
  // the observer's lock, racing the client's own writes (it duplicated lines).
  in.tie(nullptr);
  LineObserver observer(out);
  bool started = false;
  std::string text;
  while (std::getline(in, text)) {
    json line = json::parse(text, nullptr, false);
    const std::string type = line.is_object() ? StringOr(line, "type") : "";
    std::string why;
    if (type == "start" && !started) {
      auto config = ConfigFromStartLine(line, why);
      if (config) {
        if (auto failed = client.Start(*config, observer)) why = *failed;
      }
      if (why.empty()) {
        started = true;
        observer.Write("ready", {{"protocol", kAdapterProtocol}});
        continue;
      }
    } else if (type == "command" && started) {
      if (auto command = client::CommandFromJson(line, why)) {
        client.Execute(*command);
        continue;
      }
    } else if (type == "stop") {
      break;
    } else {
      why = line.is_object() ? "unexpected line type '" + type + "'" : "a line that is not a JSON object";
    }
    observer.Write("adapter-error", {{"message", why}});
  }
  if (started) client.Stop();
  return 0;
}

}  // namespace trtc::adapter
