#include "hub/access/pii_mask.h"

#include <gtest/gtest.h>

#include <string>

#include "mdm/v1/hub.pb.h"

namespace mdm::access {
namespace {

// One masker on one value, and what it must show.
struct MaskCase {
  std::string (*mask)(absl::string_view);
  const char* value;
  const char* masked;
};

// National ids keep their first three and last four characters, phones their
// formatting and ends, e-mails the first character and the domain, birth
// dates the year; multi-byte characters are masked whole, never split.
constexpr MaskCase kMaskCases[] = {
    {MaskNationalId, "110101199003071234", "110***********1234"},
    {MaskNationalId, "91350100M000100Y43", "913***********0Y43"},
    {MaskNationalId, "E1234567", "********"},  // too short to show
    {MaskNationalId, "", ""},
    {MaskNationalId, "一二三四五六七八九", "一二三**六七八九"},
    {MaskPhone, "13800138000", "138****8000"},
    {MaskPhone, "+86 138-0013-8000", "+86 1**-****-8000"},
    {MaskPhone, "010-1234", "***-**34"},
    {MaskEmail, "wang.xiaoming@example.com", "w***@example.com"},
    {MaskEmail, "王小明@例子.cn", "王***@例子.cn"},
    {MaskEmail, "not-an-email", "************"},
    {MaskBirthDate, "1990-03-07", "1990-**-**"},
    {MaskBirthDate, "19", "**"},
};

TEST(PiiMask, EachMaskerShowsOnlyItsDocumentedParts) {
  for (const MaskCase& c : kMaskCases) {
    EXPECT_EQ(c.mask(c.value), c.masked) << c.value;
  }
}

TEST(PiiMask, GoldenRecordValuesAreMaskedLineageAndNamesKept) {
  v1::GoldenRecord g;
  g.set_golden_id("G1");
  g.mutable_full_name()->set_value("王小明");
  g.mutable_national_id()->set_value("110101199003071234");
  g.mutable_national_id()->set_normalized("110101199003071234");
  g.mutable_national_id()->mutable_lineage()->set_source("erp");
  g.mutable_birth_date()->set_value("1990-03-07");
  g.add_phones()->set_value("+8613800138000");
  g.add_emails()->set_value("wang@example.com");
  (*g.mutable_attributes())["occupation"].set_value("engineer");
  MaskPii(&g);
  EXPECT_EQ(g.golden_id(), "G1");
  EXPECT_EQ(g.full_name().value(), "王小明");
  EXPECT_EQ(g.national_id().value(), "110***********1234");
  EXPECT_EQ(g.national_id().normalized(), "110***********1234");
  EXPECT_EQ(g.national_id().lineage().source(), "erp");
  EXPECT_EQ(g.birth_date().value(), "1990-**-**");
  EXPECT_EQ(g.phones(0).value(), "+861******8000");
  EXPECT_EQ(g.emails(0).value(), "w***@example.com");
  EXPECT_EQ(g.attributes().at("occupation").value(), "engineer");
}

TEST(PiiMask, NestedRecordsAndWarningsAreMasked) {
  v1::ListEntityRecordsResponse resp;
  auto* stored = resp.add_records();
  stored->mutable_record()->set_source("erp");
  stored->mutable_record()->set_national_id("110101199003071234");
  stored->mutable_record()->add_phones("13800138000");
  stored->mutable_record()->set_birth_date("1990-03-07");
  auto* warning = stored->add_warnings();
  warning->set_field("phones[1]");
  warning->set_value("12345");
  auto* other = stored->add_warnings();
  other->set_field("name");
  other->set_value("???");
  MaskPii(&resp);
  const auto& r = resp.records(0).record();
  EXPECT_EQ(r.source(), "erp");
  EXPECT_EQ(r.national_id(), "110***********1234");
  EXPECT_EQ(r.phones(0), "138****8000");
  EXPECT_EQ(r.birth_date(), "1990-**-**");
  EXPECT_EQ(resp.records(0).warnings(0).value(), "***45");
  EXPECT_EQ(resp.records(0).warnings(1).value(), "???");
}

}  // namespace
}  // namespace mdm::access
