#include "clients/mdmctl/row_issue.h"

#include "absl/strings/str_cat.h"

namespace mdm::ctl {

std::string FormatRowIssue(const RowIssue& issue) {
  std::string text = absl::StrCat("line ", issue.line, ": ");
  if (!issue.field.empty()) absl::StrAppend(&text, issue.field, ": ");
  absl::StrAppend(&text, issue.reason);
  if (!issue.value.empty()) absl::StrAppend(&text, " (", issue.value, ")");
  return text;
}

}  // namespace mdm::ctl
