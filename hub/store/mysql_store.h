// The production Store: a MySQL-family database (MariaDB 10.11, MySQL 8, a
// Galera cluster) through MySQL Connector/C++ 1.1.
//
// Tables and columns parallel the SQLite store's (mysql_schema.cc); the JSON
// `data` columns use the same codec (record_codec.h). Every Apply() is one
// InnoDB transaction at READ COMMITTED (see mysql_conn.cc for why); reads are
// single statements, each a consistent snapshot of committed data.
//
// Thread safety: safe for concurrent use. Apply() calls from one process are
// serialized (the Store contract: commits in call order); reads run in
// parallel on the pool's other connections.
//
// Failures: a transaction the server aborts for concurrency (deadlock, lock
// wait timeout, Galera certification failure) is run again from the start, up
// to options.max_apply_attempts times with exponential backoff. A connection
// that was lost (server restart or death, KILL, network, a Galera node out of
// the primary component) is replaced, on another of options.servers when its
// server is gone (MysqlPool); a read is then retried once, and an Apply() (up
// to the same bound) if the connection was lost before COMMIT was sent or no
// server accepted a connection. Lost during COMMIT, the outcome is unknown:
// Unavailable, and the caller re-reads (the hub rebuilds its caches after a
// failed commit). Errors are absl::Status; no exception escapes.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/change_encoding.h"
#include "hub/store/mysql_conn.h"
#include "hub/store/store.h"

namespace mdm {

class MysqlStore final : public Store {
 public:
  // Connects, creates the database if it is missing (and the user may), and
  // brings its schema up to date. FailedPrecondition when the database was
  // written by a newer binary; Unavailable when the server cannot be reached;
  // PermissionDenied when the credentials are refused.
  static absl::StatusOr<std::unique_ptr<MysqlStore>> Open(
      const MysqlOptions& options);

  // Like Open(), with the migration steps given (tests of the migration
  // machinery); Open() uses MysqlSchemaSteps().
  static absl::StatusOr<std::unique_ptr<MysqlStore>> OpenWithSchema(
      const MysqlOptions& options, absl::Span<const char* const> schema_steps);

  ~MysqlStore() override;

  // Validation as in SqliteStore: non-empty keys and golden ids, no redirect
  // to itself, valid UTF-8 text (InvalidArgument, nothing applied). Keys
  // longer than the columns (255 bytes; 1024 for source_record_id) are
  // InvalidArgument too.
  using Store::Apply;
  // Guards: see Store. Rows of the `guards` table are the locks; across a
  // Galera cluster a concurrent write on another node shows up as a
  // certification failure, the transaction runs again and then finds the
  // versions moved (Aborted).
  absl::Status Apply(absl::Span<const ChangeSet> changes,
                     absl::Span<const Guard> guards) override;
  bool SharedByReplicas() const override { return true; }
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
  // Key-ordered batches, `fn` called with no connection held (as SqliteStore).
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
  // Transactions run again since Open (aborted by the server, or their
  // connection lost before COMMIT).
  int64_t TEST_ApplyRetries() const { return apply_retries_.load(); }

 private:
  explicit MysqlStore(std::unique_ptr<MysqlPool> pool);

  // Runs `fn` on a pooled connection, converting connector errors; once more
  // on a fresh connection if the first was lost.
  template <typename T, typename Fn>
  absl::StatusOr<T> Read(std::string_view what, Fn fn);

  // One attempt of the Apply() transaction on `conn`. Throws
  // sql::SQLException; an error Status only from the test hook.
  absl::Status ApplyOnce(MysqlConnection& conn,
                         absl::Span<const ChangeSet> changes,
                         absl::Span<const EncodedChange> encoded,
                         absl::Span<const Guard> guards, int fail_after,
                         bool* commit_sent)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(apply_mu_);
  // Locks `sorted` guards, checks their versions, bumps them; Aborted on a
  // mismatch. Throws sql::SQLException.
  static absl::Status CheckAndBumpGuards(MysqlConnection& conn,
                                         absl::Span<const Guard> sorted);
  // Change events numbered from the meta counter (locked until COMMIT), and
  // the conflicts of an upserted (g) or deleted (nullptr) entity.
  static void WriteEvents(MysqlConnection& conn,
                          absl::Span<const ChangeEvent> events);
  static void ReplaceConflicts(MysqlConnection& conn, const GoldenRecord* g,
                               std::string_view golden_id);
  static absl::StatusOr<std::optional<GoldenRecord>> ReadEntity(
      MysqlConnection& conn, std::string_view golden_id);
  static void DeleteReviews(MysqlConnection& conn, const RecordKey& key);
  // Writes ChangeSet::steward (mysql_steward.cc). Throws sql::SQLException.
  static absl::Status ApplySteward(MysqlConnection& conn,
                                   const StewardChanges& steward);
  static void ReplacePostings(MysqlConnection& conn, const RecordKey& key,
                              absl::Span<const uint64_t> blocks);

  std::unique_ptr<MysqlPool> pool_;
  absl::Mutex apply_mu_;
  int test_fail_after_ ABSL_GUARDED_BY(apply_mu_) = -1;
  std::atomic<int64_t> apply_retries_{0};
};

}  // namespace mdm
