// mdm.v1.Facts over the callback API: translation between protobuf and
// FactIngest, nothing more.
#pragma once

#include "hub/api/worker_pool.h"
#include "hub/service/fact_ingest.h"
#include "mdm/v1/facts.grpc.pb.h"

namespace mdm::api {

class FactsService final : public v1::Facts::CallbackService {
 public:
  // `ingest` must outlive this object, and this object the server.
  explicit FactsService(service::FactIngest* ingest, int worker_threads = 2)
      : ingest_(ingest), pool_(worker_threads) {}

  grpc::ServerUnaryReactor* IngestFacts(grpc::CallbackServerContext* ctx,
                                        const v1::IngestFactsRequest* req,
                                        v1::IngestFactsResponse* resp) override;
  grpc::ServerUnaryReactor* ListFacts(grpc::CallbackServerContext* ctx,
                                      const v1::ListFactsRequest* req,
                                      v1::ListFactsResponse* resp) override;

 private:
  service::FactIngest* const ingest_;
  WorkerPool pool_;
};

}  // namespace mdm::api
