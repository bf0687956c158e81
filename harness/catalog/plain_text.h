// Renders one documented table cell as plain text: <br> and list items become lines,
// other HTML tags and markdown emphasis/code marks are dropped, links become
// "text (url)", and runs of white space fold to one space.
#pragma once

#include <string>
#include <string_view>

namespace trtc::catalog {

std::string PlainText(std::string_view raw);

}  // namespace trtc::catalog
