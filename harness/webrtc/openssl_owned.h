// unique_ptr for OpenSSL objects, freed by their own free function.
#pragma once

#include <memory>
#include <type_traits>

namespace trtc::webrtc {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, std::integral_constant<decltype(Free), Free>>;

}  // namespace trtc::webrtc
