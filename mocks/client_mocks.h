// gMock mocks of the client-facing interfaces and the matchers a suite is written with:
//
//   EXPECT_CALL(observer, OnError(AllOf(HasCode(Sdk("JOIN_ROOM_FAILED")), HasExtraCode(70001),
//                                       RecommendsHandling(Action::kRegenerateUserSig),
//                                       MessageIs(Locale::kZh))));
//
// MessageIs(locale) checks the documented text of the entry that speaks for the error
// (documented_error.h) in that locale; IsDocumentedBy("web-v4/account/70001") checks that
// the error is the one that entry documents.
//
// As the gMock cookbook writes matchers: every description reads right under Not() (the
// `negation` of MATCHER_P), every mismatch explains what was there instead, and
// AllOfExplained names every mismatching field, not only the first as AllOf does.
#pragma once

#include <gmock/gmock.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

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

// AllOf over `matchers` that, on a mismatch, explains every matcher that failed ("code
// 16389, and no extra code"), where AllOf stops at the first; on a match, every explanation.
template <class T>
class AllOfExplainedMatcher : public testing::MatcherInterface<const T&> {
 public:
  explicit AllOfExplainedMatcher(std::vector<testing::Matcher<const T&>> matchers) : matchers_(std::move(matchers)) {}

  bool MatchAndExplain(const T& value, testing::MatchResultListener* listener) const override {
    std::vector<std::string> matched, mismatched;
    for (const auto& matcher : matchers_) {
      testing::StringMatchResultListener why;
      const bool ok = matcher.MatchAndExplain(value, &why);
      // A matcher without an explanation is explained by what it wanted.
      std::string text = why.str().empty() ? testing::DescribeMatcher<const T&>(matcher, !ok) : why.str();
      (ok ? matched : mismatched).push_back(std::move(text));
    }
    const auto& explained = mismatched.empty() ? matched : mismatched;
    for (std::size_t i = 0; i < explained.size(); ++i) *listener << (i ? ", and " : "") << explained[i];
    return mismatched.empty();
  }
  void DescribeTo(std::ostream* out) const override { Describe(out, false); }
  void DescribeNegationTo(std::ostream* out) const override { Describe(out, true); }

 private:
  // "(a) and (b)"; negated, "(not a) or (not b)".
  void Describe(std::ostream* out, bool negation) const {
    for (std::size_t i = 0; i < matchers_.size(); ++i)
      *out << (i ? (negation ? " or " : " and ") : "") << "("
           << testing::DescribeMatcher<const T&>(matchers_[i], negation) << ")";
  }
  std::vector<testing::Matcher<const T&>> matchers_;
};

template <class T>
testing::Matcher<const T&> AllOfExplained(std::vector<testing::Matcher<const T&>> matchers) {
  return testing::MakeMatcher(new AllOfExplainedMatcher<T>(std::move(matchers)));
}

MATCHER_P(HasCode, code, std::string(negation ? "doesn't have" : "has") + " code " + ::testing::PrintToString(code)) {
  *result_listener << "code " << arg.code;
  return arg.code == code;
}

MATCHER_P(HasExtraCode, extra_code,
          std::string(negation ? "doesn't have" : "has") + " extra code " + ::testing::PrintToString(extra_code)) {
  if (!arg.extra_code) return *result_listener << "no extra code", false;
  *result_listener << "extra code " << *arg.extra_code;
  return *arg.extra_code == extra_code;
}

MATCHER(HasNoExtraCode, negation ? "has an extra code" : "has no extra code") {
  *result_listener << (arg.extra_code ? "extra code " + std::to_string(*arg.extra_code) : "no extra code");
  return !arg.extra_code;
}

MATCHER_P(InFamily, family,
          std::string(negation ? "isn't" : "is") + " a " + std::string(catalog::ToString(family)) + " error") {
  *result_listener << "family " << arg.family;
  return arg.family == catalog::ToString(family);
}

MATCHER_P(HasReason, reason,
          std::string(negation ? "doesn't have" : "has") + " reason \"" + std::string(reason) + "\"") {
  *result_listener << "reason \"" << arg.reason << "\"";
  return arg.reason == reason;
}

// A client that reports no handling label matches: its handling is judged by what it does.
MATCHER_P(RecommendsHandling, action,
          negation ? "says it recommends a handling other than " + std::string(catalog::ToString(action))
                   : "recommends " + std::string(catalog::ToString(action)) + " (if it says one)") {
  if (!arg.handling) return *result_listener << "no handling label", true;
  *result_listener << "handling " << arg.handling->ToString();
  return arg.handling->action == action;
}

// The documented text of the error's entry, in `locale` (or the documents' fallback).
MATCHER_P(MessageIs, locale,
          std::string(negation ? "doesn't have" : "has") + " the documented message in " +
              std::string(catalog::ToString(locale))) {
  const auto family = catalog::ParseFamily(arg.family).value_or(catalog::Family::kWebV4);
  const auto* entry = client::DocumentedEntry(family, arg.code, arg.extra_code, arg.reason);
  if (!entry) return *result_listener << "no catalog entry documents this error", false;
  auto [text, expected_locale] = client::TextIn(*entry, locale);
  if (arg.locale != expected_locale)
    return *result_listener << "message in " << catalog::ToString(arg.locale) << ", not "
                            << catalog::ToString(expected_locale),
           false;
  *result_listener << "message \"" << arg.message << "\"";
  return arg.message == text;
}

MATCHER_P(IsDocumentedBy, id, std::string(negation ? "isn't" : "is") + " documented by " + std::string(id)) {
  const auto family = catalog::ParseFamily(arg.family).value_or(catalog::Family::kWebV4);
  const auto* entry = client::DocumentedEntry(family, arg.code, arg.extra_code, arg.reason);
  *result_listener << "documented by " << (entry ? entry->id : std::string("nothing"));
  return entry && entry->id == id;
}

MATCHER_P(SurfacedWithin, ms,
          std::string(negation ? "surfaced later than " : "surfaced within ") + ::testing::PrintToString(ms) +
              " ms of client time") {
  *result_listener << "surfaced at " << arg.at_ms << " ms";
  return arg.at_ms <= ms;
}

MATCHER_P(IsEvent, name, std::string(negation ? "isn't" : "is") + " event " + std::string(name)) {
  *result_listener << "event " << arg.name;
  return arg.name == name;
}

// The event `name` whose data has every member of `data` (other members may be there too).
// A mismatch names every field that differs.
MATCHER_P2(IsEventWith, name, data,
           std::string(negation ? "isn't" : "is") + " event " + std::string(name) + " with " + data.dump()) {
  std::vector<std::string> differences;
  if (arg.name != name) differences.push_back("event " + arg.name);
  for (const auto& [key, value] : data.items()) {
    if (!arg.data.contains(key))
      differences.push_back("no data." + key);
    else if (arg.data[key] != value)
      differences.push_back("data." + key + " " + arg.data[key].dump());
  }
  if (differences.empty()) return *result_listener << "event " << arg.name << " with " << data.dump(), true;
  for (std::size_t i = 0; i < differences.size(); ++i) *result_listener << (i ? ", and " : "") << differences[i];
  return false;
}

}  // namespace trtc::mocks
