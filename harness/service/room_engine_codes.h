// The documented RoomEngine codes the state machine returns (the catalog's roomengine
// tables; their texts and handling live there).
#pragma once

namespace trtc::service::re {

inline constexpr int kGeneral = -1;
inline constexpr int kRateLimited = -2;
inline constexpr int kInvalidParameter = -1001;
inline constexpr int kNotLoggedIn = -1002;
inline constexpr int kNeedsPackage = -1004;
inline constexpr int kScreenShareTaken = -1109;
inline constexpr int kRoomNotExist = -2100;
inline constexpr int kNotInRoom = -2101;
inline constexpr int kOwnerCannotLeave = -2102;
inline constexpr int kUnsupportedInRoomType = -2103;
inline constexpr int kUnsupportedInSpeakingMode = -2104;
inline constexpr int kInvalidRoomId = -2105;
inline constexpr int kRoomIdInUse = -2106;
inline constexpr int kInvalidRoomName = -2107;
inline constexpr int kInAnotherRoom = -2108;
inline constexpr int kUserNotFound = -2200;
inline constexpr int kUserNotInRoom = -2201;
inline constexpr int kOwnerRequired = -2300;
inline constexpr int kOwnerOrAdminRequired = -2301;
inline constexpr int kRequestNotYours = -2310;
inline constexpr int kRequestInvalid = -2311;
inline constexpr int kSeatsOverPackage = -2340;
inline constexpr int kAlreadyOnSeat = -2341;
inline constexpr int kSeatOccupied = -2342;
inline constexpr int kSeatLocked = -2343;
inline constexpr int kSeatNotExist = -2344;
inline constexpr int kNotOnSeat = -2345;
inline constexpr int kSeatsFull = -2346;
inline constexpr int kSeatAudioLocked = -2360;
inline constexpr int kApplyToOpenMic = -2361;
inline constexpr int kSeatVideoLocked = -2370;
inline constexpr int kApplyToOpenCamera = -2371;
inline constexpr int kAllMuted = -2380;
inline constexpr int kUserMuted = -2381;

}  // namespace trtc::service::re
