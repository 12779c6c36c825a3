// mdm.v1.CustomerHub over the callback API: each method translates the request
// into domain types, calls the ResolutionService and translates back. No
// business logic lives here.
#pragma once

#include "hub/api/record_observer.h"
#include "hub/api/worker_pool.h"
#include "hub/service/resolution_service.h"
#include "mdm/v1/hub.grpc.pb.h"

namespace mdm::api {

// Largest number of records one IngestRecords message may carry.
inline constexpr int kMaxIngestItems = 1000;
inline constexpr int kMaxBatchGet = 1000;

class CustomerHubService final : public v1::CustomerHub::CallbackService {
 public:
  // `service` must outlive this object, and this object the gRPC server it
  // is registered with. `observer`, if not null, is told every record's
  // result and must outlive this object too. `worker_threads` run the calls'
  // blocking work.
  explicit CustomerHubService(service::ResolutionService* service,
                              RecordObserver* observer = nullptr,
                              int worker_threads = 8)
      : service_(service), observer_(observer), pool_(worker_threads) {}

  grpc::ServerUnaryReactor* UpsertRecord(
      grpc::CallbackServerContext* ctx, const v1::UpsertRecordRequest* req,
      v1::UpsertRecordResponse* resp) override;
  grpc::ServerBidiReactor<v1::IngestRecordsRequest, v1::IngestRecordsResponse>*
  IngestRecords(grpc::CallbackServerContext* ctx) override;
  grpc::ServerUnaryReactor* DeleteRecord(
      grpc::CallbackServerContext* ctx, const v1::DeleteRecordRequest* req,
      v1::DeleteRecordResponse* resp) override;
  grpc::ServerUnaryReactor* GetGoldenRecord(
      grpc::CallbackServerContext* ctx, const v1::GetGoldenRecordRequest* req,
      v1::GoldenRecord* resp) override;
  grpc::ServerUnaryReactor* BatchGetGoldenRecords(
      grpc::CallbackServerContext* ctx,
      const v1::BatchGetGoldenRecordsRequest* req,
      v1::BatchGetGoldenRecordsResponse* resp) override;
  grpc::ServerUnaryReactor* LookupXref(grpc::CallbackServerContext* ctx,
                                       const v1::LookupXrefRequest* req,
                                       v1::Xref* resp) override;
  grpc::ServerUnaryReactor* ListXrefs(grpc::CallbackServerContext* ctx,
                                      const v1::ListXrefsRequest* req,
                                      v1::ListXrefsResponse* resp) override;
  grpc::ServerUnaryReactor* ResolveIdentity(
      grpc::CallbackServerContext* ctx, const v1::ResolveIdentityRequest* req,
      v1::ResolveIdentityResponse* resp) override;
  grpc::ServerUnaryReactor* SearchCustomers(
      grpc::CallbackServerContext* ctx, const v1::SearchCustomersRequest* req,
      v1::SearchCustomersResponse* resp) override;
  grpc::ServerUnaryReactor* ListEntityRecords(
      grpc::CallbackServerContext* ctx, const v1::ListEntityRecordsRequest* req,
      v1::ListEntityRecordsResponse* resp) override;

 private:
  service::ResolutionService* const service_;
  RecordObserver* const observer_;  // may be null
  WorkerPool pool_;
};

}  // namespace mdm::api
