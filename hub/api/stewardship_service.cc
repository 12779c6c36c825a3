#include "hub/api/stewardship_service.h"

#include <algorithm>
#include <string>
#include <vector>

#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/api/review_convert.h"
#include "hub/api/text_limits.h"
#include "hub/api/unary_call.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/service/record_validation.h"

namespace mdm::api {
namespace {

// Who did it and why, as stored with the change; the texts within limits.
absl::StatusOr<service::StewardContext> ContextOf(
    const v1::StewardNote& note, const std::string& request_id) {
  RETURN_IF_ERROR(CheckTextLengths(
      {{"note.author", note.author(), service::kMaxRecordIdLength},
       {"note.reason", note.reason(), service::kMaxTextLength},
       {"request_id", request_id, service::kMaxRecordIdLength}}));
  return service::StewardContext{
      .author = note.author().empty() ? "steward" : note.author(),
      .reason = note.reason(),
      .request_id = request_id};
}

void ToProto(const service::StewardResult& in, v1::StewardActionResponse* out) {
  for (const service::StewardResult::Entity& e : in.entities) {
    v1::StewardActionResponse::Entity* c = out->add_customers();
    c->set_golden_id(e.golden_id);
    c->set_etag(e.etag);
  }
  for (const std::string& id : in.merged_ids) out->add_merged_ids(id);
}

// A task id names the record and the candidate as the task was raised.
std::string TaskId(const ReviewTask& t) {
  return EncodePageToken(
      {t.record.source, t.record.source_record_id, t.candidate_golden_id});
}

absl::StatusOr<ReviewTask> TaskFromId(const std::string& id) {
  if (id.empty()) return FieldError("task_id", "required");
  absl::StatusOr<std::vector<std::string>> parts = DecodePageToken(id, 3);
  if (!parts.ok()) {
    return FieldError("task_id", "not a review task id (see review list)");
  }
  ReviewTask t;
  t.record = {(*parts)[0], (*parts)[1]};
  t.candidate_golden_id = (*parts)[2];
  return t;
}

}  // namespace

grpc::ServerUnaryReactor* StewardshipService::MergeEntities(
    grpc::CallbackServerContext* ctx, const v1::MergeEntitiesRequest* req,
    v1::StewardActionResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    service::MergeRequest m;
    m.survivor = req->survivor();
    m.others.assign(req->others().begin(), req->others().end());
    m.etags.assign(req->etags().begin(), req->etags().end());
    // Map order is unspecified; the request hash must not depend on it.
    std::sort(m.etags.begin(), m.etags.end());
    ASSIGN_OR_RETURN(m.context, ContextOf(req->note(), req->request_id()));
    ASSIGN_OR_RETURN(service::StewardResult r, service_->MergeEntities(m));
    ToProto(r, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::SplitEntity(
    grpc::CallbackServerContext* ctx, const v1::SplitEntityRequest* req,
    v1::StewardActionResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    service::SplitRequest s;
    s.golden_id = req->golden_id();
    for (const v1::RecordRef& r : req->records()) {
      s.records.push_back({r.source(), r.source_record_id()});
    }
    s.etag = req->etag();
    ASSIGN_OR_RETURN(s.context, ContextOf(req->note(), req->request_id()));
    ASSIGN_OR_RETURN(service::StewardResult r, service_->SplitEntity(s));
    ToProto(r, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::ListReviewQueue(
    grpc::CallbackServerContext* ctx, const v1::ListReviewQueueRequest* req,
    v1::ListReviewQueueResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 20, 200));
    ASSIGN_OR_RETURN(std::optional<ReviewTask> after,
                     ReviewFromToken(req->page_token()));
    ASSIGN_OR_RETURN(std::vector<service::OpenReview> open,
                     service_->ListReviewTasks(after, size + 1));
    for (int i = 0; i < static_cast<int>(open.size()) && i < size; ++i) {
      const service::OpenReview& o = open[i];
      v1::ReviewQueueItem* item = resp->add_items();
      item->set_task_id(TaskId(o.task));
      ToProto(o, item->mutable_task());
      ASSIGN_OR_RETURN(SourceRecord record,
                       service_->GetSourceRecord(o.task.record, "task"));
      absl::StatusOr<service::Explanation> e =
          service_->ExplainAgainstEntity(record, o.candidate_golden_id);
      // The candidate may have changed since the page was read; the task
      // still shows, without an explanation.
      if (e.ok()) {
        ToProto(*e, *service_->model(), item->mutable_explanation());
      }
    }
    if (static_cast<int>(open.size()) > size) {
      resp->set_next_page_token(ReviewToken(open[size - 1].task));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::AcceptReviewTask(
    grpc::CallbackServerContext* ctx, const v1::DecideReviewTaskRequest* req,
    v1::StewardActionResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(ReviewTask t, TaskFromId(req->task_id()));
    ASSIGN_OR_RETURN(Xref x, service_->LookupXref(t.record));
    ASSIGN_OR_RETURN(GoldenRecord candidate,
                     service_->GetGolden(t.candidate_golden_id));
    if (x.golden_id == candidate.golden_id) {
      return WithField(absl::FailedPreconditionError(
                           "the record already belongs to the candidate"),
                       "task_id");
    }
    // The older id survives, as automatic merges do.
    service::MergeRequest m;
    m.survivor = std::min(x.golden_id, candidate.golden_id);
    m.others = {std::max(x.golden_id, candidate.golden_id)};
    ASSIGN_OR_RETURN(m.context, ContextOf(req->note(), req->request_id()));
    ASSIGN_OR_RETURN(service::StewardResult r, service_->MergeEntities(m));
    ToProto(r, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::RejectReviewTask(
    grpc::CallbackServerContext* ctx, const v1::DecideReviewTaskRequest* req,
    v1::StewardActionResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(ReviewTask t, TaskFromId(req->task_id()));
    service::KeepApartRequest k;
    k.record = t.record;
    k.golden_id = t.candidate_golden_id;
    ASSIGN_OR_RETURN(k.context, ContextOf(req->note(), req->request_id()));
    ASSIGN_OR_RETURN(service::StewardResult r, service_->KeepApart(k));
    ToProto(r, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::MarkDead(
    grpc::CallbackServerContext* ctx, const v1::MarkDeadRequest* req,
    v1::StewardActionResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    service::MarkDeadRequest d;
    switch (req->subject_case()) {
      case v1::MarkDeadRequest::kGoldenId:
        d.golden_id = req->golden_id();
        if (d.golden_id.empty()) return FieldError("golden_id", "required");
        break;
      case v1::MarkDeadRequest::kRecord:
        d.record = {req->record().source(), req->record().source_record_id()};
        break;
      default:
        return FieldError("golden_id", "give golden_id or record");
    }
    // An enum value this build does not know would be stored as it came.
    if (!v1::DeadReason_IsValid(req->reason())) {
      return FieldError("reason", "not a DeadReason value");
    }
    d.reason = FromProto(req->reason());
    d.note = req->note().reason();
    ASSIGN_OR_RETURN(d.context, ContextOf(req->note(), req->request_id()));
    ASSIGN_OR_RETURN(service::StewardResult r, service_->MarkDead(d));
    ToProto(r, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::Revive(
    grpc::CallbackServerContext* ctx, const v1::ReviveRequest* req,
    v1::StewardActionResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    service::ReviveRequest r;
    r.golden_id = req->golden_id();
    ASSIGN_OR_RETURN(r.context, ContextOf(req->note(), req->request_id()));
    ASSIGN_OR_RETURN(service::StewardResult out, service_->Revive(r));
    ToProto(out, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::ListDead(
    grpc::CallbackServerContext* ctx, const v1::ListDeadRequest*,
    v1::ListDeadResponse* resp) {
  return Unary(ctx, &pool_, [this, resp]() -> absl::Status {
    for (const DeadMark& d : service_->ListDead()) {
      v1::DeadCustomer* c = resp->add_customers();
      c->set_golden_id(d.golden_id);
      ToProto(d, c->mutable_mark());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StewardshipService::ListQuarantine(
    grpc::CallbackServerContext* ctx, const v1::ListQuarantineRequest* req,
    v1::ListQuarantineResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 50, 1000));
    ASSIGN_OR_RETURN(std::vector<std::string> from,
                     DecodePageToken(req->page_token(), 2));
    RecordKey after;
    if (!from.empty()) after = {from[0], from[1]};
    ASSIGN_OR_RETURN(std::vector<QuarantinedRecord> held,
                     service_->ListQuarantine(after, size + 1));
    for (int i = 0; i < static_cast<int>(held.size()) && i < size; ++i) {
      v1::QuarantinedRecord* q = resp->add_records();
      ToProto(held[i].record, q->mutable_record());
      q->set_golden_id(held[i].golden_id);
      q->set_reason(ToProto(held[i].reason));
      MicrosToProto(held[i].quarantined_at_us, q->mutable_quarantine_time());
    }
    if (static_cast<int>(held.size()) > size) {
      const RecordKey& last = held[size - 1].record.key;
      resp->set_next_page_token(
          EncodePageToken({last.source, last.source_record_id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
