#include "clients/mdmctl/table.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "clients/mdmctl/display_width.h"

namespace mdm::ctl {
namespace {

std::string Flatten(std::string cell) {
  std::replace_if(
      cell.begin(), cell.end(),
      [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return cell;
}

}  // namespace

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {
  for (std::string& header : headers_) absl::AsciiStrToUpper(&header);
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(std::max(cells.size(), headers_.size()));
  for (std::string& cell : cells) cell = Flatten(std::move(cell));
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out) const {
  std::vector<int> widths;
  auto measure = [&widths](const std::vector<std::string>& row) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);

  auto print = [&](const std::vector<std::string>& row) {
    // Drop trailing empty cells so lines end without padding.
    size_t last = row.size();
    while (last > 0 && row[last - 1].empty()) --last;
    for (size_t i = 0; i < last; ++i) {
      out << row[i];
      if (i + 1 < last) {
        out << std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
      }
    }
    out << '\n';
  };
  print(headers_);
  for (const auto& row : rows_) print(row);
}

}  // namespace mdm::ctl
