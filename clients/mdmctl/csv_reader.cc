#include "clients/mdmctl/csv_reader.h"

#include <string_view>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/mdmctl/utf8.h"

namespace mdm::csv {
namespace {

constexpr size_t kReadChunk = size_t{64} << 10;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string TrimBlanks(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  const size_t end = s.find_last_not_of(" \t");
  return std::string(s.substr(begin, end - begin + 1));
}

}  // namespace

CsvReader::CsvReader(std::istream& in, Options options)
    : in_(in), options_(std::move(options)) {}

absl::Status CsvReader::ReadHeader() {
  while (buf_.size() - pos_ < kUtf8Bom.size() && Fill()) {
  }
  if (std::string_view(buf_).substr(pos_).starts_with(kUtf8Bom)) {
    pos_ += kUtf8Bom.size();
  }

  CsvRow row;
  bool blank = false;
  Parse parsed;
  do {
    parsed = ParseRecord(&row, &blank);
  } while (parsed == Parse::kRecord && blank);
  if (parsed == Parse::kEnd) {
    return absl::InvalidArgumentError("empty file: no header row");
  }
  if (parsed == Parse::kRejected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "header (line ", row.line, "): ", row.error_column, ": ", row.error));
  }

  std::unordered_map<std::string, size_t> seen;
  for (size_t i = 0; i < row.fields.size(); ++i) {
    if (FindInvalidUtf8(row.fields[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("header: column ", i + 1, " is not valid UTF-8"));
    }
    std::string name = TrimBlanks(row.fields[i]);
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("header: column ", i + 1, " has no name"));
    }
    auto [it, inserted] = seen.emplace(name, i);
    if (!inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat("header: duplicate column \"", name, "\" (columns ",
                       it->second + 1, " and ", i + 1, ")"));
    }
    header_.push_back(std::move(name));
  }
  for (const std::string& required : options_.required_columns) {
    if (!seen.contains(required)) {
      return absl::InvalidArgumentError(
          absl::StrCat("header: missing required column \"", required, "\""));
    }
  }
  return absl::OkStatus();
}

bool CsvReader::Next(CsvRow* row) {
  for (;;) {
    bool blank = false;
    const Parse parsed = ParseRecord(row, &blank);
    if (parsed == Parse::kEnd) return false;
    if (parsed == Parse::kRejected) return true;
    if (blank) continue;
    if (row->fields.size() != header_.size()) {
      row->error = absl::StrCat("expected ", header_.size(), " fields, found ",
                                row->fields.size());
      row->fields.clear();
      return true;
    }
    for (size_t i = 0; i < row->fields.size(); ++i) {
      if (auto bad = FindInvalidUtf8(row->fields[i])) {
        row->error_column = header_[i];
        row->error = absl::StrCat("invalid UTF-8 at byte ", *bad + 1);
        row->fields.clear();
        return true;
      }
    }
    return true;
  }
}

CsvReader::Parse CsvReader::ParseRecord(CsvRow* row, bool* blank) {
  row->fields.clear();
  row->error.clear();
  row->error_column.clear();
  *blank = false;
  rec_start_ = pos_;
  row->line = line_;
  if (Peek() < 0) return Parse::kEnd;

  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  State state = State::kFieldStart;
  bool any_quoted = false;
  std::string field;
  auto end_field = [&] {
    row->fields.push_back(std::move(field));
    field.clear();
  };
  auto end_record = [&] {
    end_field();
    *blank = row->fields.size() == 1 && row->fields[0].empty() && !any_quoted;
    return Parse::kRecord;
  };

  for (;;) {
    if (pos_ == buf_.size() && !Fill()) {
      if (state == State::kQuoted) {
        return Reject(row, row->fields.size(),
                      "unterminated quoted field (no closing quote before the "
                      "end of the file)");
      }
      return end_record();
    }
    if (pos_ - rec_start_ > options_.max_record_bytes) {
      return Reject(row, row->fields.size(),
                    state == State::kQuoted
                        ? absl::StrCat("unterminated quoted field (still open "
                                       "after ",
                                       options_.max_record_bytes, " bytes)")
                        : absl::StrCat("record longer than ",
                                       options_.max_record_bytes, " bytes"));
    }
    const char c = buf_[pos_++];
    switch (state) {
      case State::kFieldStart:
        if (c == '"') {
          state = State::kQuoted;
          any_quoted = true;
          break;
        }
        state = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
        if (c == ',') {
          end_field();
          state = State::kFieldStart;
        } else if (c == '\n') {
          ++line_;
          if (!field.empty() && field.back() == '\r') field.pop_back();
          return end_record();
        } else if (c == '"') {
          return Reject(row, row->fields.size(),
                        "quote inside an unquoted field");
        } else {
          field += c;
        }
        break;
      case State::kQuoted:
        if (c == '"') {
          state = State::kAfterQuote;
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        break;
      case State::kAfterQuote:
        if (c == '"') {  // "" is an escaped quote
          field += '"';
          state = State::kQuoted;
        } else if (c == ',') {
          end_field();
          state = State::kFieldStart;
        } else if (c == '\n') {
          ++line_;
          return end_record();
        } else if (c == '\r' && Peek() == '\n') {
          ++pos_;
          ++line_;
          return end_record();
        } else {
          return Reject(row, row->fields.size(),
                        "unexpected text after a closing quote");
        }
        break;
    }
  }
}

CsvReader::Parse CsvReader::Reject(CsvRow* row, size_t field_index,
                                   std::string reason) {
  row->error_column = ColumnName(field_index);
  row->error = std::move(reason);
  row->fields.clear();
  if (line_ > row->line) {
    // The record ran over several lines, most likely because of a stray
    // quote. Its later lines may be good rows: re-read them rather than lose
    // them under this one error.
    pos_ = buf_.find('\n', rec_start_) + 1;
    line_ = row->line + 1;
  } else {
    SkipRestOfLine();
  }
  return Parse::kRejected;
}

void CsvReader::SkipRestOfLine() {
  for (;;) {
    rec_start_ = pos_;  // nothing before pos_ is needed any more
    if (pos_ == buf_.size() && !Fill()) return;
    if (buf_[pos_++] == '\n') {
      ++line_;
      return;
    }
  }
}

int CsvReader::Peek() {
  if (pos_ == buf_.size() && !Fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

bool CsvReader::Fill() {
  if (eof_) return false;
  if (rec_start_ > 0) {
    buf_.erase(0, rec_start_);
    pos_ -= rec_start_;
    dropped_bytes_ += rec_start_;
    rec_start_ = 0;
  }
  const size_t old_size = buf_.size();
  buf_.resize(old_size + kReadChunk);
  in_.read(buf_.data() + old_size, static_cast<std::streamsize>(kReadChunk));
  const auto got = static_cast<size_t>(in_.gcount());
  buf_.resize(old_size + got);
  if (got == 0) {
    eof_ = true;
    return false;
  }
  return true;
}

std::string CsvReader::ColumnName(size_t index) const {
  if (index < header_.size()) return header_[index];
  return absl::StrCat("field ", index + 1);
}

}  // namespace mdm::csv
