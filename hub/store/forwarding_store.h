// A Store that hands every call to another Store. Decorators derive from it
// and override only what they add to (error counting, test hooks).
//
// Thread-safety: as the wrapped store.
#pragma once

#include <memory>
#include <utility>

#include "hub/store/store.h"

namespace mdm {

class ForwardingStore : public Store {
 public:
  explicit ForwardingStore(std::unique_ptr<Store> inner)
      : inner_(std::move(inner)) {}

  using Store::Apply;
  absl::Status Apply(absl::Span<const ChangeSet> changes,
                     absl::Span<const Guard> guards) override {
    return inner_->Apply(changes, guards);
  }
  bool SharedByReplicas() const override { return inner_->SharedByReplicas(); }
  absl::StatusOr<std::vector<int64_t>> GetGuardVersions(
      absl::Span<const uint64_t> ids) override {
    return inner_->GetGuardVersions(ids);
  }
  absl::Status ForEachGuard(
      const std::function<absl::Status(uint64_t, int64_t)>& fn) override {
    return inner_->ForEachGuard(fn);
  }
  absl::StatusOr<std::vector<RecordKey>> ListBlockPostings(
      absl::Span<const uint64_t> block_hashes) override {
    return inner_->ListBlockPostings(block_hashes);
  }
  absl::StatusOr<std::vector<std::optional<StoredRecord>>> GetRecords(
      absl::Span<const RecordKey> keys) override {
    return inner_->GetRecords(keys);
  }
  absl::StatusOr<std::optional<StoredRecord>> GetRecord(
      const RecordKey& key) override {
    return inner_->GetRecord(key);
  }
  absl::StatusOr<std::optional<RecordTombstone>> GetTombstone(
      const RecordKey& key) override {
    return inner_->GetTombstone(key);
  }
  absl::StatusOr<std::optional<GoldenRecord>> GetEntity(
      std::string_view golden_id) override {
    return inner_->GetEntity(golden_id);
  }
  absl::StatusOr<std::optional<std::string>> ResolveRedirect(
      std::string_view golden_id) override {
    return inner_->ResolveRedirect(golden_id);
  }
  absl::StatusOr<bool> IsEntityDeleted(std::string_view golden_id) override {
    return inner_->IsEntityDeleted(golden_id);
  }
  absl::StatusOr<std::vector<StoredRecord>> ListEntityRecords(
      std::string_view golden_id, const RecordKey& after, int limit) override {
    return inner_->ListEntityRecords(golden_id, after, limit);
  }
  absl::StatusOr<std::vector<Xref>> ListXrefs(const RecordKey& after,
                                              int limit) override {
    return inner_->ListXrefs(after, limit);
  }
  absl::Status ForEachRecord(
      const std::function<absl::Status(const StoredRecord&)>& fn) override {
    return inner_->ForEachRecord(fn);
  }
  absl::StatusOr<int64_t> ReserveEntityIds(int64_t count) override {
    return inner_->ReserveEntityIds(count);
  }
  absl::StatusOr<std::vector<ReviewTask>> ListReviewTasks(
      const std::optional<ReviewTask>& after, int limit) override {
    return inner_->ListReviewTasks(after, limit);
  }
  absl::StatusOr<StewardState> LoadStewardState() override {
    return inner_->LoadStewardState();
  }
  absl::StatusOr<std::optional<StewardRequest>> GetStewardRequest(
      std::string_view request_id) override {
    return inner_->GetStewardRequest(request_id);
  }
  absl::StatusOr<std::vector<QuarantinedRecord>> ListQuarantine(
      const RecordKey& after, int limit) override {
    return inner_->ListQuarantine(after, limit);
  }
  absl::StatusOr<std::vector<GoldenRecord>> ListEntityHistory(
      std::string_view golden_id, int64_t before_version, int limit) override {
    return inner_->ListEntityHistory(golden_id, before_version, limit);
  }
  absl::StatusOr<std::optional<GoldenRecord>> GetEntityAsOf(
      std::string_view golden_id, int64_t as_of_us) override {
    return inner_->GetEntityAsOf(golden_id, as_of_us);
  }
  absl::StatusOr<std::vector<ChangeEvent>> ListChangeEvents(
      int64_t after, int limit) override {
    return inner_->ListChangeEvents(after, limit);
  }
  absl::StatusOr<std::vector<EntityConflict>> ListConflicts(
      const EntityConflict& after, int limit) override {
    return inner_->ListConflicts(after, limit);
  }
  absl::StatusOr<std::optional<std::string>> GetSetting(
      std::string_view key) override {
    return inner_->GetSetting(key);
  }
  absl::StatusOr<Stats> GetStats() override { return inner_->GetStats(); }
  void TEST_FailNextApplyAfter(int n) override {
    inner_->TEST_FailNextApplyAfter(n);
  }

 protected:
  Store& inner() { return *inner_; }

 private:
  const std::unique_ptr<Store> inner_;
};

}  // namespace mdm
