// Durability across a restart: after SIGTERM and a start on the same SQLite
// store, the hub answers exactly as before, a replay of the same files changes
// nothing, and new records still resolve against the reloaded match index.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/hub_process.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kSources = {"erp", "finance", "callcenter"};

// Records whose golden records are compared: a four-record customer, both
// 王伟, the parent company and its branch, a singleton.
const std::vector<std::pair<std::string, std::string>> kProbeRecords = {
    {"erp", "C10023"}, {"erp", "C10107"}, {"erp", "C11342"},
    {"erp", "C20017"}, {"erp", "C20018"}, {"callcenter", "CC-000019"}};

class RestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    for (const std::string& source : kSources) {
      auto result =
          hub_->Mdmctl({"import", "--source", source, SampleCsv(source)});
      ASSERT_TRUE(result.ok()) << result.status();
      ASSERT_EQ(result->exit_code, 0) << result->out << result->err;
    }
  }

  void TearDown() override {
    if (hub_ != nullptr && hub_->running()) {
      absl::Status stopped = hub_->Stop();
      EXPECT_TRUE(stopped.ok()) << stopped;
    }
  }

  CommandResult Mdmctl(const std::vector<std::string>& args) {
    auto result = hub_->Mdmctl(args);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : CommandResult();
  }

  std::string MdmctlOut(const std::vector<std::string>& args) {
    CommandResult result = Mdmctl(args);
    EXPECT_EQ(result.exit_code, 0)
        << "mdmctl " << absl::StrJoin(args, " ") << "\n"
        << result.err;
    return result.out;
  }

  std::vector<std::string> ProbeGoldenIds() {
    std::vector<std::string> ids;
    for (const auto& [source, id] : kProbeRecords) {
      ids.emplace_back(
          absl::StripTrailingAsciiWhitespace(MdmctlOut({"xref", source, id})));
    }
    return ids;
  }

  // SIGTERM (the hub must exit 0 within its grace period), then a new hub
  // on the same store.
  void RestartHub() {
    absl::Status restarted = hub_->Restart();
    ASSERT_TRUE(restarted.ok()) << restarted;
    std::printf("mdm-hub stopped %lld ms after SIGTERM, restarted on port %d\n",
                static_cast<long long>(hub_->last_stop_duration().count()),
                hub_->port());
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
};

TEST_F(RestartTest, ExportAndGetAreByteIdenticalAfterRestart) {
  const std::string xref_before = MdmctlOut({"export", "xref"});
  const std::vector<std::string> ids = ProbeGoldenIds();
  std::map<std::string, std::string> table_before, records_before;
  std::map<std::string, nlohmann::json> json_before;
  for (const std::string& id : ids) {
    ASSERT_FALSE(id.empty());
    table_before[id] = MdmctlOut({"get", id});
    records_before[id] = MdmctlOut({"get", "--records", id});
    json_before[id] = nlohmann::json::parse(
        MdmctlOut({"-o", "json", "get", id}), nullptr, false);
  }

  ASSERT_NO_FATAL_FAILURE(RestartHub());

  EXPECT_EQ(MdmctlOut({"export", "xref"}), xref_before);
  EXPECT_EQ(ProbeGoldenIds(), ids);
  for (const std::string& id : ids) {
    SCOPED_TRACE(id);
    EXPECT_EQ(MdmctlOut({"get", id}), table_before[id]);
    EXPECT_EQ(MdmctlOut({"get", "--records", id}), records_before[id]);
    // -o json prints protobuf maps (attributes) in no fixed order, so the
    // JSON is compared as a document, not byte for byte.
    const nlohmann::json after = nlohmann::json::parse(
        MdmctlOut({"-o", "json", "get", id}), nullptr, false);
    EXPECT_FALSE(after.is_discarded());
    EXPECT_EQ(after, json_before[id]);
  }
}

TEST_F(RestartTest, ReimportAfterRestartReportsEverythingUnchanged) {
  const std::vector<std::string> ids = ProbeGoldenIds();
  std::map<std::string, std::pair<std::string, std::string>> version_before;
  for (const std::string& id : ids) {
    const nlohmann::json golden = nlohmann::json::parse(
        MdmctlOut({"-o", "json", "get", id}), nullptr, false);
    ASSERT_FALSE(golden.is_discarded());
    version_before[id] = {golden.value("version", ""),
                          golden.value("etag", "")};
    EXPECT_NE(version_before[id].first, "");
    EXPECT_NE(version_before[id].second, "");
  }
  const std::string xref_before = MdmctlOut({"export", "xref"});

  ASSERT_NO_FATAL_FAILURE(RestartHub());

  for (const std::string& source : kSources) {
    SCOPED_TRACE(source);
    CommandResult import =
        Mdmctl({"import", "--source", source, SampleCsv(source)});
    EXPECT_EQ(import.exit_code, 0) << import.err;
    const std::optional<int64_t> rows = SummaryCount(import.out, "rows read");
    ASSERT_TRUE(rows.has_value()) << import.out;
    EXPECT_EQ(SummaryCount(import.out, "accepted"), *rows) << import.out;
    EXPECT_EQ(SummaryCount(import.out, "unchanged"), *rows) << import.out;
    for (const char* label :
         {"rejected", "created", "linked", "merged", "updated", "stale"}) {
      EXPECT_EQ(SummaryCount(import.out, label), 0) << label << "\n"
                                                    << import.out;
    }
  }
  for (const std::string& id : ids) {
    SCOPED_TRACE(id);
    const nlohmann::json golden = nlohmann::json::parse(
        MdmctlOut({"-o", "json", "get", id}), nullptr, false);
    ASSERT_FALSE(golden.is_discarded());
    EXPECT_EQ(golden.value("version", ""), version_before[id].first);
    EXPECT_EQ(golden.value("etag", ""), version_before[id].second);
  }
  EXPECT_EQ(MdmctlOut({"export", "xref"}), xref_before);
}

TEST_F(RestartTest, NewRecordLinksToExistingCustomerAfterRestart) {
  const std::string wang_xiaoming = ProbeGoldenIds()[0];
  ASSERT_FALSE(wang_xiaoming.empty());

  ASSERT_NO_FATAL_FAILURE(RestartHub());

  // A new source knows 王小明 by id, birth date and mobile: the reloaded
  // index must link it, not create a customer.
  const std::string csv = dir_.File("crm.csv");
  {
    std::FILE* f = std::fopen(csv.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "source_record_id,name,national_id,birth_date,phones\n"
        "CRM-1,王小明,110105198503120311,1985-03-12,13800138000\n",
        f);
    std::fclose(f);
  }
  CommandResult import = Mdmctl({"import", "--source", "crm", csv});
  EXPECT_EQ(import.exit_code, 0) << import.out << import.err;
  EXPECT_EQ(SummaryCount(import.out, "linked"), 1) << import.out;
  EXPECT_EQ(SummaryCount(import.out, "created"), 0) << import.out;
  EXPECT_EQ(MdmctlOut({"xref", "crm", "CRM-1"}), wang_xiaoming + "\n");
  EXPECT_THAT(MdmctlOut({"get", "--records", wang_xiaoming}),
              HasSubstr("CRM-1"));
}

}  // namespace
}  // namespace mdm::integration
