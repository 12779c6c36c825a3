// Streaming RFC 4180 reader for the canonical import CSV (DESIGN §8).
//
// Accepts quoted fields with "" escapes and line breaks inside quotes, CRLF
// or LF line ends and an optional UTF-8 byte order mark. The first record is
// the header. A malformed data row is rejected on its own (reported with the
// physical line it starts on) and reading goes on; only header problems are
// fatal. Blank lines are skipped.
//
// Not thread-safe. The reader does not own the stream, which must outlive it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace mdm::csv {

// One data row, or the reason it was rejected.
struct CsvRow {
  // 1-based physical line on which the row starts.
  int64_t line = 0;
  // One value per header column; valid only when ok().
  std::vector<std::string> fields;
  // For a rejected row: the column at fault (empty when the row as a whole
  // is, e.g. a wrong number of fields) and the reason.
  std::string error_column;
  std::string error;

  bool ok() const { return error.empty(); }
};

class CsvReader {
 public:
  struct Options {
    // Header names that must be present; a missing one is fatal. Default none.
    std::vector<std::string> required_columns;
    // Longest record accepted, in bytes (default 8 MiB). Bounds memory when a
    // stray quote opens a field that never closes: such a record is rejected
    // as unterminated and reading resumes on the line after its first line,
    // so one bad quote cannot swallow the rest of the file.
    size_t max_record_bytes = size_t{8} << 20;
  };

  explicit CsvReader(std::istream& in) : CsvReader(in, Options()) {}
  CsvReader(std::istream& in, Options options);

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads and checks the header row; call once, before Next(). Returns
  // InvalidArgument for an empty file, a malformed header, an empty or
  // duplicate column name, or a missing required column.
  absl::Status ReadHeader();

  // Column names, trimmed of surrounding blanks. Valid after ReadHeader().
  const std::vector<std::string>& header() const { return header_; }

  // Reads the next data row into `*row` (accepted or rejected). Returns false
  // at the end of input.
  bool Next(CsvRow* row);

  // Bytes of input consumed so far, BOM and header included (for progress).
  uint64_t bytes_consumed() const { return dropped_bytes_ + pos_; }

 private:
  enum class Parse { kRecord, kRejected, kEnd };

  // Parses one record starting at pos_. On kRecord fills `fields` (and
  // `*blank` when the record was an empty line); on kRejected fills the
  // error fields of `*row`. `row->line` is set in both cases.
  Parse ParseRecord(CsvRow* row, bool* blank);
  // Rejects the record started at rec_start_ for `reason`, blaming field
  // `field_index`, and moves to where the next record should start.
  Parse Reject(CsvRow* row, size_t field_index, std::string reason);
  // Consumes input up to and including the next LF, quotes notwithstanding.
  void SkipRestOfLine();
  // Next unread byte without consuming it, or -1 at end of input.
  int Peek();
  // Appends more input to buf_, dropping bytes before rec_start_. False at
  // end of input.
  bool Fill();
  std::string ColumnName(size_t index) const;

  std::istream& in_;
  const Options options_;
  std::vector<std::string> header_;

  // Unconsumed input is buf_[pos_, end); buf_[rec_start_, pos_) is the raw
  // text of the record being parsed, kept so an unterminated one can be
  // re-read from its second line.
  std::string buf_;
  size_t pos_ = 0;
  size_t rec_start_ = 0;
  uint64_t dropped_bytes_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;  // physical line of buf_[pos_]
};

}  // namespace mdm::csv
