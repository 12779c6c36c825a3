// Drives the command functions against a fake CustomerHub served in-process,
// so the stream handling (batching, concurrent answers, broken streams, the
// watchdog) and the output are checked without the real hub.
#include "clients/mdmctl/commands.h"

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace mdm::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class FakeHub final : public mdm::v1::CustomerHub::Service {
 public:
  // Answer IngestRecords batches until this many were answered, then fail
  // the stream (-1: never); only the first `failing_streams` streams
  // (-1: every one).
  int fail_after_batches = -1;
  int failing_streams = -1;
  // Never answer IngestRecords (for the watchdog).
  bool hang = false;

  grpc::Status IngestRecords(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<mdm::v1::IngestRecordsResponse,
                               mdm::v1::IngestRecordsRequest>* stream)
      override {
    mdm::v1::IngestRecordsRequest request;
    int answered = 0;
    bool fails;
    {
      absl::MutexLock lock(&mu_);
      fails = failing_streams < 0 || streams_ < failing_streams;
      ++streams_;
    }
    while (stream->Read(&request)) {
      if (hang) {
        while (!context->IsCancelled()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return grpc::Status::CANCELLED;
      }
      if (fails && answered == fail_after_batches) {
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "hub going away");
      }
      mdm::v1::IngestRecordsResponse response;
      {
        absl::MutexLock lock(&mu_);
        batch_sizes_.push_back(request.items_size());
        for (const auto& item : request.items()) {
          sequences_.push_back(item.sequence());
        }
      }
      for (const mdm::v1::IngestItem& item : request.items()) {
        mdm::v1::IngestResult* result = response.add_results();
        result->set_sequence(item.sequence());
        if (item.record().name() == "BAD") {
          google::rpc::BadRequest bad_request;
          auto* v = bad_request.add_field_violations();
          v->set_field("name");
          v->set_description("rejected by the fake hub");
          result->mutable_error()->set_code(grpc::StatusCode::INVALID_ARGUMENT);
          result->mutable_error()->add_details()->PackFrom(bad_request);
          continue;
        }
        result->set_golden_id("G" + std::to_string(item.sequence()));
        result->set_outcome(item.sequence() % 2 == 0 ? mdm::v1::CREATED
                                                     : mdm::v1::LINKED);
        if (item.record().birth_date() == "1990-02-30") {
          auto* w = result->add_warnings();
          w->set_field("birth_date");
          w->set_value("1990-02-30");
          w->set_reason("no such date");
        }
      }
      stream->Write(response);
      ++answered;
    }
    return grpc::Status::OK;
  }

  grpc::Status GetGoldenRecord(grpc::ServerContext*,
                               const mdm::v1::GetGoldenRecordRequest* request,
                               mdm::v1::GoldenRecord* golden) override {
    if (request->golden_id() != "G1") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          "customers/" + request->golden_id() + " not found");
    }
    golden->set_golden_id("G1");
    golden->set_version(3);
    golden->set_etag("e3");
    golden->add_merged_ids("G7");
    golden->mutable_full_name()->set_value("王小明");
    golden->mutable_full_name()->mutable_lineage()->set_source("erp");
    golden->mutable_full_name()->mutable_lineage()->set_source_record_id("C-1");
    golden->mutable_full_name()->mutable_lineage()->set_rule("most_recent");
    golden->add_phones()->set_value("+8613800138000");
    golden->add_phones()->set_value("+861012345678");
    auto* xref = golden->add_xrefs();
    xref->set_source("erp");
    xref->set_source_record_id("C-1");
    return grpc::Status::OK;
  }

  grpc::Status ListXrefs(grpc::ServerContext*,
                         const mdm::v1::ListXrefsRequest* request,
                         mdm::v1::ListXrefsResponse* response) override {
    // Two per page, so the export has to follow page tokens.
    const std::vector<std::vector<std::string>> all = {
        {"crm", "1", "G1"}, {"erp", "A,7", "G1"}, {"erp", "B\"8", "G2"}};
    const size_t start =
        request->page_token().empty() ? 0 : std::stoul(request->page_token());
    for (size_t i = start; i < all.size() && i < start + 2; ++i) {
      auto* x = response->add_xrefs();
      x->set_source(all[i][0]);
      x->set_source_record_id(all[i][1]);
      x->set_golden_id(all[i][2]);
    }
    if (start + 2 < all.size()) {
      response->set_next_page_token(std::to_string(start + 2));
    }
    return grpc::Status::OK;
  }

  std::vector<int> batch_sizes() {
    absl::MutexLock lock(&mu_);
    return batch_sizes_;
  }
  std::vector<int64_t> sequences() {
    absl::MutexLock lock(&mu_);
    return sequences_;
  }

 private:
  absl::Mutex mu_;
  int streams_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<int> batch_sizes_ ABSL_GUARDED_BY(mu_);
  std::vector<int64_t> sequences_ ABSL_GUARDED_BY(mu_);
};

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&hub_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = mdm::v1::CustomerHub::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
    ctx_.stub = stub_.get();
    ctx_.out = &out_;
    ctx_.err = &err_;
  }
  void TearDown() override {
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::milliseconds(100));
  }

  int Import(const std::string& csv, int batch_size = 2, int retries = 0) {
    ImportOptions options;
    options.source = "erp";
    options.batch_size = batch_size;
    options.max_retries = retries;
    std::istringstream in(csv);
    return RunImport(ctx_, options, in);
  }

  FakeHub hub_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<mdm::v1::CustomerHub::Stub> stub_;
  std::ostringstream out_;
  std::ostringstream err_;
  CommandContext ctx_;
};

TEST_F(CommandsTest, ImportSendsBatchesWithLineNumbersAsSequence) {
  const int code = Import(
      "source_record_id,name\n1,Ann\n2,\"Bob\nJr\"\n3,Cid\n4,Dee\n5,Eve\n");
  EXPECT_EQ(code, kExitOk) << err_.str();
  EXPECT_THAT(hub_.batch_sizes(), ElementsAre(2, 2, 1));
  EXPECT_THAT(hub_.sequences(), ElementsAre(2, 3, 5, 6, 7));
  EXPECT_EQ(err_.str(), "");
  EXPECT_THAT(out_.str(), HasSubstr("rows read:  5\n"));
  EXPECT_THAT(out_.str(), HasSubstr("accepted:   5 (created 2, linked 3,"));
  EXPECT_THAT(out_.str(), HasSubstr("rejected:   0\n"));
}

TEST_F(CommandsTest, ImportManyBatchesKeepsOrderWithSeveralInFlight) {
  std::string csv = "source_record_id\n";
  for (int i = 0; i < 1000; ++i) csv += std::to_string(i) + "\n";
  EXPECT_EQ(Import(csv, 7), kExitOk) << err_.str();
  std::vector<int64_t> sequences = hub_.sequences();
  ASSERT_EQ(sequences.size(), 1000u);
  for (size_t i = 0; i < sequences.size(); ++i) {
    ASSERT_EQ(sequences[i], static_cast<int64_t>(i) + 2);
  }
  EXPECT_THAT(out_.str(), HasSubstr("accepted:   1000 "));
}

TEST_F(CommandsTest, ImportReportsClientAndHubRejectionsAndWarnings) {
  const int code = Import(
      "source_record_id,name,kind,birth_date,gender\n"
      "1,Ann,person,1990-02-30,F\n"
      "2,BAD,person,,\n"
      ",NoId,person,,\n"
      "4,Dee,alien,,\n"
      "5,Eve,person,,?\n"
      "6,\"Fay\"x,person,,\n");
  EXPECT_EQ(code, kExitRowsRejected);
  const std::string err = err_.str();
  EXPECT_THAT(err,
              HasSubstr("line 2: birth_date: no such date (1990-02-30)\n"));
  EXPECT_THAT(err, HasSubstr("line 3: name: rejected by the fake hub\n"));
  EXPECT_THAT(err, HasSubstr("line 4: source_record_id: required"));
  EXPECT_THAT(err, HasSubstr("line 5: kind: must be person or organization "
                             "(alien)\n"));
  EXPECT_THAT(err, HasSubstr("line 6: gender: "));
  EXPECT_THAT(err, HasSubstr("line 7: name: unexpected text after a closing "
                             "quote\n"));
  EXPECT_THAT(out_.str(), HasSubstr("rows read:  6\n"));
  EXPECT_THAT(out_.str(), HasSubstr("accepted:   2 "));
  EXPECT_THAT(out_.str(), HasSubstr("rejected:   4\n"));
  EXPECT_THAT(out_.str(), HasSubstr("warnings:   2\n"));
}

TEST_F(CommandsTest, ImportSummaryAsJson) {
  ctx_.format = OutputFormat::kJson;
  EXPECT_EQ(Import("source_record_id\n1\n"), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("{\"rowsRead\":1,\"accepted\":1,"));
}

TEST_F(CommandsTest, ImportBadHeaderIsFatalBeforeAnyRpc) {
  EXPECT_EQ(Import("name\nAnn\n"), kExitFailure);
  EXPECT_THAT(err_.str(), HasSubstr("missing required column"));
  EXPECT_EQ(Import(""), kExitFailure);
  EXPECT_THAT(hub_.batch_sizes(), ElementsAre());
}

TEST_F(CommandsTest, ImportBrokenStreamIsFatalAndSaysWhatWasAcknowledged) {
  hub_.fail_after_batches = 1;
  const int code = Import("source_record_id\n1\n2\n3\n4\n5\n6\n");
  EXPECT_EQ(code, kExitFailure);
  EXPECT_THAT(err_.str(), HasSubstr("error: UNAVAILABLE: hub going away\n"));
  EXPECT_THAT(err_.str(), HasSubstr("stream broken: 2 of "));
}

TEST_F(CommandsTest, ImportResendsUnacknowledgedBatchesAfterUnavailable) {
  hub_.fail_after_batches = 1;
  hub_.failing_streams = 2;
  const int code = Import("source_record_id\n1\n2\n3\n4\n5\n6\n7\n",
                          /*batch_size=*/2, /*retries=*/2);
  EXPECT_EQ(code, kExitOk) << err_.str();
  // Every record answered exactly once, in order, across three streams.
  EXPECT_THAT(hub_.sequences(), ElementsAre(2, 3, 4, 5, 6, 7, 8));
  EXPECT_THAT(err_.str(),
              HasSubstr("warning: stream broken (UNAVAILABLE: hub going "
                        "away); resending "));
  EXPECT_THAT(err_.str(), HasSubstr("(retry 2 of 2)"));
  EXPECT_THAT(out_.str(), HasSubstr("accepted:   7 "));
}

TEST_F(CommandsTest, ImportRetriesAreBounded) {
  hub_.fail_after_batches = 0;  // every stream fails at its first batch
  const int code = Import("source_record_id\n1\n2\n3\n", 2, /*retries=*/2);
  EXPECT_EQ(code, kExitFailure);
  EXPECT_THAT(err_.str(), HasSubstr("(retry 2 of 2)"));
  EXPECT_THAT(err_.str(), Not(HasSubstr("retry 3")));
  EXPECT_THAT(err_.str(), HasSubstr("error: UNAVAILABLE: hub going away\n"));
  EXPECT_THAT(err_.str(), HasSubstr("stream broken: 0 of 3"));
}

TEST_F(CommandsTest, ImportGivesUpWhenTheHubStopsAnswering) {
  hub_.hang = true;
  ctx_.timeout = std::chrono::milliseconds(200);
  const int code = Import("source_record_id\n1\n2\n3\n");
  EXPECT_EQ(code, kExitFailure);
  EXPECT_THAT(err_.str(), HasSubstr("DEADLINE_EXCEEDED"));
}

class UnreachableHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    stub_ = mdm::v1::CustomerHub::NewStub(
        grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
    ctx_.stub = stub_.get();
    ctx_.out = &out_;
    ctx_.err = &err_;
  }
  std::unique_ptr<mdm::v1::CustomerHub::Stub> stub_;
  std::ostringstream out_;
  std::ostringstream err_;
  CommandContext ctx_;
};

TEST_F(UnreachableHubTest, ImportIsFatal) {
  ImportOptions options;
  options.source = "erp";
  std::istringstream in("source_record_id\n1\n");
  EXPECT_EQ(RunImport(ctx_, options, in), kExitFailure);
  EXPECT_THAT(err_.str(), HasSubstr("error: UNAVAILABLE"));
  EXPECT_THAT(err_.str(), HasSubstr("stream broken: 0 of"));
}

TEST_F(UnreachableHubTest, ExportWritesNothingToStdout) {
  EXPECT_EQ(RunExportXref(ctx_), kExitFailure);
  EXPECT_EQ(out_.str(), "");
  EXPECT_THAT(err_.str(), HasSubstr("error: UNAVAILABLE"));
}

TEST_F(CommandsTest, ImportMissingFileIsFatal) {
  ImportOptions options;
  options.source = "erp";
  EXPECT_EQ(RunImportFile(ctx_, options, "/nonexistent/x.csv"), kExitFailure);
  EXPECT_THAT(err_.str(), HasSubstr("cannot open /nonexistent/x.csv"));
}

TEST_F(CommandsTest, ExportXrefFollowsPagesAndQuotes) {
  EXPECT_EQ(RunExportXref(ctx_), kExitOk);
  EXPECT_EQ(out_.str(),
            "source,source_record_id,golden_id\n"
            "crm,1,G1\n"
            "erp,\"A,7\",G1\n"
            "erp,\"B\"\"8\",G2\n");
}

TEST_F(CommandsTest, GetPrintsHeaderValuesAndXrefs) {
  EXPECT_EQ(RunGet(ctx_, "G1", false), kExitOk);
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("golden id: G1"));
  EXPECT_THAT(out, HasSubstr("version: 3"));
  EXPECT_THAT(out, HasSubstr("etag: e3"));
  EXPECT_THAT(out, HasSubstr("merged ids: G7\n"));
  // 王小明 is 6 columns wide, padded like the 14-column phone below it.
  EXPECT_THAT(out, HasSubstr("name       王小明          erp     C-1     "
                             "most_recent\n"));
  EXPECT_THAT(out, HasSubstr("phones #2  +861012345678\n"));
}

TEST_F(CommandsTest, GetUnknownIdPrintsErrorAndFails) {
  EXPECT_EQ(RunGet(ctx_, "G404", false), kExitFailure);
  EXPECT_EQ(err_.str(), "error: NOT_FOUND: customers/G404 not found\n");
  EXPECT_THAT(out_.str(), Not(HasSubstr("golden id")));
}

TEST_F(CommandsTest, GetAsJson) {
  ctx_.format = OutputFormat::kJson;
  EXPECT_EQ(RunGet(ctx_, "G1", false), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("\"goldenId\":\"G1\""));
}

}  // namespace
}  // namespace mdm::ctl
