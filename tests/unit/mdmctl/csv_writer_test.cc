#include "clients/mdmctl/csv_writer.h"

#include <sstream>

#include "gtest/gtest.h"

namespace mdm::csv {
namespace {

TEST(CsvWriterTest, PlainValuesAreNotQuoted) {
  EXPECT_EQ(QuoteField("G000123"), "G000123");
  EXPECT_EQ(QuoteField("王小明"), "王小明");
  EXPECT_EQ(QuoteField(""), "");
}

TEST(CsvWriterTest, SpecialCharactersAreQuotedAndQuotesDoubled) {
  EXPECT_EQ(QuoteField("a,b"), "\"a,b\"");
  EXPECT_EQ(QuoteField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(QuoteField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(QuoteField("cr\r"), "\"cr\r\"");
}

TEST(CsvWriterTest, WriteRowJoinsWithCommasAndEndsWithNewline) {
  std::ostringstream out;
  WriteRow(out, {"erp", "A,1", "G1"});
  EXPECT_EQ(out.str(), "erp,\"A,1\",G1\n");
}

}  // namespace
}  // namespace mdm::csv
