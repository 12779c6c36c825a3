#include "hub/server/error_counting_store.h"

#include <utility>

namespace mdm::server {
namespace {

const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

}  // namespace

const std::array<absl::string_view, 16> ErrorCountingStore::kOperations = {
    "commit",
    "get_guard_versions",
    "for_each_guard",
    "list_block_postings",
    "get_record",
    "get_records",
    "get_tombstone",
    "get_entity",
    "resolve_redirect",
    "is_entity_deleted",
    "list_entity_records",
    "list_xrefs",
    "for_each_record",
    "reserve_entity_ids",
    "list_review_tasks",
    "get_stats"};

ErrorCountingStore::ErrorCountingStore(std::unique_ptr<Store> inner,
                                       ErrorCallback on_error)
    : ForwardingStore(std::move(inner)), on_error_(std::move(on_error)) {}

template <typename Result>
Result ErrorCountingStore::Check(absl::string_view operation,
                                 Result result) const {
  if (!StatusOf(result).ok()) on_error_(operation);
  return result;
}

absl::Status ErrorCountingStore::Apply(absl::Span<const ChangeSet> changes,
                                       absl::Span<const Guard> guards) {
  return Check("commit", inner().Apply(changes, guards));
}

absl::StatusOr<std::vector<int64_t>> ErrorCountingStore::GetGuardVersions(
    absl::Span<const uint64_t> ids) {
  return Check("get_guard_versions", inner().GetGuardVersions(ids));
}

absl::Status ErrorCountingStore::ForEachGuard(
    const std::function<absl::Status(uint64_t, int64_t)>& fn) {
  return Check("for_each_guard", inner().ForEachGuard(fn));
}

absl::StatusOr<std::vector<RecordKey>> ErrorCountingStore::ListBlockPostings(
    absl::Span<const uint64_t> block_hashes) {
  return Check("list_block_postings", inner().ListBlockPostings(block_hashes));
}

absl::StatusOr<std::vector<std::optional<StoredRecord>>>
ErrorCountingStore::GetRecords(absl::Span<const RecordKey> keys) {
  return Check("get_records", inner().GetRecords(keys));
}

absl::StatusOr<std::optional<StoredRecord>> ErrorCountingStore::GetRecord(
    const RecordKey& key) {
  return Check("get_record", inner().GetRecord(key));
}

absl::StatusOr<std::optional<RecordTombstone>> ErrorCountingStore::GetTombstone(
    const RecordKey& key) {
  return Check("get_tombstone", inner().GetTombstone(key));
}

absl::StatusOr<std::optional<GoldenRecord>> ErrorCountingStore::GetEntity(
    std::string_view golden_id) {
  return Check("get_entity", inner().GetEntity(golden_id));
}

absl::StatusOr<std::optional<std::string>> ErrorCountingStore::ResolveRedirect(
    std::string_view golden_id) {
  return Check("resolve_redirect", inner().ResolveRedirect(golden_id));
}

absl::StatusOr<bool> ErrorCountingStore::IsEntityDeleted(
    std::string_view golden_id) {
  return Check("is_entity_deleted", inner().IsEntityDeleted(golden_id));
}

absl::StatusOr<std::vector<StoredRecord>> ErrorCountingStore::ListEntityRecords(
    std::string_view golden_id, const RecordKey& after, int limit) {
  return Check("list_entity_records",
               inner().ListEntityRecords(golden_id, after, limit));
}

absl::StatusOr<std::vector<Xref>> ErrorCountingStore::ListXrefs(
    const RecordKey& after, int limit) {
  return Check("list_xrefs", inner().ListXrefs(after, limit));
}

absl::Status ErrorCountingStore::ForEachRecord(
    const std::function<absl::Status(const StoredRecord&)>& fn) {
  return Check("for_each_record", inner().ForEachRecord(fn));
}

absl::StatusOr<int64_t> ErrorCountingStore::ReserveEntityIds(int64_t count) {
  return Check("reserve_entity_ids", inner().ReserveEntityIds(count));
}

absl::StatusOr<std::vector<ReviewTask>> ErrorCountingStore::ListReviewTasks(
    const std::optional<ReviewTask>& after, int limit) {
  return Check("list_review_tasks", inner().ListReviewTasks(after, limit));
}

absl::StatusOr<std::vector<GoldenRecord>> ErrorCountingStore::ListEntityHistory(
    std::string_view golden_id, int64_t before_version, int limit) {
  return Check("list_entity_history",
               inner().ListEntityHistory(golden_id, before_version, limit));
}

absl::StatusOr<std::optional<GoldenRecord>> ErrorCountingStore::GetEntityAsOf(
    std::string_view golden_id, int64_t as_of_us) {
  return Check("get_entity_as_of", inner().GetEntityAsOf(golden_id, as_of_us));
}

absl::StatusOr<std::vector<ChangeEvent>> ErrorCountingStore::ListChangeEvents(
    int64_t after, int limit) {
  return Check("list_change_events", inner().ListChangeEvents(after, limit));
}

absl::StatusOr<std::vector<EntityConflict>> ErrorCountingStore::ListConflicts(
    const EntityConflict& after, int limit) {
  return Check("list_conflicts", inner().ListConflicts(after, limit));
}

absl::StatusOr<std::optional<std::string>> ErrorCountingStore::GetSetting(
    std::string_view key) {
  return Check("get_setting", inner().GetSetting(key));
}

absl::StatusOr<Store::Stats> ErrorCountingStore::GetStats() {
  return Check("get_stats", inner().GetStats());
}

}  // namespace mdm::server
