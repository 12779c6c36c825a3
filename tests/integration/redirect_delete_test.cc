// Merges, redirects and deletes over the wire: a bridging record merges two
// entities, the merged-away id redirects to the survivor, and an entity whose
// records are all deleted answers NOT_FOUND "deleted".
#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"

namespace mdm::integration {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

constexpr char kName[] = "欧阳修远";
constexpr char kPhone[] = "+86 137 2468 1357";
constexpr char kEmail[] = "ouyang.xiuyuan@example.org";

v1::SourceRecord Record(const std::string& id) {
  v1::SourceRecord r;
  r.set_source("crm");
  r.set_source_record_id(id);
  r.set_kind(v1::PERSON);
  r.set_name(kName);
  return r;
}

class RedirectDeleteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    auto channel = hub_->Connect();
    ASSERT_NE(channel, nullptr) << hub_->Log();
    stub_ = v1::CustomerHub::NewStub(channel);

    // A: name + phone. B: name + e-mail. A name alone links nothing.
    v1::SourceRecord a = Record("A1");
    a.add_phones(kPhone);
    ASSERT_NO_FATAL_FAILURE(Upsert(a, &a_));
    v1::SourceRecord b = Record("B1");
    b.add_emails(kEmail);
    ASSERT_NO_FATAL_FAILURE(Upsert(b, &b_));
    ASSERT_EQ(a_.outcome(), v1::CREATED);
    ASSERT_EQ(b_.outcome(), v1::CREATED);
    ASSERT_NE(a_.golden_id(), b_.golden_id());

    // C carries A's phone and B's e-mail: the two are one customer.
    v1::SourceRecord c = Record("C1");
    c.add_phones("13724681357");
    c.add_emails("OuYang.XiuYuan@Example.org");
    ASSERT_NO_FATAL_FAILURE(Upsert(c, &c_));
  }

  void TearDown() override {
    stub_.reset();  // close the connection so the hub stops at once
    if (hub_ != nullptr && hub_->running()) {
      absl::Status stopped = hub_->Stop();
      EXPECT_TRUE(stopped.ok()) << stopped;
    }
  }

  void Upsert(const v1::SourceRecord& record,
              v1::UpsertRecordResponse* response) {
    v1::UpsertRecordRequest request;
    *request.mutable_record() = record;
    grpc::Status status =
        stub_->UpsertRecord(Context().get(), request, response);
    ASSERT_TRUE(status.ok()) << Describe(status);
  }

  grpc::Status Get(const std::string& id, v1::GoldenRecord* golden) {
    v1::GetGoldenRecordRequest request;
    request.set_golden_id(id);
    return stub_->GetGoldenRecord(Context().get(), request, golden);
  }

  grpc::Status Delete(const std::string& id,
                      v1::DeleteRecordResponse* response) {
    v1::DeleteRecordRequest request;
    request.set_source("crm");
    request.set_source_record_id(id);
    return stub_->DeleteRecord(Context().get(), request, response);
  }

  std::string Survivor() const { return c_.golden_id(); }
  std::string MergedAway() const {
    return c_.golden_id() == a_.golden_id() ? b_.golden_id() : a_.golden_id();
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
  v1::UpsertRecordResponse a_, b_, c_;
};

TEST_F(RedirectDeleteTest, BridgingRecordMergesTheTwoEntities) {
  EXPECT_EQ(c_.outcome(), v1::MERGED);
  EXPECT_THAT(c_.golden_id(), ::testing::AnyOf(a_.golden_id(), b_.golden_id()));
  EXPECT_THAT(c_.merged_ids(), ElementsAre(MergedAway()));

  v1::GoldenRecord golden;
  grpc::Status status = Get(Survivor(), &golden);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(golden.golden_id(), Survivor());
  EXPECT_EQ(golden.name(), "customers/" + Survivor());
  EXPECT_EQ(golden.record_count(), 3);
  EXPECT_EQ(golden.version(), c_.golden_version());
  EXPECT_THAT(golden.merged_ids(), ElementsAre(MergedAway()));
  std::vector<std::string> records;
  for (const v1::Xref& x : golden.xrefs()) {
    EXPECT_EQ(x.golden_id(), Survivor());
    records.push_back(x.source_record_id());
  }
  EXPECT_THAT(records, UnorderedElementsAre("A1", "B1", "C1"));
}

TEST_F(RedirectDeleteTest, MergedAwayIdRedirectsToTheSurvivor) {
  for (const std::string& id : {MergedAway(), "customers/" + MergedAway()}) {
    SCOPED_TRACE(id);
    v1::GoldenRecord golden;
    grpc::Status status = Get(id, &golden);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_EQ(golden.golden_id(), Survivor());
    EXPECT_THAT(golden.merged_ids(), Contains(MergedAway()));
  }
  // Every record now points at the survivor.
  for (const char* id : {"A1", "B1", "C1"}) {
    v1::LookupXrefRequest request;
    request.set_source("crm");
    request.set_source_record_id(id);
    v1::Xref xref;
    grpc::Status status = stub_->LookupXref(Context().get(), request, &xref);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_EQ(xref.golden_id(), Survivor()) << id;
  }
  // Batch reads follow the redirect too, in request order.
  v1::BatchGetGoldenRecordsRequest batch;
  batch.add_golden_ids(MergedAway());
  batch.add_golden_ids(Survivor());
  v1::BatchGetGoldenRecordsResponse found;
  grpc::Status status =
      stub_->BatchGetGoldenRecords(Context().get(), batch, &found);
  ASSERT_TRUE(status.ok()) << Describe(status);
  ASSERT_EQ(found.records_size(), 2);
  EXPECT_EQ(found.records(0).golden_id(), Survivor());
  EXPECT_EQ(found.records(1).golden_id(), Survivor());
}

TEST_F(RedirectDeleteTest, DeletingOneRecordKeepsTheEntity) {
  v1::GoldenRecord before;
  ASSERT_TRUE(Get(Survivor(), &before).ok());
  v1::DeleteRecordResponse deleted;
  grpc::Status status = Delete("A1", &deleted);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(deleted.golden_id(), Survivor());
  EXPECT_FALSE(deleted.entity_deleted());

  v1::GoldenRecord after;
  status = Get(Survivor(), &after);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(after.record_count(), 2);
  EXPECT_GT(after.version(), before.version());
  EXPECT_NE(after.etag(), before.etag());

  v1::LookupXrefRequest lookup;
  lookup.set_source("crm");
  lookup.set_source_record_id("A1");
  v1::Xref xref;
  status = stub_->LookupXref(Context().get(), lookup, &xref);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << Describe(status);
}

TEST_F(RedirectDeleteTest, DeletingEveryRecordDeletesTheEntity) {
  v1::DeleteRecordResponse deleted;
  for (const char* id : {"A1", "B1"}) {
    grpc::Status status = Delete(id, &deleted);
    ASSERT_TRUE(status.ok()) << id << ": " << Describe(status);
    EXPECT_FALSE(deleted.entity_deleted()) << id;
  }
  grpc::Status status = Delete("C1", &deleted);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_TRUE(deleted.entity_deleted());
  EXPECT_EQ(deleted.golden_id(), Survivor());

  for (const std::string& id : {Survivor(), MergedAway()}) {
    SCOPED_TRACE(id);
    v1::GoldenRecord golden;
    status = Get(id, &golden);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
        << Describe(status);
    EXPECT_THAT(absl::AsciiStrToLower(status.error_message()),
                HasSubstr("deleted"));
  }
  // Replaying the delete changes nothing and answers as before.
  status = Delete("C1", &deleted);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_TRUE(deleted.entity_deleted());
  EXPECT_EQ(deleted.golden_id(), Survivor());
  v1::ListXrefsRequest list;
  v1::ListXrefsResponse xrefs;
  status = stub_->ListXrefs(Context().get(), list, &xrefs);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(xrefs.xrefs_size(), 0);
}

}  // namespace
}  // namespace mdm::integration
