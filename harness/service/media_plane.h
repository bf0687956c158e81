// What the signaling logic asks of the WebRTC media endpoint (servers/webrtc_endpoint.cc):
// answer a publisher's or subscriber's SDP offer with a transport of its own, and drop
// those transports. Framing- and socket-free, so sessions are tested with a fake.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "harness/wire/protocol.h"

namespace trtc::service {

// A published stream: whose, in which room.
struct MediaStreamKey {
  std::string room_key;
  std::string user_id;
  wire::StreamKind stream = wire::StreamKind::kMain;
  bool operator==(const MediaStreamKey&) const = default;
};

struct MediaRefusal {
  int code = 0;
  std::string message;
};

using MediaAnswer = std::variant<std::string, MediaRefusal>;  // the answer SDP, or why not

// One transport as the endpoint sees it, for the control API (GET /media): whether media
// arrives, and since when it does not.
struct MediaTransportInfo {
  std::uint64_t id = 0;
  MediaStreamKey stream;
  std::string subscriber;     // empty: the publisher's own transport
  std::string state;          // "checking", "connected", "dtls-connected", "refused", "silent", "closed"
  std::uint64_t packets = 0;  // RTP received from the browser
  std::uint64_t bytes = 0;
  std::int64_t last_packet_ms = -1;  // server clock; -1: none yet
};

class MediaPlane {
 public:
  virtual ~MediaPlane() = default;
  [[nodiscard]] virtual MediaAnswer Publish(const MediaStreamKey& stream,
                                            const webrtc::sdp::SessionDescription& offer) = 0;
  [[nodiscard]] virtual MediaAnswer Subscribe(const MediaStreamKey& stream, const std::string& subscriber,
                                              const webrtc::sdp::SessionDescription& offer) = 0;
  // Ends the stream's transport and every subscription to it.
  virtual void Unpublish(const MediaStreamKey& stream) = 0;
  // stream.user_id empty: every subscription of `subscriber` in stream.room_key.
  virtual void Unsubscribe(const MediaStreamKey& stream, const std::string& subscriber) = 0;
  [[nodiscard]] virtual std::vector<MediaTransportInfo> Transports() = 0;
};

}  // namespace trtc::service
