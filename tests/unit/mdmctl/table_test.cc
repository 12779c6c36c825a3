#include "clients/mdmctl/table.h"

#include <sstream>

#include "clients/mdmctl/display_width.h"
#include "gtest/gtest.h"

namespace mdm::ctl {
namespace {

TEST(DisplayWidthTest, CjkCountsTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("王小明"), 6);
  EXPECT_EQ(DisplayWidth("王 Ming"), 7);
  EXPECT_EQ(DisplayWidth("ＡＢ"), 4);     // fullwidth forms
  EXPECT_EQ(DisplayWidth("e\u0301"), 1);  // combining acute accent
  EXPECT_EQ(DisplayWidth(""), 0);
}

TEST(TableTest, AlignsColumnsByDisplayWidthWithChinese) {
  Table table({"golden_id", "name", "records"});
  table.AddRow({"G1", "王小明", "2"});
  table.AddRow({"G22", "Wang Xiaoming", "1"});
  table.AddRow({"G3", "欧阳 Na", "10"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "GOLDEN_ID  NAME           RECORDS\n"
            "G1         王小明         2\n"
            "G22        Wang Xiaoming  1\n"
            "G3         欧阳 Na        10\n");
}

TEST(TableTest, NoTrailingBlanksAndLineBreaksFlattened) {
  Table table({"a", "b"});
  table.AddRow({"two\nlines", ""});
  table.AddRow({"x"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "A          B\n"
            "two lines\n"
            "x\n");
}

}  // namespace
}  // namespace mdm::ctl
