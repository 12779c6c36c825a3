#include "hub/api/facts_service.h"

#include "hub/api/fact_convert.h"
#include "hub/api/page_token.h"
#include "hub/api/unary_call.h"
#include "hub/common/status_macros.h"

namespace mdm::api {

grpc::ServerUnaryReactor* FactsService::IngestFacts(
    grpc::CallbackServerContext* ctx, const v1::IngestFactsRequest* req,
    v1::IngestFactsResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    // Facts that do not translate are refused alone, like invalid ones.
    std::vector<Fact> facts;
    std::vector<int> fact_of_item(req->facts_size(), -1);
    std::vector<absl::Status> translation(req->facts_size());
    for (int i = 0; i < req->facts_size(); ++i) {
      absl::StatusOr<Fact> f = FactFromProto(req->facts(i));
      if (!f.ok()) {
        translation[i] = f.status();
        continue;
      }
      fact_of_item[i] = static_cast<int>(facts.size());
      facts.push_back(*std::move(f));
    }
    ASSIGN_OR_RETURN(std::vector<absl::Status> stored, ingest_->Ingest(facts));
    for (int i = 0; i < req->facts_size(); ++i) {
      v1::FactResult* r = resp->add_results();
      r->set_fact_id(req->facts(i).fact_id());
      const absl::Status& s =
          fact_of_item[i] < 0 ? translation[i] : stored[fact_of_item[i]];
      if (!s.ok()) *r->mutable_error() = ToRpcStatus(s);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* FactsService::ListFacts(
    grpc::CallbackServerContext* ctx, const v1::ListFactsRequest* req,
    v1::ListFactsResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 100, 1000));
    ASSIGN_OR_RETURN(std::vector<std::string> after,
                     DecodePageToken(req->page_token(), 1));
    ASSIGN_OR_RETURN(std::vector<Fact> facts,
                     ingest_->List(req->source(), req->source_record_id(),
                                   after[0], size + 1));
    for (int i = 0; i < static_cast<int>(facts.size()) && i < size; ++i) {
      FactToProto(facts[i], resp->add_facts());
    }
    if (static_cast<int>(facts.size()) > size) {
      resp->set_next_page_token(EncodePageToken({facts[size - 1].fact_id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
