// Whole-file reads and writes, errors as values.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace trtc {

// The file's bytes, or nullopt when it cannot be opened or read.
[[nodiscard]] std::optional<std::string> ReadFile(const std::filesystem::path& path);

// Replaces the file's contents; false when it cannot be written.
bool WriteFile(const std::filesystem::path& path, std::string_view contents);

}  // namespace trtc
