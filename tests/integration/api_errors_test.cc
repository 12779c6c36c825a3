// Bad input over the wire, through the generated C++ client: every call gets
// its exact status code and the google.rpc.BadRequest field violation naming
// the field (DESIGN.md §9); a bad call never changes the data, and the hub
// keeps serving.
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kXrefHeader[] = "source,source_record_id,golden_id";

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

// A record that validates and matches nothing in erp.csv.
v1::SourceRecord GoodRecord(const std::string& id, int n) {
  v1::SourceRecord r;
  r.set_source("api");
  r.set_source_record_id(id);
  r.set_kind(v1::PERSON);
  r.set_name(absl::StrCat("Testperson Number", n));
  r.set_birth_date(
      absl::StrCat("19", 50 + n % 40, "-0", 1 + n % 9, "-1", n % 10));
  r.add_phones(absl::StrCat("+86 150 ", 1000 + n, " ", 2000 + n));
  r.add_emails(absl::StrCat("testperson", n, "@example.org"));
  return r;
}

class ApiErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    auto imported =
        hub_->Mdmctl({"import", "--source", "erp", SampleCsv("erp")});
    ASSERT_TRUE(imported.ok()) << imported.status();
    ASSERT_EQ(imported->exit_code, 0) << imported->err;
    baseline_ = Export();
    ASSERT_EQ(baseline_.size(), 36u);
    channel_ = hub_->Connect();
    ASSERT_NE(channel_, nullptr) << hub_->Log();
    stub_ = v1::CustomerHub::NewStub(channel_);
  }

  // Every test ends with the data imported before intact (plus what the test
  // added on purpose) and a hub that still answers and stops cleanly.
  void TearDown() override {
    if (hub_ == nullptr || !hub_->running()) return;
    Clustering expected = baseline_;
    expected.insert(added_.begin(), added_.end());
    EXPECT_EQ(Export(), expected);
    stub_.reset();  // close the connection so the hub stops at once
    channel_.reset();
    absl::Status stopped = hub_->Stop();
    EXPECT_TRUE(stopped.ok()) << stopped;
  }

  Clustering Export() {
    auto result = hub_->Mdmctl({"export", "xref"});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return {};
    EXPECT_EQ(result->exit_code, 0) << result->err;
    auto xrefs = ParseClustering(result->out, kXrefHeader);
    EXPECT_TRUE(xrefs.ok()) << xrefs.status();
    return xrefs.ok() ? *xrefs : Clustering();
  }

  grpc::Status Upsert(const v1::UpsertRecordRequest& request,
                      v1::UpsertRecordResponse* response = nullptr) {
    v1::UpsertRecordResponse ignored;
    return stub_->UpsertRecord(Context().get(), request,
                               response != nullptr ? response : &ignored);
  }

  void ExpectServing() {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("mdm.v1.CustomerHub");
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
    v1::LookupXrefRequest lookup;
    lookup.set_source("erp");
    lookup.set_source_record_id("C10023");
    v1::Xref xref;
    status = stub_->LookupXref(Context().get(), lookup, &xref);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_EQ(xref.golden_id(), baseline_.at({"erp", "C10023"}));
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
  Clustering baseline_;
  Clustering added_;  // records a test added on purpose
};

// --- UpsertRecord validation, one case per field ---------------------------

struct BadUpsert {
  std::string name;
  std::function<void(v1::UpsertRecordRequest*)> damage;
  std::string field;
};

void PrintTo(const BadUpsert& bad, std::ostream* os) { *os << bad.name; }

class BadUpsertTest : public ApiErrorsTest,
                      public ::testing::WithParamInterface<BadUpsert> {};

TEST_P(BadUpsertTest, IsInvalidArgumentNamingTheField) {
  v1::UpsertRecordRequest request;
  *request.mutable_record() = GoodRecord("U1", 1);
  GetParam().damage(&request);
  grpc::Status status = Upsert(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre(GetParam().field))
      << Describe(status);
  EXPECT_EQ(RichStatus(status).code(), 3);
  ExpectServing();
}

INSTANTIATE_TEST_SUITE_P(
    UpsertRecord, BadUpsertTest,
    ::testing::Values(
        BadUpsert{"MissingRecord",
                  [](v1::UpsertRecordRequest* r) { r->clear_record(); },
                  "record"},
        BadUpsert{"EmptySource",
                  [](v1::UpsertRecordRequest* r) {
                    r->mutable_record()->set_source("");
                  },
                  "record.source"},
        BadUpsert{"SourceWithSpace",
                  [](v1::UpsertRecordRequest* r) {
                    r->mutable_record()->set_source("my source");
                  },
                  "record.source"},
        BadUpsert{"EmptySourceRecordId",
                  [](v1::UpsertRecordRequest* r) {
                    r->mutable_record()->set_source_record_id("");
                  },
                  "record.source_record_id"},
        BadUpsert{"UnknownKind7",
                  [](v1::UpsertRecordRequest* r) {
                    r->mutable_record()->set_kind(static_cast<v1::Kind>(7));
                  },
                  "record.kind"},
        BadUpsert{"ThirtyThreePhones",
                  [](v1::UpsertRecordRequest* r) {
                    r->mutable_record()->clear_phones();
                    for (int i = 0; i < 33; ++i) {
                      r->mutable_record()->add_phones(
                          absl::StrCat("1390000", 1000 + i));
                    }
                  },
                  "record.phones"},
        BadUpsert{"NameOf2000Bytes",
                  [](v1::UpsertRecordRequest* r) {
                    r->mutable_record()->set_name(std::string(2000, 'x'));
                  },
                  "record.name"}),
    [](const ::testing::TestParamInfo<BadUpsert>& info) {
      return info.param.name;
    });

TEST_F(ApiErrorsTest, UpsertAtTheLimitsIsAccepted) {
  // The counterpart of the cases above: 32 phones and a 1,024-byte name.
  v1::UpsertRecordRequest request;
  *request.mutable_record() = GoodRecord("LIMITS", 7);
  for (int i = 0; i < 31; ++i) {
    request.mutable_record()->add_phones(absl::StrCat("1590000", 1000 + i));
  }
  ASSERT_EQ(request.record().phones_size(), 32);
  request.mutable_record()->set_name(std::string(1024, 'y'));
  v1::UpsertRecordResponse response;
  grpc::Status status = Upsert(request, &response);
  ASSERT_TRUE(status.ok()) << Describe(status);
  EXPECT_EQ(response.outcome(), v1::CREATED);
  EXPECT_FALSE(response.golden_id().empty());
  added_[{"api", "LIMITS"}] = response.golden_id();
}

// --- IngestRecords -----------------------------------------------------------

TEST_F(ApiErrorsTest, IngestFailsOnlyTheBadItemAndTheStreamGoesOn) {
  auto context = Context();
  auto stream = stub_->IngestRecords(context.get());

  v1::IngestRecordsRequest first;
  for (int seq = 1; seq <= 3; ++seq) {
    auto* item = first.add_items();
    item->set_sequence(seq * 10);
    *item->mutable_record() = GoodRecord(absl::StrCat("I", seq), seq);
  }
  first.mutable_items(1)->mutable_record()->set_source_record_id("");
  ASSERT_TRUE(stream->Write(first));
  v1::IngestRecordsResponse answer;
  ASSERT_TRUE(stream->Read(&answer));
  ASSERT_EQ(answer.results_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(answer.results(i).sequence(), (i + 1) * 10);
  }
  const v1::IngestResult& bad = answer.results(1);
  EXPECT_EQ(bad.error().code(), 3);
  EXPECT_THAT(ViolationFields(bad.error()),
              ElementsAre("record.source_record_id"));
  EXPECT_EQ(bad.golden_id(), "");
  for (int i : {0, 2}) {
    SCOPED_TRACE(i);
    EXPECT_EQ(answer.results(i).error().code(), 0)
        << answer.results(i).error().message();
    EXPECT_EQ(answer.results(i).outcome(), v1::CREATED);
    ASSERT_FALSE(answer.results(i).golden_id().empty());
    added_[{"api", absl::StrCat("I", i + 1)}] = answer.results(i).golden_id();
  }

  // A second batch on the same stream.
  v1::IngestRecordsRequest second;
  for (int seq = 4; seq <= 5; ++seq) {
    auto* item = second.add_items();
    item->set_sequence(seq * 10);
    *item->mutable_record() = GoodRecord(absl::StrCat("I", seq), seq);
  }
  ASSERT_TRUE(stream->Write(second));
  ASSERT_TRUE(stream->Read(&answer));
  ASSERT_EQ(answer.results_size(), 2);
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(answer.results(i).sequence(), (i + 4) * 10);
    EXPECT_EQ(answer.results(i).error().code(), 0)
        << answer.results(i).error().message();
    ASSERT_FALSE(answer.results(i).golden_id().empty());
    added_[{"api", absl::StrCat("I", i + 4)}] = answer.results(i).golden_id();
  }
  ASSERT_TRUE(stream->WritesDone());
  EXPECT_FALSE(stream->Read(&answer));
  grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << Describe(status);
}

TEST_F(ApiErrorsTest, IngestOf1001ItemsInOneMessageEndsTheStream) {
  auto context = Context();
  auto stream = stub_->IngestRecords(context.get());
  v1::IngestRecordsRequest request;
  for (int i = 0; i < 1001; ++i) {
    auto* item = request.add_items();
    item->set_sequence(i + 1);
    *item->mutable_record() = GoodRecord(absl::StrCat("BIG", i), i);
  }
  stream->Write(request);  // the hub may already have ended the call
  stream->WritesDone();
  v1::IngestRecordsResponse answer;
  EXPECT_FALSE(stream->Read(&answer)) << answer.DebugString();
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("items"));
  ExpectServing();
}

TEST_F(ApiErrorsTest, MessageAboveTheHubLimitIsResourceExhausted) {
  // The hub accepts messages up to --max_message_mb (16 MiB by default);
  // gRPC itself refuses a bigger one with RESOURCE_EXHAUSTED.
  v1::UpsertRecordRequest request;
  *request.mutable_record() = GoodRecord("HUGE", 3);
  (*request.mutable_record()->mutable_attributes())["blob"] =
      std::string(20 << 20, 'z');
  grpc::Status status = Upsert(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << Describe(status);
  ExpectServing();
  // And the same channel still carries ordinary calls.
  v1::UpsertRecordRequest small;
  *small.mutable_record() = GoodRecord("AFTER-HUGE", 4);
  v1::UpsertRecordResponse response;
  status = Upsert(small, &response);
  ASSERT_TRUE(status.ok()) << Describe(status);
  added_[{"api", "AFTER-HUGE"}] = response.golden_id();
}

// --- Reads and deletes -----------------------------------------------------

TEST_F(ApiErrorsTest, GetGoldenRecordOfUnknownIdIsNotFound) {
  v1::GetGoldenRecordRequest request;
  request.set_golden_id("G9999999999");
  v1::GoldenRecord golden;
  grpc::Status status =
      stub_->GetGoldenRecord(Context().get(), request, &golden);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << Describe(status);
  EXPECT_THAT(status.error_message(), HasSubstr("G9999999999"));
}

TEST_F(ApiErrorsTest, GetGoldenRecordOfEmptyIdIsInvalidArgument) {
  v1::GetGoldenRecordRequest request;
  v1::GoldenRecord golden;
  grpc::Status status =
      stub_->GetGoldenRecord(Context().get(), request, &golden);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("golden_id"));
}

TEST_F(ApiErrorsTest, LookupXrefOfUnknownRecordIsNotFound) {
  v1::LookupXrefRequest request;
  request.set_source("erp");
  request.set_source_record_id("C99999");
  v1::Xref xref;
  grpc::Status status = stub_->LookupXref(Context().get(), request, &xref);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << Describe(status);
}

TEST_F(ApiErrorsTest, DeleteRecordOfUnknownRecordIsNotFound) {
  v1::DeleteRecordRequest request;
  request.set_source("erp");
  request.set_source_record_id("C99999");
  v1::DeleteRecordResponse response;
  grpc::Status status =
      stub_->DeleteRecord(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
      << Describe(status);
}

TEST_F(ApiErrorsTest, ListXrefsWithGarbagePageTokenIsInvalidArgument) {
  v1::ListXrefsRequest request;
  request.set_page_token("this-is-not-a-token!");
  v1::ListXrefsResponse response;
  grpc::Status status = stub_->ListXrefs(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("page_token"));
}

TEST_F(ApiErrorsTest, ListXrefsWithNegativePageSizeIsInvalidArgument) {
  v1::ListXrefsRequest request;
  request.set_page_size(-1);
  v1::ListXrefsResponse response;
  grpc::Status status = stub_->ListXrefs(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("page_size"));
}

TEST_F(ApiErrorsTest, ListXrefsPagesWithIssuedTokensCoverTheExport) {
  // The valid counterpart of the token cases: pages of 7 over 36 records.
  Clustering paged;
  std::string token;
  int pages = 0;
  do {
    v1::ListXrefsRequest request;
    request.set_page_size(7);
    request.set_page_token(token);
    v1::ListXrefsResponse response;
    grpc::Status status = stub_->ListXrefs(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << Describe(status);
    EXPECT_LE(response.xrefs_size(), 7);
    for (const v1::Xref& x : response.xrefs()) {
      EXPECT_TRUE(paged
                      .emplace(RecordKey(x.source(), x.source_record_id()),
                               x.golden_id())
                      .second);
    }
    token = response.next_page_token();
    ASSERT_LT(++pages, 20);
  } while (!token.empty());
  EXPECT_EQ(pages, 6);
  EXPECT_EQ(paged, baseline_);
}

TEST_F(ApiErrorsTest, SearchWithNoCriteriaIsInvalidArgument) {
  v1::SearchCustomersRequest request;
  v1::SearchCustomersResponse response;
  grpc::Status status =
      stub_->SearchCustomers(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_EQ(ViolationFields(status).size(), 1u) << Describe(status);
}

TEST_F(ApiErrorsTest, SearchWithUnparseablePhoneIsInvalidArgument) {
  v1::SearchCustomersRequest request;
  request.set_phone("abc");
  v1::SearchCustomersResponse response;
  grpc::Status status =
      stub_->SearchCustomers(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("phone"));
}

TEST_F(ApiErrorsTest, ResolveIdentityWith101CandidatesIsInvalidArgument) {
  v1::ResolveIdentityRequest request;
  request.mutable_record()->set_name("王小明");
  request.set_max_candidates(101);
  v1::ResolveIdentityResponse response;
  grpc::Status status =
      stub_->ResolveIdentity(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("max_candidates"));
}

TEST_F(ApiErrorsTest, ResolveIdentityNeedsNoSourceKey) {
  // The valid counterpart: hub.proto says source and source_record_id are
  // not needed to resolve.
  v1::ResolveIdentityRequest request;
  request.mutable_record()->set_name("王小明");
  request.mutable_record()->set_national_id("110105198503120311");
  request.mutable_record()->add_phones("13800138000");
  request.set_max_candidates(100);
  v1::ResolveIdentityResponse response;
  grpc::Status status =
      stub_->ResolveIdentity(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << Describe(status);
  ASSERT_GE(response.candidates_size(), 1);
  EXPECT_EQ(response.candidates(0).golden_id(),
            baseline_.at({"erp", "C10023"}));
  EXPECT_EQ(response.candidates(0).decision(), "link");
}

TEST_F(ApiErrorsTest, BatchGetOf1001IdsIsInvalidArgument) {
  v1::BatchGetGoldenRecordsRequest request;
  for (int i = 0; i < 1001; ++i) {
    request.add_golden_ids(baseline_.at({"erp", "C10023"}));
  }
  v1::BatchGetGoldenRecordsResponse response;
  grpc::Status status =
      stub_->BatchGetGoldenRecords(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << Describe(status);
  EXPECT_THAT(ViolationFields(status), ElementsAre("golden_ids"));
  EXPECT_EQ(response.records_size(), 0);
}

}  // namespace
}  // namespace mdm::integration
