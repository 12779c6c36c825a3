// A note about one input row, printed as `line N: field: reason (value)`.
#pragma once

#include <cstdint>
#include <string>

namespace mdm::ctl {

struct RowIssue {
  int64_t line = 0;
  std::string field;  // column or hub field path; empty for the whole row
  std::string reason;
  std::string value;  // offending value as written; may be empty
};

// `line N: field: reason (value)`; the field and value parts are left out
// when empty.
std::string FormatRowIssue(const RowIssue& issue);

}  // namespace mdm::ctl
