// libFuzzer target: mdmctl's CSV reader on arbitrary bytes. Besides crashes
// and sanitizer reports, checks the reader's contract: every accepted row has
// one value per header column, lines never go backwards, and reading ends.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "clients/mdmctl/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  mdm::csv::CsvReader::Options options;
  options.max_record_bytes = 4096;  // small, so the limit path is reached
  mdm::csv::CsvReader reader(in, options);
  if (!reader.ReadHeader().ok()) return 0;
  mdm::csv::CsvRow row;
  int64_t last_line = 0;
  size_t rows = 0;
  while (reader.Next(&row)) {
    if (row.ok() && row.fields.size() != reader.header().size()) std::abort();
    if (row.line < last_line) std::abort();
    last_line = row.line;
    if (++rows > size + 1) std::abort();  // every row consumes input
  }
  return 0;
}
