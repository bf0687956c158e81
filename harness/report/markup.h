// Escaping shared by the XML and HTML writers.
#pragma once

#include <string>
#include <string_view>

namespace trtc::report {

// &, <, >, " and ' as entities; characters XML 1.0 forbids (controls other than tab, CR,
// LF) as U+FFFD, so any client text makes a well-formed document.
std::string Escaped(std::string_view text);

}  // namespace trtc::report
