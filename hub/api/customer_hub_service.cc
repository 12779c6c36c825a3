#include "hub/api/customer_hub_service.h"

#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "hub/api/call_gate.h"
#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/api/review_convert.h"
#include "hub/api/status_convert.h"
#include "hub/api/unary_call.h"
#include "hub/common/errors.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"

namespace mdm::api {
namespace {

void Observe(RecordObserver* observer,
             const absl::StatusOr<service::UpsertResult>& result) {
  if (observer != nullptr) observer->OnRecordResult(result);
}

void FillResult(const service::UpsertResult& r, v1::IngestResult* out) {
  out->set_golden_id(r.golden_id);
  out->set_outcome(ToProto(r.outcome));
  for (const auto& w : r.warnings) ToProto(w, out->add_warnings());
  for (const auto& id : r.merged_ids) out->add_merged_ids(id);
  out->set_dead_reason(ToProto(r.dead_reason));
}

// One IngestRecords stream. Each message is resolved as soon as it is read
// and committed by the service's committer thread, so the next message is
// resolved while the previous one commits. Answers go out in message order,
// each after its batch is durable. A client that sends faster than the hub
// resolves is held back by flow control: the next read starts only after the
// previous message was handed to the service.
class IngestReactor final
    : public grpc::ServerBidiReactor<v1::IngestRecordsRequest,
                                     v1::IngestRecordsResponse> {
 public:
  IngestReactor(grpc::CallbackServerContext* ctx,
                service::ResolutionService* service, RecordObserver* observer,
                WorkerPool* pool)
      : ctx_(ctx), service_(service), observer_(observer), pool_(pool) {
    if (absl::Status verdict = CallVerdict(*ctx_); !verdict.ok()) {
      Finish(ToGrpcStatus(verdict));
      return;
    }
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client closed its side (or went away)
      std::optional<grpc::Status> finish;
      {
        absl::MutexLock lock(&mu_);
        reads_done_ = true;
        finish = TakeFinishLocked();
      }
      if (finish) Finish(*finish);
      return;
    }
    {
      absl::MutexLock lock(&mu_);
      processing_ = true;  // holds Finish() off until the task below is done
    }
    // Resolution may wait for the committer: never on a gRPC thread.
    pool_->Post([this] {
      absl::Status invalid = Submit();
      std::optional<grpc::Status> finish;
      {
        absl::MutexLock lock(&mu_);
        processing_ = false;
        if (!invalid.ok()) {
          Fail(invalid);
        } else if (!failed_) {
          StartRead(&request_);
        }
        finish = TakeFinishLocked();
      }
      if (finish) Finish(*finish);
    });
  }

  void OnWriteDone(bool ok) override {
    std::optional<grpc::Status> finish;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      ready_.pop_front();
      ++answered_;
      if (!ok) Fail(absl::CancelledError("client went away"));
      WriteNextLocked();
      finish = TakeFinishLocked();
    }
    if (finish) Finish(*finish);
  }

  void OnDone() override { delete this; }

 private:
  // Translates the message and hands it to the service; its answer arrives
  // through Committed(). Message-level errors end the stream.
  absl::Status Submit() {
    // The interceptor checked this message (a connector's source binding)
    // before it was handed over.
    RETURN_IF_ERROR(CallVerdict(*ctx_));
    // A stream cancelled (or past its deadline) while this message waited
    // for a worker resolves nothing more.
    if (ctx_->IsCancelled()) {
      return absl::CancelledError("stream cancelled or past its deadline");
    }
    if (request_.items_size() > kMaxIngestItems) {
      return FieldError("items", absl::StrCat("at most ", kMaxIngestItems,
                                              " records per message, got ",
                                              request_.items_size()));
    }
    // Records that translate go to the service as one batch; results are
    // stitched back in request order.
    auto response = std::make_shared<v1::IngestRecordsResponse>();
    std::vector<SourceRecord> records;
    auto record_of_item =
        std::make_shared<std::vector<int>>(request_.items_size(), -1);
    for (int i = 0; i < request_.items_size(); ++i) {
      auto* result = response->add_results();
      result->set_sequence(request_.items(i).sequence());
      absl::StatusOr<SourceRecord> r =
          FromProto(request_.items(i).record(), "record");
      if (!r.ok()) {
        Observe(observer_, r.status());
        *result->mutable_error() = ToRpcStatus(r.status());
        continue;
      }
      (*record_of_item)[i] = static_cast<int>(records.size());
      records.push_back(*std::move(r));
    }
    {
      absl::MutexLock lock(&mu_);
      ++submitted_;
    }
    service_->SubmitBatch(
        records,
        [this, response, record_of_item](
            absl::StatusOr<std::vector<absl::StatusOr<service::UpsertResult>>>
                results) {
          if (results.ok()) {
            for (size_t i = 0; i < record_of_item->size(); ++i) {
              const int r = (*record_of_item)[i];
              if (r < 0) continue;
              const auto& res = (*results)[r];
              Observe(observer_, res);
              auto* out = response->mutable_results(static_cast<int>(i));
              if (res.ok()) {
                FillResult(*res, out);
              } else {
                *out->mutable_error() = ToRpcStatus(res.status());
              }
            }
          }
          Committed(results.ok() ? absl::OkStatus() : results.status(),
                    response);
        });
    return absl::OkStatus();
  }

  // Called by the committer thread, in submission order.
  void Committed(absl::Status status,
                 std::shared_ptr<v1::IngestRecordsResponse> response) {
    std::optional<grpc::Status> finish;
    {
      absl::MutexLock lock(&mu_);
      if (!status.ok()) {
        ++answered_;  // this batch will never be answered
        Fail(status);
      } else if (failed_) {
        ++answered_;  // the stream already failed: drop the answer
      } else {
        acknowledged_ += response->results_size();
        ready_.push_back(std::move(response));
        WriteNextLocked();
      }
      finish = TakeFinishLocked();
    }
    // Last: once Finish() is called, OnDone() may delete this reactor.
    if (finish) Finish(*finish);
  }

  void Fail(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (failed_) return;
    failed_ = true;
    final_status_ = status;
    MDM_LOG_WARN("ingest stream ends after {} acknowledged records: {}",
                 acknowledged_, status.ToString());
    // Answers not yet written are dropped; only the one being written stays.
    while (ready_.size() > (writing_ ? 1u : 0u)) {
      ready_.pop_back();
      ++answered_;
    }
  }

  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || ready_.empty() || failed_) return;
    writing_ = true;
    StartWrite(ready_.front().get());
  }

  // The stream's final status once every submitted batch is answered (or
  // dropped) and either the client is done sending or the stream failed. The
  // caller calls Finish() with it after releasing mu_, as its last action:
  // OnDone() may delete the reactor as soon as Finish() is called.
  std::optional<grpc::Status> TakeFinishLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || writing_ || processing_ || answered_ < submitted_) {
      return std::nullopt;
    }
    if (!reads_done_ && !failed_) return std::nullopt;
    finished_ = true;
    return ToGrpcStatus(final_status_);
  }

  grpc::CallbackServerContext* const ctx_;  // valid until OnDone()
  service::ResolutionService* const service_;
  RecordObserver* const observer_;  // may be null
  WorkerPool* const pool_;
  v1::IngestRecordsRequest request_;  // only touched by the read path
  absl::Mutex mu_;
  std::deque<std::shared_ptr<v1::IngestRecordsResponse>> ready_
      ABSL_GUARDED_BY(mu_);
  int64_t submitted_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t answered_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t acknowledged_ ABSL_GUARDED_BY(mu_) = 0;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool processing_ ABSL_GUARDED_BY(mu_) = false;  // a read is being handled
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status final_status_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<service::UpsertResult> UpsertOne(
    service::ResolutionService* service, const v1::UpsertRecordRequest& req) {
  if (!req.has_record()) return FieldError("record", "required");
  ASSIGN_OR_RETURN(SourceRecord record, FromProto(req.record(), "record"));
  return service->Upsert(record);
}

// Keyset position of a (source, source_record_id) listing from a page token.
absl::StatusOr<RecordKey> KeyFromToken(const std::string& token) {
  ASSIGN_OR_RETURN(std::vector<std::string> parts, DecodePageToken(token, 2));
  return RecordKey{parts[0], parts[1]};
}

}  // namespace

grpc::ServerUnaryReactor* CustomerHubService::UpsertRecord(
    grpc::CallbackServerContext* ctx, const v1::UpsertRecordRequest* req,
    v1::UpsertRecordResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    absl::StatusOr<service::UpsertResult> result = UpsertOne(service_, *req);
    Observe(observer_, result);
    ASSIGN_OR_RETURN(service::UpsertResult r, std::move(result));
    resp->set_golden_id(r.golden_id);
    resp->set_outcome(ToProto(r.outcome));
    for (const auto& w : r.warnings) ToProto(w, resp->add_warnings());
    for (const auto& id : r.merged_ids) resp->add_merged_ids(id);
    resp->set_golden_version(r.golden_version);
    resp->set_dead_reason(ToProto(r.dead_reason));
    return absl::OkStatus();
  });
}

grpc::ServerBidiReactor<v1::IngestRecordsRequest, v1::IngestRecordsResponse>*
CustomerHubService::IngestRecords(grpc::CallbackServerContext* ctx) {
  return new IngestReactor(ctx, service_, observer_, &pool_);
}

grpc::ServerUnaryReactor* CustomerHubService::DeleteRecord(
    grpc::CallbackServerContext* ctx, const v1::DeleteRecordRequest* req,
    v1::DeleteRecordResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    int64_t deleted_at = 0;
    if (req->has_deleted_at()) {
      if (req->deleted_at().seconds() < 0)
        return FieldError("deleted_at", "before 1970");
      deleted_at = MicrosFromProto(req->deleted_at());
    }
    ASSIGN_OR_RETURN(
        service::DeleteResult r,
        service_->Delete({req->source(), req->source_record_id()}, deleted_at));
    resp->set_golden_id(r.golden_id);
    resp->set_entity_deleted(r.entity_deleted);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::GetGoldenRecord(
    grpc::CallbackServerContext* ctx, const v1::GetGoldenRecordRequest* req,
    v1::GoldenRecord* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(GoldenRecord g,
                     req->has_as_of()
                         ? service_->GetGoldenAsOf(
                               req->golden_id(), MicrosFromProto(req->as_of()))
                         : service_->GetGolden(req->golden_id()));
    ToProto(g, resp);
    ASSIGN_OR_RETURN(std::optional<DeadMark> dead,
                     service_->DeadMarkOf(g.golden_id));
    if (dead) ToProto(*dead, resp->mutable_dead());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::BatchGetGoldenRecords(
    grpc::CallbackServerContext* ctx,
    const v1::BatchGetGoldenRecordsRequest* req,
    v1::BatchGetGoldenRecordsResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    if (req->golden_ids_size() > kMaxBatchGet) {
      return FieldError("golden_ids",
                        absl::StrCat("at most ", kMaxBatchGet, " ids"));
    }
    std::vector<std::string> ids(req->golden_ids().begin(),
                                 req->golden_ids().end());
    ASSIGN_OR_RETURN(std::vector<GoldenRecord> gs,
                     service_->BatchGetGolden(ids));
    for (const auto& g : gs) ToProto(g, resp->add_records());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::LookupXref(
    grpc::CallbackServerContext* ctx, const v1::LookupXrefRequest* req,
    v1::Xref* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(
        Xref x, service_->LookupXref({req->source(), req->source_record_id()}));
    resp->set_source(x.record.source);
    resp->set_source_record_id(x.record.source_record_id);
    resp->set_golden_id(x.golden_id);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ListXrefs(
    grpc::CallbackServerContext* ctx, const v1::ListXrefsRequest* req,
    v1::ListXrefsResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 1000, 10000));
    ASSIGN_OR_RETURN(RecordKey after, KeyFromToken(req->page_token()));
    ASSIGN_OR_RETURN(std::vector<Xref> xs,
                     service_->ListXrefs(after, size + 1));
    for (int i = 0; i < static_cast<int>(xs.size()) && i < size; ++i) {
      auto* x = resp->add_xrefs();
      x->set_source(xs[i].record.source);
      x->set_source_record_id(xs[i].record.source_record_id);
      x->set_golden_id(xs[i].golden_id);
    }
    if (static_cast<int>(xs.size()) > size) {
      const RecordKey& last = xs[size - 1].record;
      resp->set_next_page_token(
          EncodePageToken({last.source, last.source_record_id}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ExplainMatch(
    grpc::CallbackServerContext* ctx, const v1::ExplainMatchRequest* req,
    v1::ExplainMatchResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    SourceRecord left;
    switch (req->left_case()) {
      case v1::ExplainMatchRequest::kLeftRecord: {
        ASSIGN_OR_RETURN(left, service_->GetSourceRecord(
                                   {req->left_record().source(),
                                    req->left_record().source_record_id()},
                                   "left_record"));
        break;
      }
      case v1::ExplainMatchRequest::kLeftAttributes: {
        v1::SourceRecord attributes = req->left_attributes();
        // Only the attributes matter; a placeholder key passes validation.
        if (attributes.source().empty()) attributes.set_source("explain");
        if (attributes.source_record_id().empty()) {
          attributes.set_source_record_id("-");
        }
        ASSIGN_OR_RETURN(left, FromProto(attributes, "left_attributes"));
        break;
      }
      default:
        return FieldError("left_record", "give left_record or left_attributes");
    }
    absl::StatusOr<service::Explanation> e;
    switch (req->right_case()) {
      case v1::ExplainMatchRequest::kRightRecord:
        e = service_->ExplainAgainstRecord(
            left, {req->right_record().source(),
                   req->right_record().source_record_id()});
        break;
      case v1::ExplainMatchRequest::kRightGoldenId:
        e = service_->ExplainAgainstEntity(left, req->right_golden_id());
        break;
      default:
        return FieldError("right_record",
                          "give right_record or right_golden_id");
    }
    RETURN_IF_ERROR(e.status());
    ToProto(*e, *service_->model(), resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ListReviewTasks(
    grpc::CallbackServerContext* ctx, const v1::ListReviewTasksRequest* req,
    v1::ListReviewTasksResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 50, 1000));
    ASSIGN_OR_RETURN(std::optional<ReviewTask> after,
                     ReviewFromToken(req->page_token()));
    ASSIGN_OR_RETURN(std::vector<service::OpenReview> open,
                     service_->ListReviewTasks(after, size + 1));
    for (int i = 0; i < static_cast<int>(open.size()) && i < size; ++i) {
      ToProto(open[i], resp->add_tasks());
    }
    if (static_cast<int>(open.size()) > size) {
      resp->set_next_page_token(ReviewToken(open[size - 1].task));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ResolveIdentity(
    grpc::CallbackServerContext* ctx, const v1::ResolveIdentityRequest* req,
    v1::ResolveIdentityResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    if (!req->has_record()) return FieldError("record", "required");
    int max = req->max_candidates() == 0 ? 5 : req->max_candidates();
    if (max < 1 || max > 100) {
      return FieldError("max_candidates", "must be between 1 and 100 (0 = 5)");
    }
    ASSIGN_OR_RETURN(SourceRecord record, FromProto(req->record(), "record"));
    ASSIGN_OR_RETURN(service::ResolutionService::Resolution r,
                     service_->Resolve(record, max));
    for (const auto& c : r.candidates) ToProto(c, resp->add_candidates());
    for (const auto& w : r.warnings) ToProto(w, resp->add_warnings());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::SearchCustomers(
    grpc::CallbackServerContext* ctx, const v1::SearchCustomersRequest* req,
    v1::SearchCustomersResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 20, 200));
    ASSIGN_OR_RETURN(std::vector<std::string> after,
                     DecodePageToken(req->page_token(), 1));
    service::SearchQuery q{req->name(), req->phone(), req->email(),
                           req->national_id(), req->golden_id()};
    ASSIGN_OR_RETURN(service::ResolutionService::SearchPage page,
                     service_->Search(q, after[0], size));
    for (const auto& g : page.customers) ToProto(g, resp->add_customers());
    if (page.more && !page.customers.empty()) {
      resp->set_next_page_token(
          EncodePageToken({page.customers.back().golden_id}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ListEntityRecords(
    grpc::CallbackServerContext* ctx, const v1::ListEntityRecordsRequest* req,
    v1::ListEntityRecordsResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 100, 1000));
    ASSIGN_OR_RETURN(RecordKey after, KeyFromToken(req->page_token()));
    ASSIGN_OR_RETURN(
        std::vector<StoredRecord> rs,
        service_->ListEntityRecords(req->golden_id(), after, size + 1));
    for (int i = 0; i < static_cast<int>(rs.size()) && i < size; ++i) {
      ToProto(rs[i], resp->add_records());
    }
    if (static_cast<int>(rs.size()) > size) {
      const RecordKey& last = rs[size - 1].record.key;
      resp->set_next_page_token(
          EncodePageToken({last.source, last.source_record_id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
