// Damaged input (tests/data/bad/README.md): mdmctl import reports every
// rejected row by its physical line, warns about unparseable values with their
// field, imports the good rows, exits 2, and the hub keeps serving.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;

struct Expectation {
  int line = 0;
  std::string source_record_id;
  std::string outcome;  // accepted, rejected, warned
  std::string field;
};

std::string BadDir() { return SourceDir() + "/tests/data/bad"; }

std::vector<Expectation> ReadExpected() {
  auto rows = ParseCsv(ReadFileOrEmpty(BadDir() + "/expected.csv"));
  EXPECT_TRUE(rows.ok()) << rows.status();
  std::vector<Expectation> out;
  if (!rows.ok() || rows->empty()) return out;
  EXPECT_EQ(absl::StrJoin(rows->front(), ","),
            "line,source_record_id,outcome,field,value,reason");
  for (size_t i = 1; i < rows->size(); ++i) {
    const CsvRow& row = (*rows)[i];
    if (row.size() < 4) {
      ADD_FAILURE() << "short row in expected.csv: " << absl::StrJoin(row, ",");
      continue;
    }
    out.push_back({std::stoi(row[0]), row[1], row[2], row[3]});
  }
  return out;
}

// The stderr lines of mdmctl that report `line`: "line N: ...".
std::vector<std::string> LinesAbout(const std::string& err, int line) {
  std::vector<std::string> out;
  const std::string prefix = absl::StrCat("line ", line, ":");
  for (absl::string_view l : absl::StrSplit(err, '\n')) {
    if (absl::StartsWith(l, prefix)) out.emplace_back(l);
  }
  return out;
}

class MalformedCsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    auto result = hub_->Mdmctl(
        {"import", "--source", "bad", BadDir() + "/malformed.csv"});
    ASSERT_TRUE(result.ok()) << result.status();
    import_ = *result;
    expected_ = ReadExpected();
    ASSERT_EQ(expected_.size(), 12u);
  }

  void TearDown() override {
    if (hub_ != nullptr && hub_->running()) {
      absl::Status stopped = hub_->Stop();
      EXPECT_TRUE(stopped.ok()) << stopped;
    }
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  CommandResult import_;
  std::vector<Expectation> expected_;
};

TEST_F(MalformedCsvTest, ImportExitsTwoWithSevenImportedAndFiveRejected) {
  EXPECT_EQ(import_.exit_code, 2) << import_.out << import_.err;
  EXPECT_EQ(SummaryCount(import_.out, "rows read"), 12) << import_.out;
  EXPECT_EQ(SummaryCount(import_.out, "accepted"), 7) << import_.out;
  EXPECT_EQ(SummaryCount(import_.out, "created"), 7) << import_.out;
  EXPECT_EQ(SummaryCount(import_.out, "rejected"), 5) << import_.out;
  EXPECT_EQ(SummaryCount(import_.out, "warnings"), 3) << import_.out;
}

TEST_F(MalformedCsvTest, StderrNamesEveryRejectedLine) {
  int rejected = 0;
  for (const Expectation& e : expected_) {
    if (e.outcome != "rejected") continue;
    ++rejected;
    SCOPED_TRACE(absl::StrCat("line ", e.line, " ", e.source_record_id));
    const std::vector<std::string> reports = LinesAbout(import_.err, e.line);
    EXPECT_EQ(reports.size(), 1u) << import_.err;
    // When expected.csv names the field, the report names it too.
    if (!e.field.empty() && !reports.empty()) {
      EXPECT_THAT(reports[0], HasSubstr(e.field));
    }
  }
  EXPECT_EQ(rejected, 5);
}

TEST_F(MalformedCsvTest, StderrNamesEveryWarnedLineWithItsField) {
  int warned = 0;
  for (const Expectation& e : expected_) {
    if (e.outcome != "warned") continue;
    ++warned;
    SCOPED_TRACE(absl::StrCat("line ", e.line, " ", e.source_record_id));
    const std::vector<std::string> reports = LinesAbout(import_.err, e.line);
    ASSERT_EQ(reports.size(), 1u) << import_.err;
    EXPECT_TRUE(absl::StartsWith(
        reports[0], absl::StrCat("line ", e.line, ": ", e.field, ":")))
        << reports[0];
  }
  EXPECT_EQ(warned, 3);
}

TEST_F(MalformedCsvTest, AcceptedLinesAreNotReported) {
  for (const Expectation& e : expected_) {
    if (e.outcome != "accepted") continue;
    EXPECT_THAT(LinesAbout(import_.err, e.line), ::testing::IsEmpty())
        << "line " << e.line << "\n"
        << import_.err;
  }
  // Line 5 is the second physical line of B003: never reported on its own.
  EXPECT_THAT(LinesAbout(import_.err, 5), ::testing::IsEmpty());
}

TEST_F(MalformedCsvTest, ExportHoldsExactlyTheImportedRows) {
  auto result = hub_->Mdmctl({"export", "xref"});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->exit_code, 0) << result->err;
  auto xrefs =
      ParseClustering(result->out, "source,source_record_id,golden_id");
  ASSERT_TRUE(xrefs.ok()) << xrefs.status() << "\n" << result->out;
  std::set<std::string> exported;
  for (const auto& [key, golden_id] : *xrefs) {
    EXPECT_EQ(key.first, "bad");
    exported.insert(key.second);
  }
  std::set<std::string> imported;
  for (const Expectation& e : expected_) {
    if (e.outcome == "accepted" || e.outcome == "warned") {
      imported.insert(e.source_record_id);
    }
  }
  EXPECT_EQ(imported, (std::set<std::string>{"B001", "B002", "B003", "B008",
                                             "B009", "B010", "B011"}));
  EXPECT_EQ(exported, imported);
}

TEST_F(MalformedCsvTest, MultilineAndQuotedFieldsArriveIntact) {
  auto b002 = hub_->Mdmctl({"xref", "bad", "B002"});
  ASSERT_TRUE(b002.ok()) << b002.status();
  ASSERT_EQ(b002->exit_code, 0) << b002->err;
  auto records = hub_->Mdmctl(
      {"-o", "json", "get", "--records",
       std::string(absl::StripTrailingAsciiWhitespace(b002->out))});
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_THAT(records->out, HasSubstr("Zhang, Wei"));
  EXPECT_THAT(records->out,
              HasSubstr(R"(Room 5, \"Sunrise\" Building, 1 Shennan Road)"));

  auto b003 = hub_->Mdmctl({"xref", "bad", "B003"});
  ASSERT_TRUE(b003.ok()) << b003.status();
  ASSERT_EQ(b003->exit_code, 0) << b003->err;
  records = hub_->Mdmctl(
      {"-o", "json", "get", "--records",
       std::string(absl::StripTrailingAsciiWhitespace(b003->out))});
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_THAT(records->out, HasSubstr("衡山路10号\\n（后门进）"));
}

TEST_F(MalformedCsvTest, HubStillServesAfterTheImport) {
  auto channel = hub_->Connect();
  ASSERT_NE(channel, nullptr) << hub_->Log();
  auto health = grpc::health::v1::Health::NewStub(channel);
  for (const std::string service : {"", "mdm.v1.CustomerHub"}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING)
        << "service \"" << service << "\"";
  }
  // And it still imports.
  auto again = hub_->Mdmctl({"import", "--source", "erp", SampleCsv("erp")});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->exit_code, 0) << again->err;
  EXPECT_EQ(SummaryCount(again->out, "accepted"), 36) << again->out;
}

}  // namespace
}  // namespace mdm::integration
