// The WebRTC media endpoint (ICE-lite, DTLS-SRTP) on one UDP port shared by every
// transport: a connectivity check finds its transport by the USERNAME's local ufrag, and
// everything else by the address a valid check came from. Decisions are made by
// webrtc::Transport; this file carries them out, applies faults and keeps the journal.
//
// Faults use the media channels' names, so one scenario drives both kinds of client
// (docs/faults.md, "The WebRTC endpoint"):
//   stun/binding        each connectivity check: drop (unanswered), reply (that STUN error)
//   media/connect       the first check of a new transport: close or reset refuse it (every
//                       check gets 403, so ICE fails at once); drop or stall silence it
//   media/media.open    a transport's first DTLS datagram (its opening): drop (lost: the
//                       client retransmits); stall (the handshake never ends); reply, close
//                       or reset (a fatal alert ends it)
//   media/media.keepalive  once connected, each datagram (media, consent checks): drop
//                       (lost); stall (silence from then on: nothing answered or forwarded);
//                       close or reset (a DTLS close_notify, then every check refused)
// ICE and DTLS run in real time on loopback; only the client's own timeouts are virtual.
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "harness/servers/server_internals.h"
#include "harness/webrtc/packet.h"
#include "harness/webrtc/sdp.h"
#include "harness/webrtc/synthetic_media.h"
#include "harness/webrtc/transport.h"

namespace trtc::servers {
namespace {

using udp = net::ip::udp;
using boost::system::error_code;
namespace sdp = webrtc::sdp;

// The stream id and SSRCs the vendor's media server gives a subscriber (docs/vendor-protocol.md).
constexpr std::string_view kMainStreamId = "5Y2wZK8nANNAoVw6dSAHVjNxrD1ObBM2kBPV";
constexpr std::uint32_t kAnnouncedAudioSsrc = 0x00010001;
constexpr std::uint32_t kAnnouncedVideoSsrc = 0x00020001;

// The payload types a subscriber's answer uses for what the publisher sends, by section kind.
std::map<int, int> PayloadTypeMap(const sdp::MediaSection& published, const sdp::MediaSection& subscribed) {
  std::map<int, int> map;
  auto from = sdp::AcceptedCodecs(published);
  auto to = sdp::AcceptedCodecs(subscribed);
  for (std::size_t i = 0; i < from.size() && i < to.size(); ++i) map[from[i].payload_type] = to[i].payload_type;
  return map;
}

struct Link {
  std::uint64_t id = 0;
  service::MediaStreamKey stream;
  std::string subscriber;  // empty: the publisher's own transport
  sdp::SessionDescription offer;
  webrtc::Transport transport;
  std::map<int, int> payload_types;              // subscriber: publisher's payload type -> this peer's
  std::map<std::uint32_t, std::uint32_t> ssrcs;  // subscriber: publisher's SSRC -> the announced one
  // A subscriber to a publisher without WebRTC: the streams the endpoint makes for it
  // (webrtc/synthetic_media.h); payload type -1 when it is not sent.
  webrtc::RtpStreamState synthetic_audio{-1, kAnnouncedAudioSsrc};
  webrtc::RtpStreamState synthetic_video{-1, kAnnouncedVideoSsrc};
  bool synthetic() const { return synthetic_audio.payload_type >= 0 || synthetic_video.payload_type >= 0; }
  // What faults made of the transport: it answers normally, refuses every check (403),
  // or is silent (answers and forwards nothing).
  enum class Health { kLive, kRefused, kSilent } health = Health::kLive;
  bool dtls_stalled = false;  // media.open stall: handshake datagrams are dropped
  bool checked = false;       // the first check came (media/connect fired or not)
  bool opened = false;        // the first DTLS datagram came (media/media.open fired or not)
  bool reported_ice = false;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::int64_t last_packet_ms = -1;
  std::shared_ptr<net::steady_timer> dtls_timer;

  Link(std::uint64_t id_, service::MediaStreamKey stream_, std::string subscriber_, sdp::SessionDescription offer_,
       webrtc::TransportCredentials credentials, std::shared_ptr<const webrtc::DtlsContext> dtls)
      : id(id_),
        stream(std::move(stream_)),
        subscriber(std::move(subscriber_)),
        offer(std::move(offer_)),
        transport(std::move(credentials), std::move(dtls)) {}
  const std::string& user() const { return subscriber.empty() ? stream.user_id : subscriber; }
};

class WebRtcEndpoint : public service::MediaPlane, public UdpServer<WebRtcEndpoint> {
  friend class UdpServer<WebRtcEndpoint>;  // hands it datagrams (OnDatagram)

 public:
  WebRtcEndpoint(net::io_context& io, SharedState& shared, std::shared_ptr<const webrtc::DtlsContext> dtls)
      : UdpServer(io), shared_(shared), dtls_(std::move(dtls)) {}

  std::uint16_t Start(const udp::endpoint& endpoint, std::string& error) {
    port_ = Listen(endpoint, "the WebRTC endpoint", error);
    if (!port_) return 0;
    address_ = endpoint.address().to_string();
    synthetic_timer_ = std::make_shared<net::steady_timer>(socket_.get_executor());
    return port_;
  }

  service::MediaAnswer Publish(const service::MediaStreamKey& stream, const sdp::SessionDescription& offer) override {
    std::lock_guard lock(mutex_);
    auto link = NewLink(stream, "", offer);
    if (!link) return service::MediaRefusal{service::kMediaRefused, "the offer's DTLS fingerprint is not sha-256"};
    publishers_[Key(stream)] = link;
    return sdp::WriteAnswer(offer, Parameters(*link, sdp::Direction::kRecvOnly, {}));
  }

  service::MediaAnswer Subscribe(const service::MediaStreamKey& stream, const std::string& subscriber,
                                 const sdp::SessionDescription& offer) override {
    std::lock_guard lock(mutex_);
    // The service checked that the stream exists. A publisher without a WebRTC transport (a
    // client of the open protocol) gets the same announced tracks, on which nothing arrives.
    auto publisher = publishers_.find(Key(stream));
    const sdp::SessionDescription* published = publisher == publishers_.end() ? nullptr : &publisher->second->offer;
    auto link = NewLink(stream, subscriber, offer);
    if (!link) return service::MediaRefusal{service::kMediaRefused, "the offer's DTLS fingerprint is not sha-256"};
    auto sending = Sending(published, *link);
    subscribers_.emplace(Key(stream), link);
    if (link->synthetic()) StartSynthetic();
    return sdp::WriteAnswer(offer, Parameters(*link, sdp::Direction::kSendOnly, std::move(sending)));
  }

  void Unpublish(const service::MediaStreamKey& stream) override {
    std::lock_guard lock(mutex_);
    auto publisher = publishers_.find(Key(stream));
    if (publisher != publishers_.end()) {
      Forget(publisher->second);
      publishers_.erase(publisher);
    }
    auto [first, last] = subscribers_.equal_range(Key(stream));
    for (auto it = first; it != last; ++it) Forget(it->second);
    subscribers_.erase(first, last);
  }

  std::vector<service::MediaTransportInfo> Transports() override {
    std::lock_guard lock(mutex_);
    std::vector<service::MediaTransportInfo> list;
    auto add = [&](const Link& link) {
      list.push_back(
          {link.id, link.stream, link.subscriber, State(link), link.packets, link.bytes, link.last_packet_ms});
    };
    for (const auto& [key, link] : publishers_) add(*link);
    for (const auto& [key, link] : subscribers_) add(*link);
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return list;
  }

  void Unsubscribe(const service::MediaStreamKey& stream, const std::string& subscriber) override {
    std::lock_guard lock(mutex_);
    for (auto it = subscribers_.begin(); it != subscribers_.end();) {
      const auto& link = it->second;
      const bool match = link->subscriber == subscriber && link->stream.room_key == stream.room_key &&
                         (stream.user_id.empty() || (link->stream == stream));
      if (!match) {
        ++it;
        continue;
      }
      Forget(link);
      it = subscribers_.erase(it);
    }
  }

 private:
  static std::string Key(const service::MediaStreamKey& stream) {
    return stream.room_key + "\n" + stream.user_id + "\n" + std::string(wire::Name(stream.stream));
  }

  std::shared_ptr<Link> NewLink(const service::MediaStreamKey& stream, const std::string& subscriber,
                                const sdp::SessionDescription& offer) {
    const auto& first = offer.media.front();
    if (first.fingerprint_algorithm != "sha-256") return nullptr;
    webrtc::TransportCredentials credentials{webrtc::RandomIceString(8), webrtc::RandomIceString(24), first.ice_ufrag,
                                             first.fingerprint};
    auto link = std::make_shared<Link>(next_id_++, stream, subscriber, offer, std::move(credentials), dtls_);
    by_ufrag_[link->transport.credentials().local_ufrag] = link;
    Journal(*link, "media.offer", 0);
    return link;
  }

  void Forget(const std::shared_ptr<Link>& link) {
    by_ufrag_.erase(link->transport.credentials().local_ufrag);
    for (auto it = by_address_.begin(); it != by_address_.end();)
      it = it->second == link ? by_address_.erase(it) : std::next(it);
    if (link->dtls_timer) link->dtls_timer->cancel();
  }

  sdp::AnswerParameters Parameters(const Link& link, sdp::Direction direction,
                                   std::vector<sdp::AnswerParameters::Sending> sending) const {
    sdp::AnswerParameters parameters;
    parameters.ice_ufrag = link.transport.credentials().local_ufrag;
    parameters.ice_pwd = link.transport.credentials().local_pwd;
    parameters.fingerprint_sha256 = dtls_->fingerprint_sha256();
    parameters.candidate_address = address_;
    parameters.candidate_port = port_;
    parameters.session_id = link.id;
    parameters.direction = direction;
    parameters.sending = std::move(sending);
    return parameters;
  }

  // What a subscriber's sections carry, as the vendor's media server announces it: the
  // publisher's audio and main video under the SDK's main stream id, on SSRCs whose second
  // byte is the stream type (1 audio, 2 main video), because the SDK accepts a remote track
  // only so (docs/vendor-protocol.md). The aux section stays inactive.
  std::vector<sdp::AnswerParameters::Sending> Sending(const sdp::SessionDescription* published, Link& link) {
    std::vector<sdp::AnswerParameters::Sending> sending;
    bool audio_done = false;
    bool video_done = false;
    for (const auto& section : link.offer.media) {
      bool& done = section.kind == "audio" ? audio_done : video_done;
      if (done || section.kind == "application") continue;
      done = true;
      const std::uint32_t base = section.kind == "audio" ? kAnnouncedAudioSsrc : kAnnouncedVideoSsrc;
      sdp::AnswerParameters::Sending out{
          section.mid, std::string(kMainStreamId), std::string(kMainStreamId) + "-" + section.kind, {}, {}};
      if (!published) {
        out.ssrcs.push_back({base, "trtc-conformance"});
        const auto codecs = sdp::AcceptedCodecs(section);
        auto& synthetic = section.kind == "audio" ? link.synthetic_audio : link.synthetic_video;
        if (!codecs.empty()) synthetic.payload_type = codecs.front().payload_type;
        sending.push_back(std::move(out));
        continue;
      }
      auto source = std::find_if(published->media.begin(), published->media.end(),
                                 [&](const sdp::MediaSection& s) { return s.kind == section.kind; });
      if (source == published->media.end() || source->ssrcs.empty()) continue;
      // The primary SSRC first, then its retransmission SSRC (the FID group's second).
      std::vector<std::uint32_t> originals{source->fid_groups.empty() ? source->ssrcs.front().id
                                                                      : source->fid_groups.front()[0]};
      if (!source->fid_groups.empty()) originals.push_back(source->fid_groups.front()[1]);
      for (std::size_t i = 0; i < originals.size(); ++i) {
        link.ssrcs[originals[i]] = base + static_cast<std::uint32_t>(i);
        out.ssrcs.push_back({base + static_cast<std::uint32_t>(i), "trtc-conformance"});
      }
      if (originals.size() == 2) out.fid_groups.push_back({base, base + 1});
      for (auto [from, to] : PayloadTypeMap(*source, section)) link.payload_types[from] = to;
      sending.push_back(std::move(out));
    }
    return sending;
  }

  // Every 20 ms, media for the subscribers of publishers without WebRTC (a client of the
  // open protocol sends none): Opus silence each tick, the key frame every fifth.
  void StartSynthetic() {
    if (synthetic_running_) return;
    synthetic_running_ = true;
    synthetic_timer_->expires_after(std::chrono::milliseconds(20));
    synthetic_timer_->async_wait([weak_self = weak_from_this()](error_code ec) {
      auto self = weak_self.lock();
      if (ec || !self) return;
      std::lock_guard lock(self->mutex_);
      self->synthetic_running_ = false;
      if (self->SendSynthetic()) self->StartSynthetic();
    });
  }

  // True while some subscriber still needs it.
  bool SendSynthetic() {
    const bool video_tick = synthetic_ticks_++ % 5 == 0;
    bool needed = false;
    for (auto& [key, link] : subscribers_) {
      if (!link->synthetic() || link->health != Link::Health::kLive) continue;
      needed = true;
      if (!Connected(*link)) continue;
      std::vector<std::string> packets;
      if (link->synthetic_audio.payload_type >= 0) packets.push_back(webrtc::NextSilencePacket(link->synthetic_audio));
      if (video_tick && link->synthetic_video.payload_type >= 0)
        for (auto& packet : webrtc::NextKeyFramePackets(link->synthetic_video)) packets.push_back(std::move(packet));
      for (auto& packet : packets)
        if (auto out = link->transport.ProtectRtp(std::move(packet))) SendToPeer(*link, std::move(*out));
    }
    return needed;
  }

  std::shared_ptr<Link> FindLink(std::string_view datagram, const udp::endpoint& from) {
    if (webrtc::Classify(datagram) == webrtc::PacketClass::kStun) {
      auto parsed = stun::Parse(datagram);
      if (const auto* message = std::get_if<stun::Message>(&parsed))
        if (const auto* username = message->Find(stun::kUsername)) {
          auto found = by_ufrag_.find(username->value.substr(0, username->value.find(':')));
          if (found != by_ufrag_.end()) return found->second;
        }
    }
    auto found = by_address_.find(from);
    return found == by_address_.end() ? nullptr : found->second;
  }

  void OnDatagram(std::string_view datagram, const udp::endpoint& from) {
    std::lock_guard lock(mutex_);
    auto link = FindLink(datagram, from);
    // Unknown peers get nothing, as ICE-lite allows.
    if (!link || link->health == Link::Health::kSilent) return;
    const auto kind = webrtc::Classify(datagram);
    if (kind == webrtc::PacketClass::kStun) return OnCheck(link, datagram, from);
    if (link->health == Link::Health::kRefused) return;
    if (Connected(*link) && !Keepalive(*link, from)) return;
    if (kind == webrtc::PacketClass::kDtls) return OnDtls(link, datagram, from);
    auto step = link->transport.Receive(datagram, Peer(from));
    if (step.kind == webrtc::TransportStep::Kind::kRtp) return OnRtp(*link, std::move(step.media));
    if (step.kind == webrtc::TransportStep::Kind::kRtcp) return OnRtcp(*link, std::move(step.media));
  }

  static stun::Endpoint Peer(const udp::endpoint& from) { return {from.address().to_string(), from.port()}; }

  static std::string State(const Link& link) {
    if (link.health == Link::Health::kRefused) return "refused";
    if (link.health == Link::Health::kSilent) return "silent";
    switch (link.transport.dtls_state()) {
      case webrtc::DtlsServer::State::kConnected:
        return "dtls-connected";
      case webrtc::DtlsServer::State::kFailed:
        return "dtls-failed";
      case webrtc::DtlsServer::State::kClosed:
        return "closed";
      case webrtc::DtlsServer::State::kHandshaking:
        break;
    }
    return link.transport.ice_connected() ? "connected" : "checking";
  }

  static bool Connected(const Link& link) {
    return link.transport.dtls_state() == webrtc::DtlsServer::State::kConnected;
  }

  // media/media.keepalive once connected; false when the datagram goes no further.
  bool Keepalive(Link& link, const udp::endpoint& from) {
    auto fired = Fault(link, "media", "media.keepalive");
    if (!fired) return true;
    Journal(link, "media.keepalive", -1);
    switch (fired->action.kind) {
      case faults::ActionKind::kStall:
        link.health = Link::Health::kSilent;
        break;
      case faults::ActionKind::kClose:
      case faults::ActionKind::kReset:
        End(link, from);
        break;
      default:
        break;  // drop and the rest: this datagram is lost
    }
    return false;
  }

  // The transport ends: the peer is told (a DTLS alert) and every later check is refused
  // (403), so a browser fails the connection at its next check instead of waiting out
  // consent freshness (30 s).
  void End(Link& link, const udp::endpoint& to) {
    std::string alert = link.transport.Close();
    if (!alert.empty()) Send(std::move(alert), to);
    link.health = Link::Health::kRefused;
    Journal(link, "dtls.closed", -1);
  }

  std::optional<faults::Fired> Fault(const Link& link, std::string_view server, std::string_view on) {
    return shared_.faults.Match({server, on, link.user(), link.id, shared_.clock.Now().count()});
  }

  void OnCheck(const std::shared_ptr<Link>& link, std::string_view datagram, const udp::endpoint& from) {
    if (!link->checked) {
      link->checked = true;
      if (auto fired = Fault(*link, "media", "connect")) {
        const auto kind = fired->action.kind;
        const bool refuse = kind == faults::ActionKind::kClose || kind == faults::ActionKind::kReset;
        link->health = refuse ? Link::Health::kRefused : Link::Health::kSilent;
        Journal(*link, "connect", refuse ? 403 : -1);
      }
    }
    if (link->health == Link::Health::kRefused) {
      if (auto error = link->transport.BindingError(datagram, 403, "Forbidden")) Send(std::move(*error), from);
      return;
    }
    if (link->health == Link::Health::kSilent) return;
    if (Connected(*link) && !Keepalive(*link, from)) return;
    if (auto fired = Fault(*link, "stun", "binding")) {
      Journal(*link, "binding", fired->action.kind == faults::ActionKind::kReply ? fired->action.code : -1);
      if (fired->action.kind != faults::ActionKind::kReply) return;  // no answer: the pair never succeeds
      auto error = link->transport.BindingError(datagram, fired->action.code, fired->action.message);
      if (error) Send(std::move(*error), from);
      return;
    }
    auto step = link->transport.Receive(datagram, Peer(from));
    for (auto& reply : step.replies) Send(std::move(reply), from);
    if (step.kind != webrtc::TransportStep::Kind::kBinding) {
      Journal(*link, "binding", step.kind == webrtc::TransportStep::Kind::kBindingRefused ? 401 : -1);
      return;
    }
    by_address_[from] = link;
    if (!link->reported_ice) {
      link->reported_ice = true;
      Journal(*link, "ice.connected", 0);
    }
  }

  void OnDtls(const std::shared_ptr<Link>& link, std::string_view datagram, const udp::endpoint& from) {
    if (link->transport.dtls_state() == webrtc::DtlsServer::State::kHandshaking) {
      if (link->dtls_stalled) return;
      const bool opening = !link->opened;
      link->opened = true;
      if (auto fired = opening ? Fault(*link, "media", "media.open") : std::nullopt) {
        Journal(*link, "dtls", -1);
        const auto kind = fired->action.kind;
        if (kind == faults::ActionKind::kStall) link->dtls_stalled = true;
        if (kind == faults::ActionKind::kReply || kind == faults::ActionKind::kClose ||
            kind == faults::ActionKind::kReset)
          End(*link, from);
        return;  // drop: this datagram is lost
      }
    }
    auto step = link->transport.Receive(datagram, Peer(from));
    for (auto& reply : step.replies) Send(std::move(reply), from);
    if (step.dtls_connected) {
      Journal(*link, "dtls.connected", 0);
      if (!link->subscriber.empty()) RequestKeyFrame(link->stream);
    }
    if (!step.reason.empty() && link->transport.dtls_state() == webrtc::DtlsServer::State::kFailed)
      Journal(*link, "dtls.failed", -1);
    ArmDtlsTimer(link);
  }

  void ArmDtlsTimer(const std::shared_ptr<Link>& link) {
    auto delay = link->transport.DtlsTimerDelay();
    if (!delay) return;
    if (!link->dtls_timer) link->dtls_timer = std::make_shared<net::steady_timer>(socket_.get_executor());
    link->dtls_timer->expires_after(*delay);
    link->dtls_timer->async_wait([weak_self = weak_from_this(), weak_link = std::weak_ptr<Link>(link)](error_code ec) {
      auto self = weak_self.lock();
      auto timed = weak_link.lock();
      if (ec || !self || !timed) return;
      std::lock_guard lock(self->mutex_);
      if (timed->health != Link::Health::kLive || timed->dtls_stalled) return;
      for (auto& datagram : timed->transport.OnDtlsTimer()) self->SendToPeer(*timed, std::move(datagram));
      self->ArmDtlsTimer(timed);
    });
  }

  void OnRtp(Link& link, std::string packet) {
    auto header = webrtc::ParseRtpHeader(packet);
    if (!header) return;
    ++link.packets;
    link.bytes += packet.size();
    if (link.last_packet_ms < 0) Journal(link, "media.first-packet", 0);
    link.last_packet_ms = shared_.clock.Now().count();
    if (!link.subscriber.empty()) return;  // a subscriber sends no media
    auto [first, last] = subscribers_.equal_range(Key(link.stream));
    for (auto it = first; it != last; ++it) {
      Link& subscriber = *it->second;
      if (subscriber.health != Link::Health::kLive) continue;
      auto mapped = subscriber.payload_types.find(header->payload_type);
      auto ssrc = subscriber.ssrcs.find(header->ssrc);
      // A codec or a stream (small video) the subscriber did not take.
      if (mapped == subscriber.payload_types.end() || ssrc == subscriber.ssrcs.end()) continue;
      std::string copy = packet;
      copy[1] = static_cast<char>((copy[1] & 0x80) | mapped->second);
      for (std::size_t i = 0; i < 4; ++i)
        copy[8 + i] = static_cast<char>((ssrc->second >> (24 - 8 * static_cast<int>(i))) & 0xFF);
      if (auto protected_packet = subscriber.transport.ProtectRtp(std::move(copy)))
        SendToPeer(subscriber, std::move(*protected_packet));
    }
  }

  // The endpoint terminates RTCP: a subscriber's picture-loss or full-intra request
  // becomes the endpoint's own PLI to the publisher, so a late subscriber gets a key frame.
  void OnRtcp(Link& link, std::string packet) {
    if (link.subscriber.empty()) return;
    auto blocks = webrtc::ParseRtcp(packet);
    if (!blocks) return;
    const bool wants_key_frame = std::any_of(blocks->begin(), blocks->end(), [](const webrtc::RtcpBlock& block) {
      return block.type == 206 && (block.count == 1 || block.count == 4);
    });
    if (wants_key_frame) RequestKeyFrame(link.stream);
  }

  void RequestKeyFrame(const service::MediaStreamKey& stream) {
    auto publisher = publishers_.find(Key(stream));
    if (publisher == publishers_.end()) return;
    for (const auto& section : publisher->second->offer.media) {
      if (section.kind != "video" || section.ssrcs.empty()) continue;
      const std::uint32_t media_ssrc = section.fid_groups.empty() ? section.ssrcs.front().id : section.fid_groups[0][0];
      if (auto out = publisher->second->transport.ProtectRtcp(webrtc::PictureLossIndication(1, media_ssrc)))
        SendToPeer(*publisher->second, std::move(*out));
      return;  // the main video only
    }
  }

  void SendToPeer(const Link& link, std::string datagram) {
    const auto& peer = link.transport.peer();
    if (!peer) return;
    error_code ec;
    auto address = net::ip::make_address(peer->address, ec);
    if (!ec) Send(std::move(datagram), {address, peer->port});
  }

  // type: what happened ("ice.connected", "dtls", ...); code 0 for success, a STUN error
  // code, or -1 for "nothing answered".
  void Journal(const Link& link, std::string type, int code) {
    auto entry = JournalEntry(shared_.clock, journal::Kind::kAnswer, "media", link.id);
    entry.type = std::move(type);
    entry.user = link.user();
    entry.room = link.stream.room_key;
    entry.code = code;
    shared_.journal.Record(std::move(entry));
  }

  SharedState& shared_;
  std::shared_ptr<const webrtc::DtlsContext> dtls_;
  std::string address_;
  std::uint16_t port_ = 0;
  std::array<char, 2048> buffer_{};
  std::shared_ptr<net::steady_timer> synthetic_timer_;
  bool synthetic_running_ = false;
  std::uint64_t synthetic_ticks_ = 0;
  udp::endpoint sender_;
  // Shared by the signaling threads (offers) and the socket's strand (datagrams).
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::string, std::shared_ptr<Link>> by_ufrag_;
  std::map<udp::endpoint, std::shared_ptr<Link>> by_address_;
  std::map<std::string, std::shared_ptr<Link>> publishers_;
  std::multimap<std::string, std::shared_ptr<Link>> subscribers_;
};

// One DTLS certificate and context for every endpoint of the process: making a key and an
// SSL_CTX costs about a millisecond of OpenSSL's locks and lookups, and each scenario starts
// its own servers. A configured SSL_CTX is only read afterwards (SSL_new), safe across threads.
std::shared_ptr<const webrtc::DtlsContext> ProcessDtlsContext(std::string& error) {
  struct Made {
    std::shared_ptr<const webrtc::DtlsContext> context;
    std::string error;
  };
  static const Made made = [] {
    Made result;
    if (auto certificate = webrtc::GenerateSelfSigned())
      result.context = webrtc::DtlsContext::Create(*certificate, result.error);
    else
      result.error = "cannot generate the DTLS certificate";
    return result;
  }();
  if (!made.context) error = made.error;
  return made.context;
}

}  // namespace

std::shared_ptr<service::MediaPlane> StartWebRtcEndpoint(net::io_context& io, const net::ip::address& address,
                                                         std::uint16_t port, SharedState& shared, std::uint16_t& bound,
                                                         std::string& error) {
  auto dtls = ProcessDtlsContext(error);
  if (!dtls) return nullptr;
  auto endpoint = std::make_shared<WebRtcEndpoint>(io, shared, std::move(dtls));
  bound = endpoint->Start({address, port}, error);
  if (!bound) return nullptr;
  return endpoint;
}

}  // namespace trtc::servers
