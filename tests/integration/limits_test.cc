// Limits on bad input, end to end against the real hub: invalid UTF-8 in any
// string field (which the protobuf parser refuses before hub code runs) and
// unknown enum values are INVALID_ARGUMENT naming the field, page sizes above
// the maximum are refused, an IngestRecords stream that is cancelled or
// past its deadline stops resolving the messages behind it, and a unary call
// whose deadline passes before it starts does no work.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using ::testing::ElementsAre;

class LimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
    stub_ = v1::CustomerHub::NewStub(hub_->Connect());
  }

  static v1::SourceRecord Record(const std::string& id) {
    v1::SourceRecord r;
    r.set_source("lim");
    r.set_source_record_id(id);
    r.set_name(absl::StrCat("Person ", id));
    r.add_phones(absl::StrCat("+86 150 ", id.size(), " ", id));
    return r;
  }

  grpc::Status Upsert(
      const v1::SourceRecord& record,
      std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    v1::UpsertRecordRequest req;
    *req.mutable_record() = record;
    v1::UpsertRecordResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + timeout);
    return stub_->UpsertRecord(&ctx, req, &resp);
  }

  bool Exists(const std::string& id) {
    v1::LookupXrefRequest req;
    req.set_source("lim");
    req.set_source_record_id(id);
    v1::Xref xref;
    grpc::ClientContext ctx;
    return stub_->LookupXref(&ctx, req, &xref).ok();
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
};

TEST_F(LimitsTest, InvalidUtf8InARecordFieldNamesTheField) {
  v1::SourceRecord r = Record("U1");
  r.set_name("Wang \xC3\x28");  // a lead byte without its continuation
  grpc::Status s = Upsert(r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(s);
  EXPECT_THAT(ViolationFields(s), ElementsAre("mdm.v1.SourceRecord.name"));
  EXPECT_FALSE(Exists("U1"));
}

TEST_F(LimitsTest, InvalidUtf8InAnyOtherStringFieldNamesTheField) {
  v1::DeleteRecordRequest req;
  req.set_source("lim");
  req.set_source_record_id("D1");
  req.set_request_id("\xFF\xFE");
  v1::DeleteRecordResponse resp;
  grpc::ClientContext ctx;
  grpc::Status s = stub_->DeleteRecord(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(s);
  EXPECT_THAT(ViolationFields(s),
              ElementsAre("mdm.v1.DeleteRecordRequest.request_id"));
}

TEST_F(LimitsTest, InvalidUtf8InAStreamMessageEndsTheStreamNamingTheField) {
  grpc::ClientContext ctx;
  auto stream = stub_->IngestRecords(&ctx);
  v1::IngestRecordsRequest req;
  auto* item = req.add_items();
  item->set_sequence(1);
  *item->mutable_record() = Record("S1");
  item->mutable_record()->set_name("\xE4\xB8");  // truncated 3-byte character
  stream->Write(req);
  stream->WritesDone();
  v1::IngestRecordsResponse answer;
  EXPECT_FALSE(stream->Read(&answer));
  grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(s);
  EXPECT_THAT(ViolationFields(s), ElementsAre("mdm.v1.SourceRecord.name"));
  EXPECT_FALSE(Exists("S1"));
}

TEST_F(LimitsTest, UnknownGenderIsInvalidArgument) {
  v1::SourceRecord r = Record("G1");
  r.set_gender(static_cast<v1::Gender>(9));
  grpc::Status s = Upsert(r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(s);
  EXPECT_THAT(ViolationFields(s), ElementsAre("record.gender"));
}

TEST_F(LimitsTest, PageSizeAboveTheMaximumIsRefusedNotClamped) {
  v1::ListXrefsRequest req;
  req.set_page_size(10001);  // at most 10,000
  v1::ListXrefsResponse resp;
  grpc::ClientContext ctx;
  grpc::Status s = stub_->ListXrefs(&ctx, req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(s);
  EXPECT_THAT(ViolationFields(s), ElementsAre("page_size"));
}

// Streams `messages` messages of `items` records each (ids "P<m>-<i>") from
// a thread of its own; the writes stop when the call ends.
class IngestWriter {
 public:
  IngestWriter(grpc::ClientReaderWriter<v1::IngestRecordsRequest,
                                        v1::IngestRecordsResponse>* stream,
               const std::string& prefix, int messages, int items)
      : thread_([=] {
          for (int m = 0; m < messages; ++m) {
            v1::IngestRecordsRequest req;
            for (int i = 0; i < items; ++i) {
              auto* item = req.add_items();
              item->set_sequence(m * items + i);
              v1::SourceRecord* r = item->mutable_record();
              r->set_source("lim");
              r->set_source_record_id(absl::StrCat(prefix, m, "-", i));
              r->set_name(absl::StrCat("Person ", prefix, m, " ", i));
            }
            if (!stream->Write(req)) return;
          }
          stream->WritesDone();
        }) {}
  ~IngestWriter() { thread_.join(); }

 private:
  std::thread thread_;
};

TEST_F(LimitsTest, CancelledIngestStreamResolvesNoFurtherMessages) {
  constexpr int kMessages = 12;
  constexpr int kItems = 300;
  grpc::ClientContext ctx;
  auto stream = stub_->IngestRecords(&ctx);
  {
    IngestWriter writer(stream.get(), "C", kMessages, kItems);
    v1::IngestRecordsResponse first;
    ASSERT_TRUE(stream->Read(&first));  // the first message was resolved
    ctx.TryCancel();
  }
  v1::IngestRecordsResponse more;
  while (stream->Read(&more)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // Give a hub that ignored the cancellation time to go on, then check the
  // last message never got in while the hub still answers.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_TRUE(Exists("C0-0"));
  EXPECT_FALSE(Exists(absl::StrCat("C", kMessages - 1, "-", kItems - 1)));
  EXPECT_TRUE(Upsert(Record("AFTER")).ok());
}

TEST_F(LimitsTest, IngestStreamPastItsDeadlineResolvesNoFurtherMessages) {
  // Far more than any machine resolves in the 300 ms the deadline allows
  // (60,000 records; a fast machine resolves about 20,000 a second).
  constexpr int kMessages = 60;
  constexpr int kItems = 1000;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(300));
  auto stream = stub_->IngestRecords(&ctx);
  {
    IngestWriter writer(stream.get(), "D", kMessages, kItems);
    v1::IngestRecordsResponse answer;
    while (stream->Read(&answer)) {
    }
  }
  grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << Describe(s);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_FALSE(Exists(absl::StrCat("D", kMessages - 1, "-", kItems - 1)));
  EXPECT_TRUE(Upsert(Record("AFTER")).ok());
}

// Holds SQLite's write lock on a database file while it lives: the hub's
// writes wait (its busy timeout is 5 s) until it goes.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db_);
  }
  ~WriteLock() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  sqlite3* db_ = nullptr;
};

// "Before it starts" is made certain rather than a race with the machine's
// speed: the test holds the database's write lock, so writes occupy every
// CustomerHub worker (8 by default; 10 writes to be sure) until it lets go,
// and the call under test waits in the queue until after its deadline.
TEST_F(LimitsTest, UnaryCallPastItsDeadlineBeforeItStartsWritesNothing) {
  constexpr int kBlockingWrites = 10;
  std::vector<std::thread> writers;
  std::vector<grpc::Status> blocked(kBlockingWrites);
  {
    WriteLock lock(hub_->store_path());
    for (int i = 0; i < kBlockingWrites; ++i) {
      writers.emplace_back([this, i, &blocked] {
        blocked[i] = Upsert(Record(absl::StrCat("BUSY", i)));
      });
    }
    // Time for the blocking writes to reach the workers. Were one still on
    // its way, the call below could take a worker and land after its
    // deadline: the test would fail; it cannot pass wrongly.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    grpc::Status late = Upsert(Record("LATE"), std::chrono::milliseconds(200));
    EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
        << Describe(late);
    // The hub's own deadline (from the grpc-timeout header) has passed too.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }  // the workers write now, then reach the queued call
  for (std::thread& w : writers) w.join();
  for (int i = 0; i < kBlockingWrites; ++i) {
    EXPECT_TRUE(blocked[i].ok()) << i << ": " << Describe(blocked[i]);
    EXPECT_TRUE(Exists(absl::StrCat("BUSY", i))) << i;
  }
  EXPECT_FALSE(Exists("LATE"));
}

TEST_F(LimitsTest, UnaryCallWithAnExpiredDeadlineWritesNothing) {
  EXPECT_EQ(
      Upsert(Record("EXPIRED"), std::chrono::milliseconds(-1)).error_code(),
      grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_TRUE(Upsert(Record("AFTER")).ok());
  EXPECT_FALSE(Exists("EXPIRED"));
}

}  // namespace
}  // namespace mdm::integration
