// Terminal column width of UTF-8 text, so tables with Chinese names line up.
#pragma once

#include <string_view>

namespace mdm::ctl {

// Columns `text` takes on a terminal: 2 for East Asian Wide and Fullwidth
// characters (汉字, fullwidth forms), 0 for combining marks, format and
// control characters, 1 otherwise. Malformed bytes count 1 each.
int DisplayWidth(std::string_view text);

}  // namespace mdm::ctl
