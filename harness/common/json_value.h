// json.value(key, fallback) throws when the member exists with another type, and when the
// document is not an object; untrusted documents (scenario files, adapter lines, server
// frames read by the client) must never throw. ValueOr returns the fallback instead.
#pragma once

#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace trtc {

template <class T>
bool JsonHolds(const nlohmann::json& v) {
  if constexpr (std::is_same_v<T, bool>) return v.is_boolean();
  if constexpr (std::is_same_v<T, std::string>) return v.is_string();
  if constexpr (std::is_unsigned_v<T>) return v.is_number_unsigned();
  if constexpr (std::is_integral_v<T>) return v.is_number_integer();
  if constexpr (std::is_same_v<T, nlohmann::json>) return true;
  return false;
}

template <class T>
T ValueOr(const nlohmann::json& object, const char* key, T fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end() || !JsonHolds<T>(*it)) return fallback;
  return it->template get<T>();
}

inline std::string StringOr(const nlohmann::json& object, const char* key, std::string fallback = "") {
  return ValueOr<std::string>(object, key, std::move(fallback));
}

}  // namespace trtc
