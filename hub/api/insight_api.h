// mdm.v1.Insight over the callback API: translation between protobuf and
// the InsightService / QualityService, nothing more.
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/service/insight_service.h"
#include "hub/service/quality_service.h"
#include "mdm/v1/insight.grpc.pb.h"

namespace mdm::api {

class InsightApi final : public v1::Insight::CallbackService {
 public:
  // The services must outlive this object, and this object the server.
  InsightApi(service::InsightService* insight, service::QualityService* quality,
             int worker_threads = 2)
      : insight_(insight), quality_(quality), pool_(worker_threads) {}

  grpc::ServerUnaryReactor* GetCustomerProfile(
      grpc::CallbackServerContext* ctx,
      const v1::GetCustomerProfileRequest* req,
      v1::CustomerProfile* resp) override;
  grpc::ServerUnaryReactor* ListSegment(grpc::CallbackServerContext* ctx,
                                        const v1::ListSegmentRequest* req,
                                        v1::ListSegmentResponse* resp) override;
  grpc::ServerUnaryReactor* SetFlag(grpc::CallbackServerContext* ctx,
                                    const v1::SetFlagRequest* req,
                                    v1::CustomerFlag* resp) override;
  grpc::ServerUnaryReactor* GetParetoView(grpc::CallbackServerContext* ctx,
                                          const v1::GetParetoViewRequest* req,
                                          v1::ParetoView* resp) override;
  grpc::ServerUnaryReactor* GetQualityReport(
      grpc::CallbackServerContext* ctx, const v1::GetQualityReportRequest* req,
      v1::GetQualityReportResponse* resp) override;
  grpc::ServerUnaryReactor* DrawSample(grpc::CallbackServerContext* ctx,
                                       const v1::DrawSampleRequest* req,
                                       v1::DrawSampleResponse* resp) override;
  grpc::ServerUnaryReactor* RecordVerdict(grpc::CallbackServerContext* ctx,
                                          const v1::RecordVerdictRequest* req,
                                          v1::Verdict* resp) override;
  grpc::ServerUnaryReactor* GetInspectionReport(
      grpc::CallbackServerContext* ctx,
      const v1::GetInspectionReportRequest* req,
      v1::InspectionReport* resp) override;

 private:
  service::InsightService* const insight_;
  service::QualityService* const quality_;
  WorkerPool pool_;
};

}  // namespace mdm::api
