// SDP (RFC 8866) for the WebRTC media endpoint: a strict parser for the offers browsers
// send (untrusted input: bounded, never reads past the text) and the ICE-lite answer the
// endpoint gives. Only what a BUNDLEd, rtcp-muxed DTLS-SRTP session needs is modelled;
// attributes the endpoint does not use are ignored, as RFC 8866 section 5.13 asks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace trtc::webrtc::sdp {

enum class Direction { kSendRecv, kSendOnly, kRecvOnly, kInactive };
std::string_view Name(Direction direction);

struct Codec {
  int payload_type = 0;
  std::string name;  // as written ("H264", "opus", "rtx")
  int clock_rate = 0;
  int channels = 0;                   // 0: not given
  std::string fmtp;                   // the a=fmtp parameters, as written
  std::vector<std::string> feedback;  // a=rtcp-fb values ("nack", "nack pli", ...)
  // fmtp's apt=<pt> for rtx and red; -1 when absent.
  int associated_payload_type() const;
  // fmtp's parameter (case-insensitive name), empty when absent.
  std::string Parameter(std::string_view name) const;
};

struct Ssrc {
  std::uint32_t id = 0;
  std::string cname;
};

struct MediaSection {
  int line = 0;      // the m= line's number (1-based)
  std::string kind;  // "audio", "video" or "application"
  std::uint16_t port = 0;
  std::string protocol;
  std::vector<int> formats;  // payload types in the m= line's order
  std::string mid;
  Direction direction = Direction::kSendRecv;
  std::string ice_ufrag;
  std::string ice_pwd;
  std::string fingerprint_algorithm;  // lower case ("sha-256")
  std::string fingerprint;            // upper-case hex pairs with colons
  std::string setup;                  // "actpass", "active", "passive"
  bool rtcp_mux = false;
  bool rtcp_rsize = false;
  std::string msid;           // a=msid value
  std::vector<Codec> codecs;  // in the m= line's order; only formats with an rtpmap or static
  std::vector<Ssrc> ssrcs;
  std::vector<std::vector<std::uint32_t>> fid_groups;  // a=ssrc-group:FID

  const Codec* FindCodec(int payload_type) const;
};

struct SessionDescription {
  std::vector<std::string> bundle;  // a=group:BUNDLE mids
  bool ice_lite = false;
  std::vector<MediaSection> media;
};

// Where and why an offer is refused: 1-based line, the line's field ("m=", "a=rtpmap"),
// and a reason a person can act on.
struct [[nodiscard]] ParseError {
  int line = 0;
  std::string field;
  std::string reason;
};

inline constexpr std::size_t kMaxDescriptionBytes = 64 * 1024;
inline constexpr std::size_t kMaxMediaSections = 16;

// Parses and checks an offer for this endpoint: v=0 first, well-formed lines, every
// section with a mid, ICE credentials, a fingerprint and a setup role (section or session
// level), every mid in the BUNDLE group, rtcp-mux on every bundled section.
[[nodiscard]] std::variant<SessionDescription, ParseError> ParseOffer(std::string_view text);

// What the endpoint puts in its answer besides what it mirrors from the offer.
struct AnswerParameters {
  std::string ice_ufrag;
  std::string ice_pwd;
  std::string fingerprint_sha256;  // upper-case hex pairs with colons
  std::string candidate_address;   // "127.0.0.1"
  std::uint16_t candidate_port = 0;
  std::uint64_t session_id = 1;
  // The endpoint receives (a publish: recvonly) or sends (a subscription: sendonly).
  Direction direction = Direction::kRecvOnly;
  // For a subscription: what the endpoint will send on each mid (the publisher's ssrcs).
  struct Sending {
    std::string mid;
    std::string stream_id;
    std::string track_id;
    std::vector<Ssrc> ssrcs;
    std::vector<std::vector<std::uint32_t>> fid_groups;
  };
  std::vector<Sending> sending;
};

// The codecs the endpoint accepts in a section, in the offer's order: audio keeps opus;
// video keeps H.264 with packetization-mode 1 (the documents' NOT_SUPPORTED_H264 is what a
// video section without it gets) and each kept codec's rtx.
[[nodiscard]] std::vector<Codec> AcceptedCodecs(const MediaSection& section);

// True when a video section offers no H.264 the endpoint can take.
[[nodiscard]] bool LacksH264(const SessionDescription& offer);

[[nodiscard]] std::string WriteAnswer(const SessionDescription& offer, const AnswerParameters& parameters);

}  // namespace trtc::webrtc::sdp
