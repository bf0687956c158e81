#include "harness/webrtc/sdp.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>

namespace trtc::webrtc::sdp {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

template <typename Int>
std::optional<Int> Number(std::string_view text) {
  Int value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Splits at single spaces; empty pieces are kept so that doubled spaces are refused.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (true) {
    std::size_t space = text.find(' ', start);
    words.push_back(text.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    if (space == std::string_view::npos) return words;
    start = space + 1;
  }
}

// (name, value) of "a=name:value" or "a=name".
std::pair<std::string_view, std::string_view> Attribute(std::string_view value) {
  std::size_t colon = value.find(':');
  if (colon == std::string_view::npos) return {value, {}};
  return {value.substr(0, colon), value.substr(colon + 1)};
}

bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7F; });
}

// What the session level may provide to every section.
struct SessionDefaults {
  std::string ice_ufrag;
  std::string ice_pwd;
  std::string fingerprint_algorithm;
  std::string fingerprint;
  std::string setup;
  std::optional<Direction> direction;
};

class Parser {
 public:
  std::variant<SessionDescription, ParseError> Run(std::string_view text);

 private:
  std::optional<ParseError> Line(std::string_view line);
  std::optional<ParseError> MediaLine(std::string_view value);
  std::optional<ParseError> AttributeLine(std::string_view value);
  std::optional<ParseError> SessionAttribute(std::string_view name, std::string_view value);
  std::optional<ParseError> SectionAttribute(MediaSection& section, std::string_view name, std::string_view value);
  std::optional<ParseError> Rtpmap(MediaSection& section, std::string_view value);
  std::optional<ParseError> Fmtp(MediaSection& section, std::string_view value);
  std::optional<ParseError> RtcpFeedback(MediaSection& section, std::string_view value);
  std::optional<ParseError> SsrcLine(MediaSection& section, std::string_view value);
  std::optional<ParseError> SsrcGroup(MediaSection& section, std::string_view value);
  std::optional<ParseError> Fingerprint(std::string_view value, std::string& algorithm, std::string& fingerprint);
  std::optional<ParseError> Complete();
  ParseError Error(std::string field, std::string reason) const { return {line_, std::move(field), std::move(reason)}; }
  Codec* CodecFor(MediaSection& section, std::string_view payload);

  SessionDescription description_;
  SessionDefaults defaults_;
  int line_ = 0;
  bool saw_version_ = false;
};

std::optional<Direction> DirectionOf(std::string_view name) {
  if (name == "sendrecv") return Direction::kSendRecv;
  if (name == "sendonly") return Direction::kSendOnly;
  if (name == "recvonly") return Direction::kRecvOnly;
  if (name == "inactive") return Direction::kInactive;
  return std::nullopt;
}

std::variant<SessionDescription, ParseError> Parser::Run(std::string_view text) {
  if (text.size() > kMaxDescriptionBytes)
    return ParseError{
        0, "sdp",
        fmt::format("the description is {} bytes; at most {} are accepted", text.size(), kMaxDescriptionBytes)};
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end == std::string_view::npos ? text.size() : end + 1;
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto error = Line(line)) return *error;
  }
  ++line_;
  if (auto error = Complete()) return *error;
  return std::move(description_);
}

std::optional<ParseError> Parser::Line(std::string_view line) {
  if (line.size() < 2 || line[1] != '=' || !std::islower(static_cast<unsigned char>(line[0])))
    return Error("line", "every line must be <letter>=<value>");
  const char type = line[0];
  std::string_view value = line.substr(2);
  if (!saw_version_) {
    if (type != 'v' || value != "0") return Error("v=", "the description must start with v=0");
    saw_version_ = true;
    return std::nullopt;
  }
  if (value.find('\0') != std::string_view::npos) return Error(fmt::format("{}=", type), "NUL in a line");
  if (type == 'm') return MediaLine(value);
  if (type == 'a') return AttributeLine(value);
  return std::nullopt;  // o=, s=, t=, c=, b= ...: nothing the endpoint uses
}

std::optional<ParseError> Parser::MediaLine(std::string_view value) {
  if (description_.media.size() == kMaxMediaSections)
    return Error("m=", fmt::format("more than {} media sections", kMaxMediaSections));
  auto words = Words(value);
  if (words.size() < 4) return Error("m=", "m= needs <media> <port> <proto> <fmt> ...");
  MediaSection section;
  section.line = line_;
  section.kind = std::string(words[0]);
  if (section.kind != "audio" && section.kind != "video" && section.kind != "application")
    return Error("m=", fmt::format("unknown media \"{}\"", section.kind));
  auto port = Number<std::uint16_t>(words[1]);
  if (!port) return Error("m=", fmt::format("port \"{}\" is not a number from 0 to 65535", words[1]));
  section.port = *port;
  section.protocol = std::string(words[2]);
  if (!IsToken(words[2])) return Error("m=", "the protocol is empty");
  for (std::size_t i = 3; i < words.size(); ++i) {
    if (section.kind == "application") break;  // data channels: formats are not payload types
    auto payload_type = Number<int>(words[i]);
    if (!payload_type || *payload_type > 127)
      return Error("m=", fmt::format("format \"{}\" is not a payload type from 0 to 127", words[i]));
    section.formats.push_back(*payload_type);
  }
  if (defaults_.direction) section.direction = *defaults_.direction;
  description_.media.push_back(std::move(section));
  return std::nullopt;
}

std::optional<ParseError> Parser::AttributeLine(std::string_view value) {
  auto [name, argument] = Attribute(value);
  if (name.empty()) return Error("a=", "an attribute needs a name");
  if (description_.media.empty()) return SessionAttribute(name, argument);
  return SectionAttribute(description_.media.back(), name, argument);
}

std::optional<ParseError> Parser::SessionAttribute(std::string_view name, std::string_view value) {
  if (name == "group") {
    auto words = Words(value);
    if (words[0] != "BUNDLE") return std::nullopt;
    if (!description_.bundle.empty()) return Error("a=group", "more than one BUNDLE group");
    for (std::size_t i = 1; i < words.size(); ++i) {
      if (!IsToken(words[i])) return Error("a=group", "an empty mid in the BUNDLE group");
      description_.bundle.emplace_back(words[i]);
    }
    return std::nullopt;
  }
  if (name == "ice-lite") description_.ice_lite = true;
  if (name == "ice-ufrag") defaults_.ice_ufrag = std::string(value);
  if (name == "ice-pwd") defaults_.ice_pwd = std::string(value);
  if (name == "setup") defaults_.setup = std::string(value);
  if (name == "fingerprint") return Fingerprint(value, defaults_.fingerprint_algorithm, defaults_.fingerprint);
  if (auto direction = DirectionOf(name)) defaults_.direction = direction;
  return std::nullopt;
}

std::optional<ParseError> Parser::SectionAttribute(MediaSection& section, std::string_view name,
                                                   std::string_view value) {
  if (name == "mid") {
    if (!IsToken(value)) return Error("a=mid", "the mid is empty");
    section.mid = std::string(value);
  } else if (name == "ice-ufrag") {
    section.ice_ufrag = std::string(value);
  } else if (name == "ice-pwd") {
    section.ice_pwd = std::string(value);
  } else if (name == "setup") {
    section.setup = std::string(value);
  } else if (name == "fingerprint") {
    return Fingerprint(value, section.fingerprint_algorithm, section.fingerprint);
  } else if (name == "rtcp-mux") {
    section.rtcp_mux = true;
  } else if (name == "rtcp-rsize") {
    section.rtcp_rsize = true;
  } else if (name == "msid") {
    section.msid = std::string(value);
  } else if (name == "rtpmap") {
    return Rtpmap(section, value);
  } else if (name == "fmtp") {
    return Fmtp(section, value);
  } else if (name == "rtcp-fb") {
    return RtcpFeedback(section, value);
  } else if (name == "ssrc") {
    return SsrcLine(section, value);
  } else if (name == "ssrc-group") {
    return SsrcGroup(section, value);
  } else if (auto direction = DirectionOf(name)) {
    section.direction = *direction;
  }
  return std::nullopt;
}

Codec* Parser::CodecFor(MediaSection& section, std::string_view payload) {
  auto payload_type = Number<int>(payload);
  if (!payload_type) return nullptr;
  for (auto& codec : section.codecs)
    if (codec.payload_type == *payload_type) return &codec;
  return nullptr;
}

std::optional<ParseError> Parser::Rtpmap(MediaSection& section, std::string_view value) {
  std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return Error("a=rtpmap", "a=rtpmap needs <pt> <name>/<rate>");
  auto payload_type = Number<int>(value.substr(0, space));
  if (!payload_type ||
      std::find(section.formats.begin(), section.formats.end(), *payload_type) == section.formats.end())
    return Error("a=rtpmap", fmt::format("payload type \"{}\" is not in the m= line", value.substr(0, space)));
  if (std::any_of(section.codecs.begin(), section.codecs.end(),
                  [&](const Codec& c) { return c.payload_type == *payload_type; }))
    return Error("a=rtpmap", fmt::format("payload type {} is mapped twice", *payload_type));
  std::string_view encoding = value.substr(space + 1);
  std::size_t slash = encoding.find('/');
  if (slash == std::string_view::npos || slash == 0) return Error("a=rtpmap", "a=rtpmap needs <name>/<rate>");
  Codec codec;
  codec.payload_type = *payload_type;
  codec.name = std::string(encoding.substr(0, slash));
  std::string_view rate = encoding.substr(slash + 1);
  std::size_t channels_slash = rate.find('/');
  if (channels_slash != std::string_view::npos) {
    auto channels = Number<int>(rate.substr(channels_slash + 1));
    if (!channels || *channels < 1 || *channels > 255) return Error("a=rtpmap", "the channel count is not 1 to 255");
    codec.channels = *channels;
    rate = rate.substr(0, channels_slash);
  }
  auto clock_rate = Number<int>(rate);
  if (!clock_rate || *clock_rate <= 0) return Error("a=rtpmap", fmt::format("clock rate \"{}\" is not a number", rate));
  codec.clock_rate = *clock_rate;
  section.codecs.push_back(std::move(codec));
  return std::nullopt;
}

std::optional<ParseError> Parser::Fmtp(MediaSection& section, std::string_view value) {
  std::size_t space = value.find(' ');
  Codec* codec = CodecFor(section, value.substr(0, space));
  if (!codec) return Error("a=fmtp", fmt::format("payload type \"{}\" has no a=rtpmap", value.substr(0, space)));
  codec->fmtp = space == std::string_view::npos ? "" : std::string(value.substr(space + 1));
  return std::nullopt;
}

std::optional<ParseError> Parser::RtcpFeedback(MediaSection& section, std::string_view value) {
  std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return Error("a=rtcp-fb", "a=rtcp-fb needs <pt> <type>");
  std::string_view payload = value.substr(0, space);
  if (payload == "*") {
    for (auto& codec : section.codecs) codec.feedback.emplace_back(value.substr(space + 1));
    return std::nullopt;
  }
  Codec* codec = CodecFor(section, payload);
  if (!codec) return Error("a=rtcp-fb", fmt::format("payload type \"{}\" has no a=rtpmap", payload));
  codec->feedback.emplace_back(value.substr(space + 1));
  return std::nullopt;
}

std::optional<ParseError> Parser::SsrcLine(MediaSection& section, std::string_view value) {
  std::size_t space = value.find(' ');
  auto id = Number<std::uint32_t>(value.substr(0, space));
  if (!id || space == std::string_view::npos) return Error("a=ssrc", "a=ssrc needs <ssrc> <attribute>");
  auto found = std::find_if(section.ssrcs.begin(), section.ssrcs.end(), [&](const Ssrc& s) { return s.id == *id; });
  if (found == section.ssrcs.end()) {
    section.ssrcs.push_back(Ssrc{*id, {}});
    found = section.ssrcs.end() - 1;
  }
  auto [name, argument] = Attribute(value.substr(space + 1));
  if (name == "cname") found->cname = std::string(argument);
  return std::nullopt;
}

std::optional<ParseError> Parser::SsrcGroup(MediaSection& section, std::string_view value) {
  auto words = Words(value);
  if (words[0] != "FID") return std::nullopt;
  std::vector<std::uint32_t> group;
  for (std::size_t i = 1; i < words.size(); ++i) {
    auto id = Number<std::uint32_t>(words[i]);
    if (!id) return Error("a=ssrc-group", fmt::format("\"{}\" is not an ssrc", words[i]));
    group.push_back(*id);
  }
  if (group.size() != 2) return Error("a=ssrc-group", "an FID group has two ssrcs");
  section.fid_groups.push_back(std::move(group));
  return std::nullopt;
}

std::optional<ParseError> Parser::Fingerprint(std::string_view value, std::string& algorithm,
                                              std::string& fingerprint) {
  std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return Error("a=fingerprint", "a=fingerprint needs <hash> <hex:pairs>");
  algorithm = Lower(value.substr(0, space));
  std::string_view hex = value.substr(space + 1);
  // Pairs of hex digits joined by colons: 3n - 1 characters.
  bool well_formed = hex.size() >= 2 && hex.size() % 3 == 2;
  for (std::size_t i = 0; well_formed && i < hex.size(); ++i)
    well_formed = i % 3 == 2 ? hex[i] == ':' : std::isxdigit(static_cast<unsigned char>(hex[i])) != 0;
  if (!well_formed) return Error("a=fingerprint", "the fingerprint must be hex pairs joined by colons");
  fingerprint = Upper(hex);
  return std::nullopt;
}

std::optional<ParseError> Parser::Complete() {
  if (!saw_version_) return Error("v=", "the description is empty");
  if (description_.media.empty()) return Error("m=", "the offer has no media section");
  for (auto& section : description_.media) {
    line_ = section.line;
    if (section.ice_ufrag.empty()) section.ice_ufrag = defaults_.ice_ufrag;
    if (section.ice_pwd.empty()) section.ice_pwd = defaults_.ice_pwd;
    if (section.setup.empty()) section.setup = defaults_.setup;
    if (section.fingerprint.empty()) {
      section.fingerprint = defaults_.fingerprint;
      section.fingerprint_algorithm = defaults_.fingerprint_algorithm;
    }
    if (section.mid.empty()) return Error("a=mid", "a media section has no a=mid");
    if (section.ice_ufrag.empty() || section.ice_pwd.empty())
      return Error("a=ice-ufrag", fmt::format("section {} has no ICE credentials", section.mid));
    if (section.ice_ufrag.size() < 4 || section.ice_ufrag.size() > 256 || section.ice_pwd.size() < 22 ||
        section.ice_pwd.size() > 256)
      return Error("a=ice-pwd", "ICE credentials must be 4-256 (ufrag) and 22-256 (pwd) characters (RFC 8839)");
    if (section.fingerprint.empty())
      return Error("a=fingerprint", fmt::format("section {} has no DTLS fingerprint", section.mid));
    if (section.setup != "actpass" && section.setup != "active")
      return Error("a=setup",
                   fmt::format("section {}: setup must be actpass or active (the endpoint is passive)", section.mid));
    if (std::find(description_.bundle.begin(), description_.bundle.end(), section.mid) == description_.bundle.end())
      return Error("a=group", fmt::format("mid {} is not in the BUNDLE group", section.mid));
    if (!section.rtcp_mux && section.kind != "application")
      return Error("a=rtcp-mux", fmt::format("section {} does not multiplex RTCP", section.mid));
  }
  for (std::size_t i = 0; i < description_.media.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (description_.media[i].mid == description_.media[j].mid) {
        line_ = description_.media[i].line;
        return Error("a=mid", fmt::format("mid {} is used twice", description_.media[i].mid));
      }
  return std::nullopt;
}

bool IsRtx(const Codec& codec) { return Lower(codec.name) == "rtx"; }

bool Accepts(const MediaSection& section, const Codec& codec) {
  const std::string name = Lower(codec.name);
  if (section.kind == "audio") return name == "opus" && codec.clock_rate == 48000;
  if (section.kind != "video") return false;
  return name == "h264" && codec.clock_rate == 90000 && codec.Parameter("packetization-mode") == "1";
}

void WriteCodec(std::string& out, const Codec& codec, bool keep_transport_feedback) {
  out += fmt::format("a=rtpmap:{} {}/{}", codec.payload_type, codec.name, codec.clock_rate);
  if (codec.channels > 0) out += fmt::format("/{}", codec.channels);
  out += "\r\n";
  for (const auto& feedback : codec.feedback) {
    // The endpoint sends no congestion-control feedback, so it does not offer to.
    if (!keep_transport_feedback && (feedback == "transport-cc" || feedback == "goog-remb")) continue;
    out += fmt::format("a=rtcp-fb:{} {}\r\n", codec.payload_type, feedback);
  }
  if (!codec.fmtp.empty()) out += fmt::format("a=fmtp:{} {}\r\n", codec.payload_type, codec.fmtp);
}

void WriteSection(std::string& out, const MediaSection& section, const AnswerParameters& parameters) {
  const auto codecs = AcceptedCodecs(section);
  const bool rejected = codecs.empty() || section.kind == "application";
  std::string formats;
  for (const auto& codec : codecs) formats += fmt::format(" {}", codec.payload_type);
  if (rejected) formats = fmt::format(" {}", section.formats.empty() ? 0 : section.formats.front());
  out += fmt::format("m={} {} {}{}\r\n", section.kind, rejected ? 0 : parameters.candidate_port, section.protocol,
                     formats);
  out += fmt::format("c=IN IP4 {}\r\n", parameters.candidate_address);
  out += fmt::format("a=mid:{}\r\n", section.mid);
  if (rejected) {
    out += "a=inactive\r\n";
    return;
  }
  out += fmt::format("a=ice-ufrag:{}\r\na=ice-pwd:{}\r\n", parameters.ice_ufrag, parameters.ice_pwd);
  out += fmt::format("a=fingerprint:sha-256 {}\r\n", parameters.fingerprint_sha256);
  out += "a=setup:passive\r\n";
  out += fmt::format("a=candidate:1 1 udp 2130706431 {} {} typ host\r\n", parameters.candidate_address,
                     parameters.candidate_port);
  out += "a=end-of-candidates\r\n";
  const AnswerParameters::Sending* sending = nullptr;
  for (const auto& s : parameters.sending)
    if (s.mid == section.mid) sending = &s;
  Direction direction = parameters.direction;
  if (direction == Direction::kSendOnly && !sending) direction = Direction::kInactive;
  if (section.direction == Direction::kInactive) direction = Direction::kInactive;
  out += fmt::format("a={}\r\n", Name(direction));
  out += "a=rtcp-mux\r\n";
  if (section.rtcp_rsize) out += "a=rtcp-rsize\r\n";
  for (const auto& codec : codecs) WriteCodec(out, codec, false);
  if (!sending || direction != Direction::kSendOnly) return;
  out += fmt::format("a=msid:{} {}\r\n", sending->stream_id, sending->track_id);
  for (const auto& group : sending->fid_groups) out += fmt::format("a=ssrc-group:FID {} {}\r\n", group[0], group[1]);
  for (const auto& ssrc : sending->ssrcs) {
    out += fmt::format("a=ssrc:{} cname:{}\r\n", ssrc.id, ssrc.cname.empty() ? sending->stream_id : ssrc.cname);
    out += fmt::format("a=ssrc:{} msid:{} {}\r\n", ssrc.id, sending->stream_id, sending->track_id);
  }
}

}  // namespace

std::string_view Name(Direction direction) {
  switch (direction) {
    case Direction::kSendRecv:
      return "sendrecv";
    case Direction::kSendOnly:
      return "sendonly";
    case Direction::kRecvOnly:
      return "recvonly";
    case Direction::kInactive:
      return "inactive";
  }
  return "inactive";
}

int Codec::associated_payload_type() const {
  auto apt = Number<int>(Parameter("apt"));
  return apt ? *apt : -1;
}

std::string Codec::Parameter(std::string_view parameter) const {
  const std::string wanted = Lower(parameter);
  std::string_view rest = fmtp;
  while (!rest.empty()) {
    std::size_t semicolon = rest.find(';');
    std::string_view pair = rest.substr(0, semicolon);
    rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && Lower(pair.substr(0, equals)) == wanted)
      return std::string(pair.substr(equals + 1));
  }
  return {};
}

const Codec* MediaSection::FindCodec(int payload_type) const {
  for (const auto& codec : codecs)
    if (codec.payload_type == payload_type) return &codec;
  return nullptr;
}

std::variant<SessionDescription, ParseError> ParseOffer(std::string_view text) { return Parser().Run(text); }

std::vector<Codec> AcceptedCodecs(const MediaSection& section) {
  std::vector<Codec> primary;
  for (const auto& codec : section.codecs)
    if (Accepts(section, codec)) primary.push_back(codec);
  // One primary codec: forwarding keeps payload types as the publisher sent them, so every
  // subscriber must receive exactly the publisher's. Prefer the constrained-baseline H.264.
  auto preferred = std::find_if(primary.begin(), primary.end(), [](const Codec& codec) {
    return Lower(codec.Parameter("profile-level-id")).rfind("42e0", 0) == 0;
  });
  if (primary.empty()) return {};
  Codec chosen = preferred != primary.end() ? *preferred : primary.front();
  std::vector<Codec> accepted{chosen};
  for (const auto& codec : section.codecs)
    if (IsRtx(codec) && codec.associated_payload_type() == chosen.payload_type) accepted.push_back(codec);
  return accepted;
}

bool LacksH264(const SessionDescription& offer) {
  return std::any_of(offer.media.begin(), offer.media.end(), [](const MediaSection& section) {
    return section.kind == "video" && section.direction != Direction::kInactive && AcceptedCodecs(section).empty();
  });
}

std::string WriteAnswer(const SessionDescription& offer, const AnswerParameters& parameters) {
  std::string out;
  out += "v=0\r\n";
  out += fmt::format("o=- {} 2 IN IP4 {}\r\n", parameters.session_id, parameters.candidate_address);
  out += "s=-\r\nt=0 0\r\n";
  out += "a=group:BUNDLE";
  for (const auto& section : offer.media)
    if (!AcceptedCodecs(section).empty()) out += " " + section.mid;
  out += "\r\na=ice-lite\r\na=msid-semantic: WMS *\r\n";
  for (const auto& section : offer.media) WriteSection(out, section, parameters);
  return out;
}

}  // namespace trtc::webrtc::sdp
