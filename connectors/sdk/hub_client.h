// The connector's side of the hub: registration and checkpoints
// (mdm.v1.Connectors), records through one long-lived IngestRecords stream,
// retractions (DeleteRecord) and facts (Facts.IngestFacts).
//
// Errors: gRPC statuses become absl::Status with the same code. A change the
// hub refuses for its content (INVALID_ARGUMENT) is a rejection, reported
// per change; any other failure fails the whole Deliver() and the caller
// delivers the batch again (everything the hub does is idempotent).
//
// Thread safety: one thread calls everything except Cancel(), which may be
// called from any thread to end the call in flight.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "connectors/sdk/source.h"
#include "mdm/v1/connectors.grpc.pb.h"
#include "mdm/v1/facts.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"

namespace mdm::connectors {

// A change of a delivered batch that the hub refused, with its reason.
struct Rejection {
  size_t index = 0;  // into the batch's changes
  std::string reason;
};

class HubClient {
 public:
  // `call_timeout` bounds each unary call and each stream answer.
  HubClient(std::shared_ptr<grpc::Channel> channel,
            std::chrono::milliseconds call_timeout);
  ~HubClient();

  absl::StatusOr<v1::Connector> Register(const std::string& id,
                                         const std::string& source);
  absl::StatusOr<v1::Checkpoint> GetCheckpoint(const std::string& id);
  absl::StatusOr<v1::Checkpoint> Commit(
      const v1::CommitCheckpointRequest& request);

  // Sends the changes in order, tagged with `source`: runs of upserts as
  // IngestRecords messages (waiting for each answer, i.e. durability), runs
  // of facts as IngestFacts calls, deletes one by one. OK with the refused
  // changes, or the first failure (then nothing may be assumed delivered).
  absl::StatusOr<std::vector<Rejection>> Deliver(
      const std::vector<Change>& changes, const std::string& source);

  // Ends the call in flight (it fails with CANCELLED); later calls fail too.
  void Cancel();

 private:
  // Prepares `ctx` for one unary call: deadline, and registered for Cancel.
  absl::Status BeginCall(grpc::ClientContext* ctx);
  void EndCall();

  absl::Status SendUpserts(const std::vector<Change>& changes, size_t begin,
                           size_t end, const std::string& source,
                           std::vector<Rejection>* rejections);
  absl::Status SendFacts(const std::vector<Change>& changes, size_t begin,
                         size_t end, const std::string& source,
                         std::vector<Rejection>* rejections);
  absl::Status SendDelete(const Change& change, size_t index,
                          const std::string& source,
                          std::vector<Rejection>* rejections);
  // Closes the stream after a failure; the next send opens a new one.
  void ResetStream();

  std::unique_ptr<v1::CustomerHub::Stub> hub_;
  std::unique_ptr<v1::Connectors::Stub> connectors_;
  std::unique_ptr<v1::Facts::Stub> facts_;
  const std::chrono::milliseconds call_timeout_;

  std::unique_ptr<grpc::ClientContext> stream_ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::IngestRecordsRequest,
                                           v1::IngestRecordsResponse>>
      stream_;

  absl::Mutex mu_;
  grpc::ClientContext* in_flight_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace mdm::connectors
