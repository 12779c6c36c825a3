// RFC 4180 output: the inverse of CsvReader, used by `mdmctl export`.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace mdm::csv {

// `value` as one CSV field: unchanged unless it contains a comma, a double
// quote, CR or LF, in which case it is quoted and inner quotes doubled.
std::string QuoteField(std::string_view value);

// Writes `fields` as one record terminated by "\n" (LF, not RFC 4180's CRLF:
// the output is meant for Unix pipelines and diff; CsvReader accepts both).
void WriteRow(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace mdm::csv
