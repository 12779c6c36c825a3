// Plain-text tables in the style of `kubectl get`: an upper-cased header row,
// columns padded by display width (CJK counts double) and separated by two
// spaces, no trailing blanks.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace mdm::ctl {

class Table {
 public:
  explicit Table(std::vector<std::string> headers);

  // Rows shorter than the header are padded with empty cells. Line breaks
  // and tabs inside a cell are shown as spaces so a row stays on one line.
  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace mdm::ctl
