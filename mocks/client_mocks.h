// gMock mocks of the client-facing interfaces and the matchers a suite is written with:
//
//   EXPECT_CALL(observer, OnError(AllOf(HasCode(Sdk("JOIN_ROOM_FAILED")), HasExtraCode(70001),
//                                       RecommendsHandling(Action::kRegenerateUserSig),
//                                       MessageIs(Locale::kZh))));
//
// MessageIs(locale) checks the documented text of the entry that speaks for the error
// (documented_error.h) in that locale; IsDocumentedBy("web-v4/account/70001") checks that
// the error is the one that entry documents.
#pragma once

#include <gmock/gmock.h>

#include <string>

#include "harness/client/client.h"
#include "harness/client/documented_error.h"

namespace trtc::mocks {

class MockClientObserver : public client::ClientObserver {
 public:
  MOCK_METHOD(void, OnError, (const client::SurfacedError& error), (override));
  MOCK_METHOD(void, OnEvent, (const client::ClientEvent& event), (override));
  MOCK_METHOD(void, OnResult, (const client::OperationResult& result), (override));
};

// The code of a web-v4 sdk key, for readable expectations: HasCode(Sdk("CLIENT_BANNED")).
inline int Sdk(std::string_view key) { return client::SdkCode(key).value_or(0); }

MATCHER_P(HasCode, code, "has code " + ::testing::PrintToString(code)) {
  *result_listener << "code " << arg.code;
  return arg.code == code;
}

MATCHER_P(HasExtraCode, extra_code, "has extra code " + ::testing::PrintToString(extra_code)) {
  if (!arg.extra_code) return *result_listener << "no extra code", false;
  *result_listener << "extra code " << *arg.extra_code;
  return *arg.extra_code == extra_code;
}

MATCHER(HasNoExtraCode, "has no extra code") {
  if (arg.extra_code) *result_listener << "extra code " << *arg.extra_code;
  return !arg.extra_code;
}

MATCHER_P(InFamily, family, "is a " + std::string(catalog::ToString(family)) + " error") {
  *result_listener << "family " << arg.family;
  return arg.family == catalog::ToString(family);
}

MATCHER_P(HasReason, reason, "has reason \"" + std::string(reason) + "\"") {
  *result_listener << "reason \"" << arg.reason << "\"";
  return arg.reason == reason;
}

// A client that reports no handling label matches: its handling is judged by what it does.
MATCHER_P(RecommendsHandling, action, "recommends " + std::string(catalog::ToString(action)) + " (if it says one)") {
  if (!arg.handling) return *result_listener << "no handling label", true;
  *result_listener << "handling " << arg.handling->ToString();
  return arg.handling->action == action;
}

// The documented text of the error's entry, in `locale` (or the documents' fallback).
MATCHER_P(MessageIs, locale, "has the documented message in " + std::string(catalog::ToString(locale))) {
  const auto family = catalog::ParseFamily(arg.family).value_or(catalog::Family::kWebV4);
  const auto* entry = client::DocumentedEntry(family, arg.code, arg.extra_code, arg.reason);
  if (!entry) return *result_listener << "no catalog entry documents this error", false;
  auto [text, expected_locale] = client::TextIn(*entry, locale);
  if (arg.locale != expected_locale)
    return *result_listener << "message in " << catalog::ToString(arg.locale) << ", not "
                            << catalog::ToString(expected_locale),
           false;
  if (arg.message != text) return *result_listener << "message \"" << arg.message << "\"", false;
  return true;
}

MATCHER_P(IsDocumentedBy, id, "is documented by " + std::string(id)) {
  const auto family = catalog::ParseFamily(arg.family).value_or(catalog::Family::kWebV4);
  const auto* entry = client::DocumentedEntry(family, arg.code, arg.extra_code, arg.reason);
  *result_listener << "documented by " << (entry ? entry->id : std::string("nothing"));
  return entry && entry->id == id;
}

MATCHER_P(SurfacedWithin, ms, "surfaced within " + ::testing::PrintToString(ms) + " ms of client time") {
  *result_listener << "surfaced at " << arg.at_ms << " ms";
  return arg.at_ms <= ms;
}

MATCHER_P(IsEvent, name, "is event " + std::string(name)) { return arg.name == name; }

MATCHER_P2(IsEventWith, name, data,
           "is event " + std::string(name) + " with " + ::testing::PrintToString(data.dump())) {
  if (arg.name != name) return false;
  for (const auto& [key, value] : data.items())
    if (!arg.data.contains(key) || arg.data[key] != value) return false;
  return true;
}

}  // namespace trtc::mocks
