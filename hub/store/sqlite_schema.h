// The SQLite store's schema as an ordered list of migration steps. Step i
// (1-based) takes the database from schema version i-1 to i; the version is
// kept in meta('schema_version'). Steps are append-only: never edit a step
// that has shipped, add a new one.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "hub/store/sqlite_db.h"

namespace mdm {

// The steps this binary knows, oldest first.
absl::Span<const char* const> SqliteSchemaSteps();

// Applies the steps of `steps` the database lacks, all in one transaction, and
// records the new version. A database at a version beyond steps.size() was
// written by a newer binary: FailedPrecondition, nothing changed.
absl::Status MigrateSqliteSchema(SqliteConnection& conn,
                                 absl::Span<const char* const> steps);

// A read-write connection to the database at `path` with its schema brought
// up to date (SqliteSchemaSteps()): what the stores kept beside the Store
// (checkpoints, facts) open, so each can be opened on its own.
absl::StatusOr<std::unique_ptr<SqliteConnection>> OpenMigratedSqlite(
    const std::string& path);

// The version recorded in the database (0 for an empty database).
absl::StatusOr<int64_t> SqliteSchemaVersion(SqliteConnection& conn);

}  // namespace mdm
