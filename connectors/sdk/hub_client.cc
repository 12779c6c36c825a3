#include "connectors/sdk/hub_client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"

namespace mdm::connectors {
namespace {

// Largest messages the hub takes (api/customer_hub_service.h, fact_ingest.h).
constexpr size_t kMaxPerMessage = 1000;

absl::Status FromGrpc(const grpc::Status& s, std::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(std::string(what), ": ", s.error_message()));
}

// A per-item error from the hub: content it refuses is a rejection of that
// item; anything else (unavailable, internal) fails the batch for a retry.
bool IsRejection(int code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT ||
         code == grpc::StatusCode::OUT_OF_RANGE;
}

}  // namespace

HubClient::HubClient(std::shared_ptr<grpc::Channel> channel,
                     std::chrono::milliseconds call_timeout)
    : hub_(v1::CustomerHub::NewStub(channel)),
      connectors_(v1::Connectors::NewStub(channel)),
      facts_(v1::Facts::NewStub(channel)),
      call_timeout_(call_timeout) {}

HubClient::~HubClient() { ResetStream(); }

absl::Status HubClient::BeginCall(grpc::ClientContext* ctx) {
  ctx->set_deadline(std::chrono::system_clock::now() + call_timeout_);
  absl::MutexLock lock(&mu_);
  if (cancelled_) return absl::CancelledError("connector is stopping");
  in_flight_ = ctx;
  return absl::OkStatus();
}

void HubClient::EndCall() {
  absl::MutexLock lock(&mu_);
  in_flight_ = nullptr;
}

void HubClient::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  if (in_flight_ != nullptr) in_flight_->TryCancel();
}

absl::StatusOr<v1::Connector> HubClient::Register(const std::string& id,
                                                  const std::string& source) {
  grpc::ClientContext ctx;
  RETURN_IF_ERROR(BeginCall(&ctx));
  v1::RegisterConnectorRequest req;
  req.set_connector_id(id);
  req.set_source(source);
  v1::Connector resp;
  grpc::Status s = connectors_->RegisterConnector(&ctx, req, &resp);
  EndCall();
  RETURN_IF_ERROR(FromGrpc(s, "RegisterConnector"));
  return resp;
}

absl::StatusOr<v1::Checkpoint> HubClient::GetCheckpoint(const std::string& id) {
  grpc::ClientContext ctx;
  RETURN_IF_ERROR(BeginCall(&ctx));
  v1::GetCheckpointRequest req;
  req.set_connector_id(id);
  v1::Checkpoint resp;
  grpc::Status s = connectors_->GetCheckpoint(&ctx, req, &resp);
  EndCall();
  RETURN_IF_ERROR(FromGrpc(s, "GetCheckpoint"));
  return resp;
}

absl::StatusOr<v1::Checkpoint> HubClient::Commit(
    const v1::CommitCheckpointRequest& request) {
  grpc::ClientContext ctx;
  RETURN_IF_ERROR(BeginCall(&ctx));
  v1::Checkpoint resp;
  grpc::Status s = connectors_->CommitCheckpoint(&ctx, request, &resp);
  EndCall();
  RETURN_IF_ERROR(FromGrpc(s, "CommitCheckpoint"));
  return resp;
}

absl::StatusOr<std::vector<Rejection>> HubClient::Deliver(
    const std::vector<Change>& changes, const std::string& source) {
  std::vector<Rejection> rejections;
  size_t i = 0;
  while (i < changes.size()) {
    // The run of changes of one type starting at i, at most one message.
    const Change::Type type = changes[i].type;
    size_t end = i + 1;
    while (end < changes.size() && changes[end].type == type &&
           end - i < kMaxPerMessage) {
      ++end;
    }
    switch (type) {
      case Change::Type::kUpsert:
        RETURN_IF_ERROR(SendUpserts(changes, i, end, source, &rejections));
        break;
      case Change::Type::kFact:
        RETURN_IF_ERROR(SendFacts(changes, i, end, source, &rejections));
        break;
      case Change::Type::kDelete:
        end = i + 1;
        RETURN_IF_ERROR(SendDelete(changes[i], i, source, &rejections));
        break;
    }
    i = end;
  }
  return rejections;
}

absl::Status HubClient::SendUpserts(const std::vector<Change>& changes,
                                    size_t begin, size_t end,
                                    const std::string& source,
                                    std::vector<Rejection>* rejections) {
  if (stream_ == nullptr) {
    stream_ctx_ = std::make_unique<grpc::ClientContext>();
    {
      absl::MutexLock lock(&mu_);
      if (cancelled_) return absl::CancelledError("connector is stopping");
      in_flight_ = stream_ctx_.get();
    }
    stream_ = hub_->IngestRecords(stream_ctx_.get());
  } else {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return absl::CancelledError("connector is stopping");
    in_flight_ = stream_ctx_.get();
  }
  v1::IngestRecordsRequest req;
  for (size_t i = begin; i < end; ++i) {
    v1::IngestItem* item = req.add_items();
    item->set_sequence(static_cast<int64_t>(i));
    *item->mutable_record() = changes[i].record;
    item->mutable_record()->set_source(source);
  }
  v1::IngestRecordsResponse resp;
  const bool ok = stream_->Write(req) && stream_->Read(&resp);
  EndCall();
  if (!ok) {
    // The stream is broken: its final status says why.
    stream_->WritesDone();
    grpc::Status s = stream_->Finish();
    stream_.reset();
    stream_ctx_.reset();
    if (s.ok()) s = grpc::Status(grpc::StatusCode::UNAVAILABLE, "stream ended");
    return FromGrpc(s, "IngestRecords");
  }
  for (const v1::IngestResult& r : resp.results()) {
    if (!r.has_error() || r.error().code() == 0) continue;
    if (!IsRejection(r.error().code())) {
      ResetStream();
      return absl::Status(static_cast<absl::StatusCode>(r.error().code()),
                          absl::StrCat("IngestRecords: ", r.error().message()));
    }
    rejections->push_back(
        {static_cast<size_t>(r.sequence()), r.error().message()});
  }
  return absl::OkStatus();
}

absl::Status HubClient::SendFacts(const std::vector<Change>& changes,
                                  size_t begin, size_t end,
                                  const std::string& source,
                                  std::vector<Rejection>* rejections) {
  v1::IngestFactsRequest req;
  for (size_t i = begin; i < end; ++i) {
    *req.add_facts() = changes[i].fact;
    req.mutable_facts()->rbegin()->set_source(source);
  }
  grpc::ClientContext ctx;
  RETURN_IF_ERROR(BeginCall(&ctx));
  v1::IngestFactsResponse resp;
  grpc::Status s = facts_->IngestFacts(&ctx, req, &resp);
  EndCall();
  RETURN_IF_ERROR(FromGrpc(s, "IngestFacts"));
  for (int i = 0; i < resp.results_size(); ++i) {
    const v1::FactResult& r = resp.results(i);
    if (!r.has_error() || r.error().code() == 0) continue;
    if (!IsRejection(r.error().code())) {
      return absl::Status(static_cast<absl::StatusCode>(r.error().code()),
                          absl::StrCat("IngestFacts: ", r.error().message()));
    }
    rejections->push_back({begin + i, r.error().message()});
  }
  return absl::OkStatus();
}

absl::Status HubClient::SendDelete(const Change& change, size_t index,
                                   const std::string& source,
                                   std::vector<Rejection>* rejections) {
  v1::DeleteRecordRequest req;
  req.set_source(source);
  req.set_source_record_id(change.deleted_id);
  if (change.deleted_at_us > 0) {
    SetTimestamp(change.deleted_at_us, req.mutable_deleted_at());
  }
  grpc::ClientContext ctx;
  RETURN_IF_ERROR(BeginCall(&ctx));
  v1::DeleteRecordResponse resp;
  grpc::Status s = hub_->DeleteRecord(&ctx, req, &resp);
  EndCall();
  // A record the hub never saw (created and deleted between two polls) has
  // nothing to retract.
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
  if (IsRejection(s.error_code())) {
    rejections->push_back({index, s.error_message()});
    return absl::OkStatus();
  }
  return FromGrpc(s, "DeleteRecord");
}

void HubClient::ResetStream() {
  if (stream_ == nullptr) return;
  stream_ctx_->TryCancel();
  stream_->Finish().ok();
  stream_.reset();
  stream_ctx_.reset();
}

}  // namespace mdm::connectors
