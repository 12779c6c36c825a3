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

const std::array<absl::string_view, 11> ErrorCountingStore::kOperations = {
    "commit",
    "get_record",
    "get_tombstone",
    "get_entity",
    "resolve_redirect",
    "is_entity_deleted",
    "list_entity_records",
    "list_xrefs",
    "for_each_record",
    "get_next_entity_seq",
    "get_stats"};

ErrorCountingStore::ErrorCountingStore(std::unique_ptr<Store> inner,
                                       ErrorCallback on_error)
    : inner_(std::move(inner)), on_error_(std::move(on_error)) {}

template <typename Result>
Result ErrorCountingStore::Check(absl::string_view operation,
                                 Result result) const {
  if (!StatusOf(result).ok()) on_error_(operation);
  return result;
}

absl::Status ErrorCountingStore::Apply(absl::Span<const ChangeSet> changes) {
  return Check("commit", inner_->Apply(changes));
}

absl::StatusOr<std::optional<StoredRecord>> ErrorCountingStore::GetRecord(
    const RecordKey& key) {
  return Check("get_record", inner_->GetRecord(key));
}

absl::StatusOr<std::optional<RecordTombstone>> ErrorCountingStore::GetTombstone(
    const RecordKey& key) {
  return Check("get_tombstone", inner_->GetTombstone(key));
}

absl::StatusOr<std::optional<GoldenRecord>> ErrorCountingStore::GetEntity(
    std::string_view golden_id) {
  return Check("get_entity", inner_->GetEntity(golden_id));
}

absl::StatusOr<std::optional<std::string>> ErrorCountingStore::ResolveRedirect(
    std::string_view golden_id) {
  return Check("resolve_redirect", inner_->ResolveRedirect(golden_id));
}

absl::StatusOr<bool> ErrorCountingStore::IsEntityDeleted(
    std::string_view golden_id) {
  return Check("is_entity_deleted", inner_->IsEntityDeleted(golden_id));
}

absl::StatusOr<std::vector<StoredRecord>> ErrorCountingStore::ListEntityRecords(
    std::string_view golden_id, const RecordKey& after, int limit) {
  return Check("list_entity_records",
               inner_->ListEntityRecords(golden_id, after, limit));
}

absl::StatusOr<std::vector<Xref>> ErrorCountingStore::ListXrefs(
    const RecordKey& after, int limit) {
  return Check("list_xrefs", inner_->ListXrefs(after, limit));
}

absl::Status ErrorCountingStore::ForEachRecord(
    const std::function<absl::Status(const StoredRecord&)>& fn) {
  return Check("for_each_record", inner_->ForEachRecord(fn));
}

absl::StatusOr<int64_t> ErrorCountingStore::GetNextEntitySeq() {
  return Check("get_next_entity_seq", inner_->GetNextEntitySeq());
}

absl::StatusOr<Store::Stats> ErrorCountingStore::GetStats() {
  return Check("get_stats", inner_->GetStats());
}

void ErrorCountingStore::TEST_FailNextApplyAfter(int n) {
  inner_->TEST_FailNextApplyAfter(n);
}

}  // namespace mdm::server
