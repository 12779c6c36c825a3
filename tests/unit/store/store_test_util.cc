#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {

StoredRecord FullRecord() {
  StoredRecord s;
  SourceRecord& r = s.record;
  r.key = {"erp", "客户-0001"};
  r.kind = Kind::kPerson;
  r.name = "王曉明";
  r.national_id = "11010519491231002X";
  r.birth_date = "1949-13-45";
  r.gender = Gender::kFemale;
  r.phones = {"+86 138 0013 8000", "010-6552 9988", ""};
  r.emails = {"Xiao.Ming@Example.COM"};
  r.address = {"朝阳区建国路88号 \"A\"座\n3层", "北京", "北京市", "100022",
               "CN"};
  r.updated_at_us = 1700000000123456;
  r.source_version = 42;
  r.attributes = {{"occupation", "工程师"}, {"income_band", "B"}, {"note", ""}};
  s.golden_id = "G-000001";
  s.warnings = {{"birth_date", "1949-13-45", "month out of range"},
                {"phones[2]", "", "empty"}};
  s.content_hash = 0xfedcba9876543210u;  // high bit set on purpose
  return s;
}

GoldenRecord FullEntity() {
  auto value = [](std::string v, std::string norm, std::string src,
                  std::string id, int support) {
    return GoldenValue{.value = std::move(v),
                       .normalized = std::move(norm),
                       .lineage = {.record = {std::move(src), std::move(id)},
                                   .rule = "source_trust",
                                   .updated_at_us = -86400000000},  // 1969
                       .support = support};
  };
  GoldenRecord g;
  g.golden_id = "G-000001";
  g.kind = Kind::kOrganization;
  g.full_name = value("北京小明科技有限公司", "小明科技", "finance", "F1", 2);
  g.national_id =
      value("91110000600037341L", "91110000600037341L", "erp", "E1", 1);
  g.birth_date = value("2001-02-03", "2001-02-03", "erp", "E1", 1);
  g.gender = value("", "", "erp", "E1", 0);
  g.phones = {value("010 6552 9988", "+861065529988", "callcenter", "C9", 3),
              value("138-0013-8000", "+8613800138000", "erp", "E1", 1)};
  g.emails = {value("Info@XM.cn", "info@xm.cn", "finance", "F1", 1)};
  g.address_line = value("建国路88号", "建国路88号", "finance", "F1", 1);
  g.city = value("北京", "北京", "finance", "F1", 1);
  g.region = value("北京市", "北京", "finance", "F1", 1);
  g.postal_code = value("100022", "100022", "finance", "F1", 1);
  g.country = value("CN", "CN", "finance", "F1", 1);
  g.attributes = {{"industry", value("软件", "软件", "erp", "E1", 1)},
                  {"credit", value("AA", "aa", "finance", "F1", 2)}};
  g.members = {{"callcenter", "C9"}, {"erp", "E1"}, {"finance", "F1"}};
  g.merged_ids = {"G-000007", "G-000009"};
  g.version = 12;
  g.etag = "\"v12-ab\"";
  g.create_time_us = 1600000000000000;
  g.update_time_us = 1700000000000000;
  return g;
}

}  // namespace mdm::testing
