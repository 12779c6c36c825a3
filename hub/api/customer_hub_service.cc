#include "hub/api/customer_hub_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/api/status_convert.h"
#include "hub/common/errors.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"

namespace mdm::api {
namespace {

// Runs `body` (returning absl::Status) and finishes the unary call with its
// translated status.
template <typename Body>
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* ctx, Body body) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::Status s = body();
  reactor->Finish(ToGrpcStatus(s));
  return reactor;
}

void FillResult(const service::UpsertResult& r, v1::IngestResult* out) {
  out->set_golden_id(r.golden_id);
  out->set_outcome(ToProto(r.outcome));
  for (const auto& w : r.warnings) ToProto(w, out->add_warnings());
  for (const auto& id : r.merged_ids) out->add_merged_ids(id);
}

// One IngestRecords stream: read a batch, resolve and commit it, answer it,
// read the next. Processing inline keeps per-stream order and backpressure:
// a client that sends faster than the hub commits is held by flow control.
class IngestReactor final
    : public grpc::ServerBidiReactor<v1::IngestRecordsRequest,
                                     v1::IngestRecordsResponse> {
 public:
  explicit IngestReactor(service::ResolutionService* service) : service_(service) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client closed its side: every batch was answered
      Finish(grpc::Status::OK);
      return;
    }
    absl::Status s = Process();
    if (!s.ok()) {
      MDM_LOG_WARN("ingest stream ended after {} records: {}", acknowledged_,
                   s.ToString());
      Finish(ToGrpcStatus(s));
      return;
    }
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  absl::Status Process() {
    response_.Clear();
    if (request_.items_size() > kMaxIngestItems) {
      return FieldError("items", absl::StrCat("at most ", kMaxIngestItems,
                                              " records per message, got ",
                                              request_.items_size()));
    }
    // Records that translate go to the service as one batch; results are
    // stitched back in request order.
    std::vector<SourceRecord> records;
    std::vector<int> record_of_item(request_.items_size(), -1);
    for (int i = 0; i < request_.items_size(); ++i) {
      auto* result = response_.add_results();
      result->set_sequence(request_.items(i).sequence());
      absl::StatusOr<SourceRecord> r = FromProto(request_.items(i).record(), "record");
      if (!r.ok()) {
        *result->mutable_error() = ToRpcStatus(r.status());
        continue;
      }
      record_of_item[i] = static_cast<int>(records.size());
      records.push_back(*std::move(r));
    }
    ASSIGN_OR_RETURN(auto results, service_->UpsertBatch(records));
    for (int i = 0; i < request_.items_size(); ++i) {
      if (record_of_item[i] < 0) continue;
      const auto& r = results[record_of_item[i]];
      auto* out = response_.mutable_results(i);
      if (r.ok()) {
        FillResult(*r, out);
      } else {
        *out->mutable_error() = ToRpcStatus(r.status());
      }
    }
    acknowledged_ += request_.items_size();
    return absl::OkStatus();
  }

  service::ResolutionService* const service_;
  v1::IngestRecordsRequest request_;
  v1::IngestRecordsResponse response_;
  int64_t acknowledged_ = 0;
};

// Keyset position of a (source, source_record_id) listing from a page token.
absl::StatusOr<RecordKey> KeyFromToken(const std::string& token) {
  ASSIGN_OR_RETURN(std::vector<std::string> parts, DecodePageToken(token, 2));
  return RecordKey{parts[0], parts[1]};
}

}  // namespace

grpc::ServerUnaryReactor* CustomerHubService::UpsertRecord(
    grpc::CallbackServerContext* ctx, const v1::UpsertRecordRequest* req,
    v1::UpsertRecordResponse* resp) {
  return Unary(ctx, [&]() -> absl::Status {
    if (!req->has_record()) return FieldError("record", "required");
    ASSIGN_OR_RETURN(SourceRecord record, FromProto(req->record(), "record"));
    ASSIGN_OR_RETURN(service::UpsertResult r, service_->Upsert(record));
    resp->set_golden_id(r.golden_id);
    resp->set_outcome(ToProto(r.outcome));
    for (const auto& w : r.warnings) ToProto(w, resp->add_warnings());
    for (const auto& id : r.merged_ids) resp->add_merged_ids(id);
    resp->set_golden_version(r.golden_version);
    return absl::OkStatus();
  });
}

grpc::ServerBidiReactor<v1::IngestRecordsRequest, v1::IngestRecordsResponse>*
CustomerHubService::IngestRecords(grpc::CallbackServerContext*) {
  return new IngestReactor(service_);
}

grpc::ServerUnaryReactor* CustomerHubService::DeleteRecord(
    grpc::CallbackServerContext* ctx, const v1::DeleteRecordRequest* req,
    v1::DeleteRecordResponse* resp) {
  return Unary(ctx, [&]() -> absl::Status {
    int64_t deleted_at = 0;
    if (req->has_deleted_at()) {
      if (req->deleted_at().seconds() < 0) return FieldError("deleted_at", "before 1970");
      deleted_at = MicrosFromProto(req->deleted_at());
    }
    ASSIGN_OR_RETURN(service::DeleteResult r,
                     service_->Delete({req->source(), req->source_record_id()},
                                      deleted_at));
    resp->set_golden_id(r.golden_id);
    resp->set_entity_deleted(r.entity_deleted);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::GetGoldenRecord(
    grpc::CallbackServerContext* ctx, const v1::GetGoldenRecordRequest* req,
    v1::GoldenRecord* resp) {
  return Unary(ctx, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(GoldenRecord g, service_->GetGolden(req->golden_id()));
    ToProto(g, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::BatchGetGoldenRecords(
    grpc::CallbackServerContext* ctx, const v1::BatchGetGoldenRecordsRequest* req,
    v1::BatchGetGoldenRecordsResponse* resp) {
  return Unary(ctx, [&]() -> absl::Status {
    if (req->golden_ids_size() > kMaxBatchGet) {
      return FieldError("golden_ids", absl::StrCat("at most ", kMaxBatchGet, " ids"));
    }
    std::vector<std::string> ids(req->golden_ids().begin(), req->golden_ids().end());
    ASSIGN_OR_RETURN(std::vector<GoldenRecord> gs, service_->BatchGetGolden(ids));
    for (const auto& g : gs) ToProto(g, resp->add_records());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::LookupXref(
    grpc::CallbackServerContext* ctx, const v1::LookupXrefRequest* req,
    v1::Xref* resp) {
  return Unary(ctx, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(Xref x, service_->LookupXref({req->source(), req->source_record_id()}));
    resp->set_source(x.record.source);
    resp->set_source_record_id(x.record.source_record_id);
    resp->set_golden_id(x.golden_id);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ListXrefs(
    grpc::CallbackServerContext* ctx, const v1::ListXrefsRequest* req,
    v1::ListXrefsResponse* resp) {
  return Unary(ctx, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 1000, 10000));
    ASSIGN_OR_RETURN(RecordKey after, KeyFromToken(req->page_token()));
    ASSIGN_OR_RETURN(std::vector<Xref> xs, service_->ListXrefs(after, size + 1));
    for (int i = 0; i < static_cast<int>(xs.size()) && i < size; ++i) {
      auto* x = resp->add_xrefs();
      x->set_source(xs[i].record.source);
      x->set_source_record_id(xs[i].record.source_record_id);
      x->set_golden_id(xs[i].golden_id);
    }
    if (static_cast<int>(xs.size()) > size) {
      const RecordKey& last = xs[size - 1].record;
      resp->set_next_page_token(EncodePageToken({last.source, last.source_record_id}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ResolveIdentity(
    grpc::CallbackServerContext* ctx, const v1::ResolveIdentityRequest* req,
    v1::ResolveIdentityResponse* resp) {
  return Unary(ctx, [&]() -> absl::Status {
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
  return Unary(ctx, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 20, 200));
    ASSIGN_OR_RETURN(std::vector<std::string> after, DecodePageToken(req->page_token(), 1));
    service::SearchQuery q{req->name(), req->phone(), req->email(), req->national_id(),
                           req->golden_id()};
    ASSIGN_OR_RETURN(service::ResolutionService::SearchPage page,
                     service_->Search(q, after[0], size));
    for (const auto& g : page.customers) ToProto(g, resp->add_customers());
    if (page.more && !page.customers.empty()) {
      resp->set_next_page_token(EncodePageToken({page.customers.back().golden_id}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerHubService::ListEntityRecords(
    grpc::CallbackServerContext* ctx, const v1::ListEntityRecordsRequest* req,
    v1::ListEntityRecordsResponse* resp) {
  return Unary(ctx, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 100, 1000));
    ASSIGN_OR_RETURN(RecordKey after, KeyFromToken(req->page_token()));
    ASSIGN_OR_RETURN(std::vector<StoredRecord> rs,
                     service_->ListEntityRecords(req->golden_id(), after, size + 1));
    for (int i = 0; i < static_cast<int>(rs.size()) && i < size; ++i) {
      ToProto(rs[i], resp->add_records());
    }
    if (static_cast<int>(rs.size()) > size) {
      const RecordKey& last = rs[size - 1].record.key;
      resp->set_next_page_token(EncodePageToken({last.source, last.source_record_id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
