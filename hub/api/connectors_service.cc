#include "hub/api/connectors_service.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/api/unary_call.h"
#include "hub/common/status_macros.h"

namespace mdm::api {
namespace {

constexpr char kResourcePrefix[] = "connectors/";

// "ID" or the resource name "connectors/ID".
std::string IdOf(const std::string& name) {
  absl::string_view id = name;
  absl::ConsumePrefix(&id, kResourcePrefix);
  return std::string(id);
}

void ToProto(const ConnectorState& in, v1::Checkpoint* out) {
  out->set_position(in.position);
  out->set_generation(in.generation);
  MicrosToProto(in.committed_at_us, out->mutable_commit_time());
}

void ToProto(const ConnectorState& in, v1::Connector* out) {
  out->set_name(kResourcePrefix + in.id);
  out->set_connector_id(in.id);
  out->set_source(in.source);
  ToProto(in, out->mutable_checkpoint());
  v1::ConnectorCounters* c = out->mutable_counters();
  c->set_records_read(in.counters.records_read);
  c->set_records_sent(in.counters.records_sent);
  c->set_records_acknowledged(in.counters.records_acknowledged);
  c->set_records_rejected(in.counters.records_rejected);
  out->set_lag_ms(in.lag_ms);
  out->set_last_error(in.last_error);
  MicrosToProto(in.last_error_at_us, out->mutable_last_error_time());
  MicrosToProto(in.registered_at_us, out->mutable_register_time());
}

}  // namespace

grpc::ServerUnaryReactor* ConnectorsService::RegisterConnector(
    grpc::CallbackServerContext* ctx, const v1::RegisterConnectorRequest* req,
    v1::Connector* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(ConnectorState s,
                     registry_->Register(req->connector_id(), req->source()));
    ToProto(s, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConnectorsService::GetCheckpoint(
    grpc::CallbackServerContext* ctx, const v1::GetCheckpointRequest* req,
    v1::Checkpoint* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(ConnectorState s,
                     registry_->Get(IdOf(req->connector_id())));
    ToProto(s, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConnectorsService::CommitCheckpoint(
    grpc::CallbackServerContext* ctx, const v1::CommitCheckpointRequest* req,
    v1::Checkpoint* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    CheckpointCommit c;
    c.id = IdOf(req->connector_id());
    c.position = req->position();
    c.expected_generation = req->expected_generation();
    c.counters = {
        .records_read = req->counters().records_read(),
        .records_sent = req->counters().records_sent(),
        .records_acknowledged = req->counters().records_acknowledged(),
        .records_rejected = req->counters().records_rejected()};
    c.lag_ms = req->lag_ms();
    c.last_error = req->last_error();
    ASSIGN_OR_RETURN(ConnectorState s, registry_->Commit(std::move(c)));
    ToProto(s, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConnectorsService::GetConnector(
    grpc::CallbackServerContext* ctx, const v1::GetConnectorRequest* req,
    v1::Connector* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(ConnectorState s,
                     registry_->Get(IdOf(req->connector_id())));
    ToProto(s, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConnectorsService::ListConnectors(
    grpc::CallbackServerContext* ctx, const v1::ListConnectorsRequest* req,
    v1::ListConnectorsResponse* resp) {
  return Unary(ctx, &pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 100, 1000));
    ASSIGN_OR_RETURN(std::vector<std::string> after,
                     DecodePageToken(req->page_token(), 1));
    ASSIGN_OR_RETURN(std::vector<ConnectorState> all,
                     registry_->List(after[0], size + 1));
    for (int i = 0; i < static_cast<int>(all.size()) && i < size; ++i) {
      ToProto(all[i], resp->add_connectors());
    }
    if (static_cast<int>(all.size()) > size) {
      resp->set_next_page_token(EncodePageToken({all[size - 1].id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
