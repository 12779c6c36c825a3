// The embedded Store: one SQLite file in WAL mode, zero set-up.
//
// Two connections to the same file: a writer for Apply() and a reader for
// everything else, each behind its own mutex. WAL lets the reader see the last
// committed state while the writer is inside a long transaction, so lookups do
// not queue behind ingestion. Reads that take more than one statement
// (ResolveRedirect, GetStats) run in one read transaction, i.e. one snapshot.
//
// Durability: synchronous=FULL, so Apply() returns only after its commit is
// on disk.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/change_encoding.h"
#include "hub/store/change_log.h"
#include "hub/store/sqlite_db.h"
#include "hub/store/store.h"

namespace mdm {

class SqliteStore final : public Store {
 public:
  // Opens or creates the database file at `path` and brings its schema up to
  // date. FailedPrecondition when the file was written by a newer binary;
  // DataLoss when it is not a database.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(
      const std::string& path);

  // Like Open(), with the migration steps given (tests of the migration
  // machinery); Open() uses SqliteSchemaSteps().
  static absl::StatusOr<std::unique_ptr<SqliteStore>> OpenWithSchema(
      const std::string& path, absl::Span<const char* const> schema_steps);

  // Validation: record keys, golden ids and redirect ends must be non-empty, a
  // redirect must not point to itself, and text must be valid UTF-8; otherwise
  // InvalidArgument (and nothing applied).
  using Store::Apply;
  absl::Status Apply(absl::Span<const ChangeSet> changes,
                     absl::Span<const Guard> guards) override;
  // One process owns the file (the hub holds it open); guards work, but the
  // hub has no one to coordinate with.
  bool SharedByReplicas() const override { return false; }
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
  // `limit` must be positive (InvalidArgument otherwise).
  absl::StatusOr<std::vector<StoredRecord>> ListEntityRecords(
      std::string_view golden_id, const RecordKey& after, int limit) override;
  absl::StatusOr<std::vector<Xref>> ListXrefs(const RecordKey& after,
                                              int limit) override;
  // Reads in key-ordered batches and calls `fn` with no lock held, so `fn` may
  // use the store. Each batch is a consistent snapshot; the whole walk is one
  // only when no Apply() runs meanwhile (as at start-up).
  absl::Status ForEachRecord(
      const std::function<absl::Status(const StoredRecord&)>& fn) override;
  absl::StatusOr<int64_t> ReserveEntityIds(int64_t count) override;
  absl::StatusOr<std::vector<ReviewTask>> ListReviewTasks(
      const std::optional<ReviewTask>& after, int limit) override;
  absl::StatusOr<StewardState> LoadStewardState() override;
  absl::StatusOr<std::optional<StewardRequest>> GetStewardRequest(
      std::string_view request_id) override;
  absl::StatusOr<std::vector<QuarantinedRecord>> ListQuarantine(
      const RecordKey& after, int limit) override;
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

  void TEST_FailNextApplyAfter(int n) override;

 private:
  SqliteStore(std::unique_ptr<SqliteConnection> writer,
              std::unique_ptr<SqliteConnection> reader);

  // The `data` column of each upserted record and entity, in ChangeSet order.
  absl::Status ApplyAll(absl::Span<const ChangeSet> changes,
                        absl::Span<const EncodedChange> encoded)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  absl::Status ApplyOne(const ChangeSet& change, const EncodedChange& encoded)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  // Runs `body` in a write transaction: committed when it returns OK, rolled
  // back otherwise.
  absl::Status InTransaction(const std::function<absl::Status()>& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  absl::Status CheckAndBumpGuards(absl::Span<const Guard> sorted)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  // History rows, change events (numbered from the meta counter) and the
  // conflicts of an upserted (g) or deleted (nullptr) entity.
  absl::Status WriteHistory(absl::Span<const HistoryRow> rows)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  absl::Status WriteEvents(absl::Span<const ChangeEvent> events)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  absl::Status ReplaceConflicts(const GoldenRecord* g,
                                std::string_view golden_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  // A live entity on `db` (the writer inside a transaction, or the reader).
  static absl::StatusOr<std::optional<GoldenRecord>> ReadEntity(
      SqliteConnection& db, std::string_view golden_id);
  absl::Status ReplacePostings(const RecordKey& key,
                               absl::Span<const uint64_t> blocks)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);
  // Writes ChangeSet::steward (sqlite_steward.cc).
  absl::Status ApplySteward(const StewardChanges& steward)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(writer_mu_);

  absl::Mutex writer_mu_;
  std::unique_ptr<SqliteConnection> writer_ ABSL_GUARDED_BY(writer_mu_);
  int test_fail_after_ ABSL_GUARDED_BY(writer_mu_) = -1;

  absl::Mutex reader_mu_;
  std::unique_ptr<SqliteConnection> reader_ ABSL_GUARDED_BY(reader_mu_);
};

}  // namespace mdm
