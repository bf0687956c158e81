// Wire names of the protocol's enumerations, shared by the codec and Name().
#pragma once

#include <array>
#include <string_view>
#include <utility>

#include "harness/wire/protocol.h"

namespace trtc::wire {

template <class E>
struct EnumNames;

template <>
struct EnumNames<Role> {
  static constexpr std::array<std::pair<std::string_view, Role>, 2> kValues{
      {{"anchor", Role::kAnchor}, {"audience", Role::kAudience}}};
};
template <>
struct EnumNames<StreamKind> {
  static constexpr std::array<std::pair<std::string_view, StreamKind>, 2> kValues{
      {{"main", StreamKind::kMain}, {"aux", StreamKind::kAux}}};
};
template <>
struct EnumNames<RoomType> {
  static constexpr std::array<std::pair<std::string_view, RoomType>, 2> kValues{
      {{"conference", RoomType::kConference}, {"live", RoomType::kLive}}};
};
template <>
struct EnumNames<SeatMode> {
  static constexpr std::array<std::pair<std::string_view, SeatMode>, 2> kValues{
      {{"free", SeatMode::kFree}, {"apply", SeatMode::kApply}}};
};
template <>
struct EnumNames<RoomRole> {
  static constexpr std::array<std::pair<std::string_view, RoomRole>, 3> kValues{
      {{"owner", RoomRole::kOwner}, {"admin", RoomRole::kAdmin}, {"member", RoomRole::kMember}}};
};
template <>
struct EnumNames<Device> {
  static constexpr std::array<std::pair<std::string_view, Device>, 3> kValues{
      {{"microphone", Device::kMicrophone}, {"camera", Device::kCamera}, {"screen", Device::kScreen}}};
};
template <>
struct EnumNames<Media> {
  static constexpr std::array<std::pair<std::string_view, Media>, 3> kValues{
      {{"audio", Media::kAudio}, {"video", Media::kVideo}, {"message", Media::kMessage}}};
};

template <>
struct EnumNames<MediaDirection> {
  static constexpr std::array<std::pair<std::string_view, MediaDirection>, 2> kValues{
      {{"publish", MediaDirection::kPublish}, {"subscribe", MediaDirection::kSubscribe}}};
};

}  // namespace trtc::wire
