// A Store that forwards every call to another Store and reports each failed
// call by operation name, so the hub can count store errors (commit failures,
// read errors) exactly where they happen, without the store or the service
// knowing about metrics.
//
// Thread-safety: as the wrapped store; `on_error` is called from whichever
// thread made the failing call.
#pragma once

#include <array>
#include <functional>
#include <memory>

#include "absl/strings/string_view.h"
#include "hub/store/forwarding_store.h"

namespace mdm::server {

class ErrorCountingStore final : public ForwardingStore {
 public:
  // Every operation name on_error may receive: "commit" (Apply) and one per
  // other call, so a monitor can publish all of them at zero before any error.
  static const std::array<absl::string_view, 16> kOperations;

  using ErrorCallback = std::function<void(absl::string_view operation)>;
  ErrorCountingStore(std::unique_ptr<Store> inner, ErrorCallback on_error);

  using Store::Apply;
  absl::Status Apply(absl::Span<const ChangeSet> changes,
                     absl::Span<const Guard> guards) override;
  absl::StatusOr<std::vector<int64_t>> GetGuardVersions(
      absl::Span<const uint64_t> ids) override;
  absl::Status ForEachGuard(
      const std::function<absl::Status(uint64_t, int64_t)>& fn) override;
  absl::StatusOr<std::vector<RecordKey>> ListBlockPostings(
      absl::Span<const uint64_t> block_hashes) override;
  absl::StatusOr<std::vector<std::optional<StoredRecord>>> GetRecords(
      absl::Span<const RecordKey> keys) override;
  absl::StatusOr<std::optional<StoredRecord>> GetRecord(
      const RecordKey& key) override;
  absl::StatusOr<std::optional<RecordTombstone>> GetTombstone(
      const RecordKey& key) override;
  absl::StatusOr<std::optional<GoldenRecord>> GetEntity(
      std::string_view golden_id) override;
  absl::StatusOr<std::optional<std::string>> ResolveRedirect(
      std::string_view golden_id) override;
  absl::StatusOr<bool> IsEntityDeleted(std::string_view golden_id) override;
  absl::StatusOr<std::vector<StoredRecord>> ListEntityRecords(
      std::string_view golden_id, const RecordKey& after, int limit) override;
  absl::StatusOr<std::vector<Xref>> ListXrefs(const RecordKey& after,
                                              int limit) override;
  // A failure returned by `fn` itself is counted too: it aborts the scan
  // (the index load at start) like a read error would.
  absl::Status ForEachRecord(
      const std::function<absl::Status(const StoredRecord&)>& fn) override;
  absl::StatusOr<int64_t> ReserveEntityIds(int64_t count) override;
  absl::StatusOr<std::vector<ReviewTask>> ListReviewTasks(
      const std::optional<ReviewTask>& after, int limit) override;
  absl::StatusOr<std::vector<GoldenRecord>> ListEntityHistory(
      std::string_view golden_id, int64_t before_version, int limit) override;
  absl::StatusOr<std::optional<GoldenRecord>> GetEntityAsOf(
      std::string_view golden_id, int64_t as_of_us) override;
  absl::StatusOr<std::vector<ChangeEvent>> ListChangeEvents(int64_t after,
                                                            int limit) override;
  absl::StatusOr<std::vector<EntityConflict>> ListConflicts(
      const EntityConflict& after, int limit) override;
  absl::StatusOr<std::optional<std::string>> GetSetting(
      std::string_view key) override;
  absl::StatusOr<Stats> GetStats() override;

 private:
  // Returns `result` unchanged, reporting it first when it is an error.
  template <typename Result>
  Result Check(absl::string_view operation, Result result) const;

  const ErrorCallback on_error_;
};

}  // namespace mdm::server
