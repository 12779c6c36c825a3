// End to end with the bundled sample (tests/data/sample/README.md): mdmctl
// imports the three department exports into a real mdm-hub, and the answers
// of export/xref/get/search are checked against the ground truth.
#include <cstdio>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/hub_process.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;

constexpr char kXrefHeader[] = "source,source_record_id,golden_id";
const std::vector<std::string> kSources = {"erp", "finance", "callcenter"};

class SampleImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    for (const std::string& source : kSources) {
      auto result =
          hub_->Mdmctl({"import", "--source", source, SampleCsv(source)});
      ASSERT_TRUE(result.ok()) << result.status();
      imports_[source] = *result;
    }
  }

  void TearDown() override {
    if (hub_ != nullptr && hub_->running()) {
      absl::Status stopped = hub_->Stop();
      EXPECT_TRUE(stopped.ok()) << stopped;
    }
  }

  // mdmctl's answer, failing the test on a non-zero exit.
  std::string MdmctlOut(const std::vector<std::string>& args) {
    auto result = hub_->Mdmctl(args);
    if (!result.ok()) {
      ADD_FAILURE() << result.status();
      return "";
    }
    EXPECT_EQ(result->exit_code, 0)
        << "mdmctl " << absl::StrJoin(args, " ") << "\n"
        << result->err;
    return result->out;
  }

  // The golden id of one source record, by `mdmctl xref`.
  std::string Xref(const std::string& source, const std::string& id) {
    return std::string(
        absl::StripTrailingAsciiWhitespace(MdmctlOut({"xref", source, id})));
  }

  Clustering ExportedXrefs() {
    auto xrefs = ParseClustering(MdmctlOut({"export", "xref"}), kXrefHeader);
    EXPECT_TRUE(xrefs.ok()) << xrefs.status();
    return xrefs.ok() ? *xrefs : Clustering();
  }

  static Clustering Truth() {
    auto truth = ParseClustering(
        ReadFileOrEmpty(SourceDir() + "/tests/data/sample/truth.csv"),
        "source,source_record_id,entity");
    EXPECT_TRUE(truth.ok()) << truth.status();
    return truth.ok() ? *truth : Clustering();
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::map<std::string, CommandResult> imports_;
};

TEST_F(SampleImportTest, ImportSummaryCountsEqualTheFileRowCounts) {
  // README: 36 + 27 + 26 records; one warning each in finance (FIN-8733's
  // birth date) and callcenter (CC-002045's phone), no rejected row.
  const std::map<std::string, int64_t> readme_rows = {
      {"erp", 36}, {"finance", 27}, {"callcenter", 26}};
  const std::map<std::string, int64_t> readme_warnings = {
      {"erp", 0}, {"finance", 1}, {"callcenter", 1}};
  for (const std::string& source : kSources) {
    SCOPED_TRACE(source);
    const CommandResult& import = imports_[source];
    EXPECT_EQ(import.exit_code, 0) << import.out << import.err;
    auto rows = ParseCsv(ReadFileOrEmpty(SampleCsv(source)));
    ASSERT_TRUE(rows.ok()) << rows.status();
    const int64_t data_rows = static_cast<int64_t>(rows->size()) - 1;
    EXPECT_EQ(data_rows, readme_rows.at(source));
    EXPECT_EQ(SummaryCount(import.out, "rows read"), data_rows) << import.out;
    EXPECT_EQ(SummaryCount(import.out, "accepted"), data_rows) << import.out;
    EXPECT_EQ(SummaryCount(import.out, "rejected"), 0) << import.out;
    EXPECT_EQ(SummaryCount(import.out, "warnings"), readme_warnings.at(source))
        << import.out;
    EXPECT_EQ(SummaryCount(import.out, "stale"), 0) << import.out;
    EXPECT_EQ(SummaryCount(import.out, "unchanged"), 0) << import.out;
  }
}

TEST_F(SampleImportTest, ImportWarnsAboutTheTwoUnparseableValuesByLine) {
  const std::string finance = ReadFileOrEmpty(SampleCsv("finance"));
  const std::string callcenter = ReadFileOrEmpty(SampleCsv("callcenter"));
  const int bad_date_line = LineContaining(finance, "FIN-8733,");
  const int bad_phone_line = LineContaining(callcenter, "CC-002045,");
  ASSERT_GT(bad_date_line, 1);
  ASSERT_GT(bad_phone_line, 1);
  EXPECT_THAT(
      imports_["finance"].err,
      HasSubstr("line " + std::to_string(bad_date_line) + ": birth_date"));
  EXPECT_THAT(imports_["finance"].err, HasSubstr("1985-13-40"));
  EXPECT_THAT(
      imports_["callcenter"].err,
      HasSubstr("line " + std::to_string(bad_phone_line) + ": phones[0]"));
  EXPECT_EQ(imports_["erp"].err, "");
}

TEST_F(SampleImportTest, ExportXrefListsEveryRecordOnceUnderTheDesignHeader) {
  const std::string csv = MdmctlOut({"export", "xref"});
  ASSERT_EQ(csv.substr(0, csv.find('\n')), kXrefHeader);
  auto xrefs = ParseClustering(csv, kXrefHeader);
  ASSERT_TRUE(xrefs.ok()) << xrefs.status() << "\n" << csv;
  const Clustering truth = Truth();
  ASSERT_EQ(truth.size(), 89u);
  EXPECT_EQ(xrefs->size(), truth.size());
  for (const auto& [key, golden_id] : *xrefs) {
    EXPECT_TRUE(truth.contains(key)) << key.first << "/" << key.second;
    EXPECT_TRUE(std::regex_match(golden_id, std::regex("G[0-9]+")))
        << golden_id;
  }
  for (const auto& [key, entity] : truth) {
    EXPECT_TRUE(xrefs->contains(key))
        << "missing from export: " << key.first << "/" << key.second;
  }
}

TEST_F(SampleImportTest, ResolutionReachesPairwiseF1AtLeast090) {
  const Clustering truth = Truth();
  const PairwiseQuality q = ComparePairs(truth, ExportedXrefs());
  // README: 63 true matching pairs.
  EXPECT_EQ(q.true_positives + q.false_negatives, 63);
  std::printf(
      "sample pairwise precision %.4f recall %.4f f1 %.4f (tp %lld fp %lld "
      "fn %lld; records %zu)\n",
      q.precision, q.recall, q.f1, static_cast<long long>(q.true_positives),
      static_cast<long long>(q.false_positives),
      static_cast<long long>(q.false_negatives), truth.size());
  std::fflush(stdout);
  RecordProperty("f1", std::to_string(q.f1));
  EXPECT_GE(q.f1, 0.9);
}

TEST_F(SampleImportTest, TheTwoWangWeiHaveDifferentGoldenIds) {
  // #2 (Shanghai, 1979) is erp C10107 = finance FIN-9120; #3 (Shenzhen,
  // 1992) is erp C11342 = callcenter CC-001207 "Wang Wei".
  const std::string shanghai = Xref("erp", "C10107");
  const std::string shenzhen = Xref("erp", "C11342");
  ASSERT_FALSE(shanghai.empty());
  ASSERT_FALSE(shenzhen.empty());
  EXPECT_NE(shanghai, shenzhen);
  EXPECT_NE(Xref("finance", "FIN-9120"), shenzhen);
  EXPECT_NE(Xref("callcenter", "CC-001207"), shanghai);
}

TEST_F(SampleImportTest, CompanyAndItsShanghaiBranchHaveDifferentGoldenIds) {
  // #33 北京星河远景科技有限公司 (erp C20017, finance FIN-7001) and #34 its
  // 上海分公司 (erp C20018, finance FIN-7002).
  const std::string parent = Xref("erp", "C20017");
  const std::string branch = Xref("erp", "C20018");
  ASSERT_FALSE(parent.empty());
  ASSERT_FALSE(branch.empty());
  EXPECT_NE(parent, branch);
  EXPECT_NE(Xref("finance", "FIN-7001"), branch);
  EXPECT_NE(Xref("finance", "FIN-7002"), parent);
}

TEST_F(SampleImportTest,
       FatherAndDaughterOfOneHouseholdHaveDifferentGoldenIds) {
  // #19 张建华 (erp C10144) and #20 张丽 (erp C10145) share a landline and
  // an address.
  const std::string father = Xref("erp", "C10144");
  const std::string daughter = Xref("erp", "C10145");
  ASSERT_FALSE(father.empty());
  EXPECT_NE(father, daughter);
}

TEST_F(SampleImportTest, XrefCommandPrintsTheGoldenIdOfTheExport) {
  const Clustering xrefs = ExportedXrefs();
  for (const RecordKey& key :
       std::vector<RecordKey>{{"erp", "C10023"},
                              {"finance", "FIN-8812"},
                              {"callcenter", "CC-000341"},
                              {"erp", "C20017"}}) {
    SCOPED_TRACE(key.first + "/" + key.second);
    ASSERT_TRUE(xrefs.contains(key));
    EXPECT_EQ(MdmctlOut({"xref", key.first, key.second}), xrefs.at(key) + "\n");
  }
  auto unknown = hub_->Mdmctl({"xref", "erp", "NO-SUCH-RECORD"});
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_EQ(unknown->exit_code, 1);
  EXPECT_EQ(unknown->out, "");
  EXPECT_THAT(unknown->err, HasSubstr("error: NOT_FOUND: "));
}

// The sources of every lineage in a golden record printed by -o json.
std::set<std::string> LineageSources(const nlohmann::json& golden) {
  std::set<std::string> sources;
  auto add = [&](const nlohmann::json& value) {
    if (value.contains("lineage")) {
      sources.insert(value["lineage"].value("source", ""));
    }
  };
  for (const char* field :
       {"fullName", "nationalId", "birthDate", "gender", "addressLine", "city",
        "region", "postalCode", "country"}) {
    if (golden.contains(field)) add(golden[field]);
  }
  for (const char* list : {"phones", "emails"}) {
    if (golden.contains(list)) {
      for (const auto& value : golden[list]) add(value);
    }
  }
  if (golden.contains("attributes")) {
    for (const auto& [key, value] : golden["attributes"].items()) add(value);
  }
  return sources;
}

TEST_F(SampleImportTest, GetOfWangXiaomingShowsLineageFromSeveralSources) {
  // #1 王小明: erp C10023 + C10588, finance FIN-8812, callcenter CC-000341.
  const std::string golden_id = Xref("erp", "C10023");
  ASSERT_FALSE(golden_id.empty());

  const std::string table = MdmctlOut({"get", golden_id});
  EXPECT_THAT(table, HasSubstr("golden id: " + golden_id));
  // Lineage rows: ATTRIBUTE VALUE SOURCE RECORD RULE UPDATED_AT, columns
  // separated by at least two spaces.
  std::set<std::string> table_sources;
  bool in_values = false;
  for (absl::string_view line : absl::StrSplit(table, '\n')) {
    if (absl::StartsWith(line, "ATTRIBUTE")) {
      in_values = true;
      continue;
    }
    if (!in_values) continue;
    if (line.empty()) break;
    std::vector<std::string> cols =
        absl::StrSplit(line, "  ", absl::SkipWhitespace());
    ASSERT_GE(cols.size(), 5u) << line;
    table_sources.insert(std::string(absl::StripAsciiWhitespace(cols[2])));
  }
  EXPECT_GE(table_sources.size(), 2u) << table;

  const std::string json_text = MdmctlOut({"-o", "json", "get", golden_id});
  EXPECT_THAT(json_text, HasSubstr("\"goldenId\""));
  ASSERT_TRUE(nlohmann::json::accept(json_text)) << json_text;
  const nlohmann::json golden = nlohmann::json::parse(json_text);
  EXPECT_EQ(golden.value("goldenId", ""), golden_id);
  EXPECT_EQ(golden.value("recordCount", 0), 4);
  const std::set<std::string> sources = LineageSources(golden);
  EXPECT_GE(sources.size(), 2u);
  std::set<RecordKey> xrefs;
  for (const auto& xref : golden["xrefs"]) {
    xrefs.emplace(xref.value("source", ""), xref.value("sourceRecordId", ""));
    EXPECT_EQ(xref.value("goldenId", ""), golden_id);
  }
  EXPECT_EQ(xrefs, (std::set<RecordKey>{{"callcenter", "CC-000341"},
                                        {"erp", "C10023"},
                                        {"erp", "C10588"},
                                        {"finance", "FIN-8812"}}));
  // Survivorship (README): the call center is newest for the occupation and
  // adds the new mobile.
  ASSERT_TRUE(golden["attributes"].contains("occupation"));
  EXPECT_EQ(golden["attributes"]["occupation"].value("value", ""), "产品经理");
  EXPECT_EQ(golden["attributes"]["occupation"]["lineage"].value("source", ""),
            "callcenter");
  std::set<std::string> phones;
  for (const auto& phone : golden["phones"]) {
    phones.insert(phone.value("normalized", ""));
  }
  EXPECT_TRUE(phones.contains("+8613800138000")) << golden["phones"].dump();
  EXPECT_TRUE(phones.contains("+8613911112222")) << golden["phones"].dump();
}

TEST_F(SampleImportTest, SearchByPhoneFindsTheGoldenIdOfTheErpRecord) {
  // erp C10023 carries the phone as "+86 138 0013 8000".
  ASSERT_THAT(ReadFileOrEmpty(SampleCsv("erp")),
              HasSubstr("C10023,person,王小明,110105198503120311,1985-03-12,M,"
                        "+86 138 0013 8000,"));
  const std::string golden_id = Xref("erp", "C10023");
  ASSERT_FALSE(golden_id.empty());

  const std::string table =
      MdmctlOut({"search", "--phone", "+86 138 0013 8000"});
  std::vector<std::string> lines =
      absl::StrSplit(table, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << table;  // header + one customer
  EXPECT_TRUE(absl::StartsWith(lines[0], "GOLDEN_ID")) << table;
  EXPECT_TRUE(absl::StartsWith(lines[1], golden_id + " ")) << table;

  const std::string json_text =
      MdmctlOut({"-o", "json", "search", "--phone", "13800138000"});
  ASSERT_TRUE(nlohmann::json::accept(json_text)) << json_text;
  const nlohmann::json found = nlohmann::json::parse(json_text);
  ASSERT_EQ(found["customers"].size(), 1u) << json_text;
  EXPECT_EQ(found["customers"][0].value("goldenId", ""), golden_id);
}

}  // namespace
}  // namespace mdm::integration
