// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace trtc {

// The byte offset of the first invalid sequence, or nullopt when text is valid UTF-8.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

// At most max_bytes of text, never ending inside a multi-byte sequence (for cutting text
// shown in traces and reports, which must stay valid UTF-8).
std::string_view Utf8Prefix(std::string_view text, std::size_t max_bytes);

}  // namespace trtc
