#include "clients/mdmctl/csv_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mdm::csv {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// All rows of `text` (header read first and required to succeed).
std::vector<CsvRow> ReadAll(const std::string& text,
                            CsvReader::Options options = {}) {
  std::istringstream in(text);
  CsvReader reader(in, options);
  EXPECT_TRUE(reader.ReadHeader().ok());
  std::vector<CsvRow> rows;
  CsvRow row;
  while (reader.Next(&row)) rows.push_back(row);
  return rows;
}

absl::Status HeaderStatus(const std::string& text,
                          CsvReader::Options options = {}) {
  std::istringstream in(text);
  CsvReader reader(in, options);
  return reader.ReadHeader();
}

TEST(CsvReaderTest, ReadsPlainRowsWithTheirLineNumbers) {
  auto rows = ReadAll("id,name\n1,Ann\n2,Bob\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_THAT(rows[0].fields, ElementsAre("1", "Ann"));
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_THAT(rows[1].fields, ElementsAre("2", "Bob"));
}

TEST(CsvReaderTest, HeaderNamesAreTrimmed) {
  std::istringstream in(" id , name\n");
  CsvReader reader(in);
  ASSERT_TRUE(reader.ReadHeader().ok());
  EXPECT_THAT(reader.header(), ElementsAre("id", "name"));
}

TEST(CsvReaderTest, LastRowWithoutLineBreakIsRead) {
  auto rows = ReadAll("id,name\n1,Ann");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(rows[0].fields, ElementsAre("1", "Ann"));
}

TEST(CsvReaderTest, QuotedFieldsKeepCommasAndDoubledQuotes) {
  auto rows = ReadAll("id,name\n1,\"Wang, \"\"Ming\"\"\"\n");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(rows[0].ok()) << rows[0].error;
  EXPECT_THAT(rows[0].fields, ElementsAre("1", "Wang, \"Ming\""));
}

TEST(CsvReaderTest, EmptyQuotedAndUnquotedFields) {
  auto rows = ReadAll("a,b,c\n,\"\",x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(rows[0].fields, ElementsAre("", "", "x"));
}

TEST(CsvReaderTest, EmbeddedNewlineKeepsRowStartLineAndCountsLines) {
  auto rows = ReadAll("id,address\n1,\"line one\nline two\"\n2,x\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_THAT(rows[0].fields, ElementsAre("1", "line one\nline two"));
  EXPECT_EQ(rows[1].line, 4);
}

TEST(CsvReaderTest, CrlfLineEndsAreStripped) {
  auto rows = ReadAll("id,name\r\n1,Ann\r\n2,\"Bob\"\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("1", "Ann"));
  EXPECT_THAT(rows[1].fields, ElementsAre("2", "Bob"));
  EXPECT_EQ(rows[1].line, 3);
}

TEST(CsvReaderTest, CrlfInsideQuotesIsKeptAsData) {
  auto rows = ReadAll("id,note\r\n1,\"a\r\nb\"\r\n2,c\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[1], "a\r\nb");
  EXPECT_EQ(rows[1].line, 4);
}

TEST(CsvReaderTest, Utf8BomIsSkipped) {
  std::istringstream in("\xEF\xBB\xBFsource_record_id,name\n1,王小明\n");
  CsvReader reader(in);
  ASSERT_TRUE(reader.ReadHeader().ok());
  EXPECT_THAT(reader.header(), ElementsAre("source_record_id", "name"));
  CsvRow row;
  ASSERT_TRUE(reader.Next(&row));
  EXPECT_THAT(row.fields, ElementsAre("1", "王小明"));
}

TEST(CsvReaderTest, BlankLinesAreSkipped) {
  auto rows = ReadAll("id,name\n\n1,Ann\n\r\n2,Bob\n\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 3);
  EXPECT_EQ(rows[1].line, 5);
}

TEST(CsvReaderTest,
     UnterminatedQuoteRejectsRowAtItsStartLineAndRereadsTheRest) {
  auto rows = ReadAll("id,name\n1,Ann\n2,\"Bob\n3,Cid\n4,Dee\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[0].ok());
  EXPECT_FALSE(rows[1].ok());
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].error_column, "name");
  EXPECT_THAT(rows[1].error, HasSubstr("unterminated"));
  // The lines the open quote ran over are not lost.
  EXPECT_EQ(rows[2].line, 4);
  EXPECT_THAT(rows[2].fields, ElementsAre("3", "Cid"));
  EXPECT_EQ(rows[3].line, 5);
  EXPECT_THAT(rows[3].fields, ElementsAre("4", "Dee"));
}

TEST(CsvReaderTest, UnterminatedQuoteOnLastLineIsReported) {
  auto rows = ReadAll("id,name\n1,\"Ann");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_THAT(rows[0].error, HasSubstr("unterminated"));
}

TEST(CsvReaderTest, OverlongOpenQuoteIsCutOffAndReadingResumes) {
  CsvReader::Options options;
  options.max_record_bytes = 20;
  std::string text = "id,name\n1,\"open\n";
  for (int i = 2; i < 10; ++i) text += std::to_string(i) + ",fine\n";
  text += "10,\"closes\"\n";
  auto rows = ReadAll(text, options);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_THAT(rows[0].error, HasSubstr("unterminated"));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_THAT(rows[1].fields, ElementsAre("2", "fine"));
}

TEST(CsvReaderTest, QuoteInsideUnquotedFieldRejectsOnlyThatRow) {
  auto rows = ReadAll("id,name\n1,Ann \"Jo\" Lee\n2,Bob\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].ok());
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].error_column, "name");
  EXPECT_THAT(rows[0].error, HasSubstr("quote inside an unquoted field"));
  EXPECT_TRUE(rows[1].ok());
  EXPECT_EQ(rows[1].line, 3);
}

TEST(CsvReaderTest, GarbageAfterClosingQuoteRejectsOnlyThatRow) {
  auto rows = ReadAll("id,name\n1,\"Ann\"x,\n2,Bob\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].ok());
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].error_column, "name");
  EXPECT_THAT(rows[0].error, HasSubstr("after a closing quote"));
  EXPECT_THAT(rows[1].fields, ElementsAre("2", "Bob"));
}

TEST(CsvReaderTest, WrongFieldCountIsRejected) {
  auto rows = ReadAll("id,name\n1\n2,Bob,extra\n3,Cid\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].error, "expected 2 fields, found 1");
  EXPECT_THAT(rows[0].error_column, IsEmpty());
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].error, "expected 2 fields, found 3");
  EXPECT_TRUE(rows[2].ok());
}

TEST(CsvReaderTest, InvalidUtf8IsRejectedNamingTheColumn) {
  auto rows = ReadAll("id,name\n1,ab\xC3(\n2,\xE7\x8E\x8B\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].ok());
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].error_column, "name");
  EXPECT_THAT(rows[0].error, HasSubstr("invalid UTF-8 at byte 3"));
  EXPECT_TRUE(rows[1].ok());
}

TEST(CsvReaderTest, ErrorLineNumbersCountEmbeddedNewlinesOfEarlierRows) {
  auto rows = ReadAll("id,note\n1,\"a\nb\nc\"\n2,x\"y\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].ok());
  EXPECT_EQ(rows[1].line, 5);
  EXPECT_FALSE(rows[1].ok());
}

TEST(CsvReaderTest, ReadsAcrossBufferRefills) {
  std::string text = "id,name\n";
  const std::string long_name(100000, 'x');
  text += "1,\"" + long_name + "\n" + long_name + "\"\n2,Bob\n";
  auto rows = ReadAll(text);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[1].size(), 200001u);
  EXPECT_EQ(rows[1].line, 4);
}

TEST(CsvReaderTest, EmptyFileIsFatal) {
  absl::Status status = HeaderStatus("");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("no header"));
  EXPECT_FALSE(HeaderStatus("\xEF\xBB\xBF\n\n").ok());
}

TEST(CsvReaderTest, DuplicateHeaderNameIsFatal) {
  absl::Status status = HeaderStatus("id,name,name\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("duplicate column \"name\""));
}

TEST(CsvReaderTest, MissingRequiredColumnIsFatal) {
  CsvReader::Options options;
  options.required_columns = {"source_record_id"};
  absl::Status status = HeaderStatus("id,name\n1,Ann\n", options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("source_record_id"));
  EXPECT_TRUE(HeaderStatus("name,source_record_id\n", options).ok());
}

TEST(CsvReaderTest, MalformedOrEmptyHeaderNameIsFatal) {
  EXPECT_FALSE(HeaderStatus("id,na\"me\n").ok());
  EXPECT_FALSE(HeaderStatus("id,,name\n").ok());
  EXPECT_FALSE(HeaderStatus("id,\xFFname\n").ok());
}

TEST(CsvReaderTest, BytesConsumedReachesInputSize) {
  const std::string text = "id,name\n1,Ann\n";
  std::istringstream in(text);
  CsvReader reader(in);
  ASSERT_TRUE(reader.ReadHeader().ok());
  CsvRow row;
  while (reader.Next(&row)) {
  }
  EXPECT_EQ(reader.bytes_consumed(), text.size());
}

}  // namespace
}  // namespace mdm::csv
