// A hook through which the API layer reports what became of every source
// record it was given, so that monitoring can count ingest outcomes without
// the API depending on a metrics library (hub/server implements it with
// Prometheus).
#pragma once

#include "absl/status/statusor.h"
#include "hub/service/resolution_service.h"

namespace mdm::api {

// Thread-safety: implementations are called concurrently from worker and
// committer threads, and must be cheap (they run on the request path).
class RecordObserver {
 public:
  virtual ~RecordObserver() = default;

  // One record of an UpsertRecord call or of an IngestRecords message: its
  // outcome, or the error it was refused or failed with. Records of a batch
  // whose commit failed are not reported: nothing was decided for them.
  virtual void OnRecordResult(
      const absl::StatusOr<service::UpsertResult>& result) = 0;
};

}  // namespace mdm::api
