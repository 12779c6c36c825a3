#include "hub/api/insight_api.h"

#include "hub/api/insight_convert.h"
#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/api/text_limits.h"
#include "hub/api/unary_call.h"
#include "hub/common/status_macros.h"
#include "hub/service/record_validation.h"

namespace mdm::api {

grpc::ServerUnaryReactor* InsightApi::GetCustomerProfile(
    grpc::CallbackServerContext* ctx, const v1::GetCustomerProfileRequest* req,
    v1::CustomerProfile* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(
        service::CustomerProfile profile,
        insight_->GetProfile({req->golden_id(), req->phone(), req->name()}));
    ToProto(profile, insight_->rules(), resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InsightApi::ListSegment(
    grpc::CallbackServerContext* ctx, const v1::ListSegmentRequest* req,
    v1::ListSegmentResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 50, 500));
    ASSIGN_OR_RETURN(std::vector<std::string> after,
                     DecodePageToken(req->page_token(), 2));
    ASSIGN_OR_RETURN(service::SegmentPage page,
                     insight_->ListSegment(
                         req->segment(), RecordKey{after[0], after[1]}, size));
    for (const service::CustomerProfile& p : page.customers) {
      v1::SegmentMember* m = resp->add_customers();
      m->set_golden_id(p.golden.golden_id);
      if (p.golden.full_name) m->set_display_name(p.golden.full_name->value);
      ToProto(p.insight, m->mutable_scores());
      for (const std::string& s : p.insight.segments) m->add_segments(s);
    }
    if (page.next) {
      resp->set_next_page_token(
          EncodePageToken({page.next->source, page.next->source_record_id}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InsightApi::SetFlag(grpc::CallbackServerContext* ctx,
                                              const v1::SetFlagRequest* req,
                                              v1::CustomerFlag* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    RETURN_IF_ERROR(CheckTextLengths(
        {{"name", req->name(), service::kMaxRecordIdLength},
         {"value", req->value(), service::kMaxTextLength},
         {"reason", req->reason(), service::kMaxTextLength},
         {"set_by", req->set_by(), service::kMaxRecordIdLength}}));
    ASSIGN_OR_RETURN(
        insight::Flag flag,
        insight_->SetFlag({req->golden_id(), req->name(), req->value(),
                           req->reason(), req->set_by()}));
    ToProto(flag, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InsightApi::GetParetoView(
    grpc::CallbackServerContext* ctx, const v1::GetParetoViewRequest* req,
    v1::ParetoView* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    const int max_ids = req->max_ids() > 0 ? req->max_ids() : 20;
    ASSIGN_OR_RETURN(insight::ParetoView view, insight_->Pareto(max_ids));
    ToProto(view, resp);
    resp->set_target_share(insight_->rules().pareto_profit_share);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InsightApi::GetQualityReport(
    grpc::CallbackServerContext* ctx, const v1::GetQualityReportRequest* req,
    v1::GetQualityReportResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(insight::QualityReport now,
                     quality_->Report(req->snapshot()));
    ToProto(now, resp->mutable_current());
    if (req->history()) {
      ASSIGN_OR_RETURN(std::vector<insight::QualityReport> history,
                       quality_->History());
      for (const auto& r : history) ToProto(r, resp->add_history());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InsightApi::DrawSample(
    grpc::CallbackServerContext* ctx, const v1::DrawSampleRequest* req,
    v1::DrawSampleResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(service::Sample sample,
                     quality_->DrawSample(req->seed(), req->size()));
    resp->set_seed(sample.seed);
    resp->set_population(sample.population);
    for (size_t i = 0; i < sample.customers.size(); ++i) {
      v1::SampledCustomer* c = resp->add_customers();
      ToProto(sample.customers[i], c->mutable_golden());
      for (const StoredRecord& r : sample.records[i])
        ToProto(r.record, c->add_records());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InsightApi::RecordVerdict(
    grpc::CallbackServerContext* ctx, const v1::RecordVerdictRequest* req,
    v1::Verdict* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    RETURN_IF_ERROR(CheckTextLengths(
        {{"note", req->note(), service::kMaxTextLength},
         {"inspector", req->inspector(), service::kMaxRecordIdLength}}));
    ASSIGN_OR_RETURN(
        service::VerdictEntry v,
        quality_->RecordVerdict({req->seed(), req->golden_id(), req->correct(),
                                 req->note(), req->inspector(), 0}));
    ToProto(v, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* InsightApi::GetInspectionReport(
    grpc::CallbackServerContext* ctx, const v1::GetInspectionReportRequest* req,
    v1::InspectionReport* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(service::InspectionSummary s,
                     quality_->Inspection(req->seed()));
    resp->set_seed(s.seed);
    resp->set_inspected(s.inspected);
    resp->set_errors(s.errors);
    resp->set_error_rate(s.error_rate);
    resp->set_ci_low(s.interval.low);
    resp->set_ci_high(s.interval.high);
    for (const service::VerdictEntry& v : s.verdicts)
      ToProto(v, resp->add_verdicts());
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
