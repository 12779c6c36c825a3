// The SQLite store's schema as an ordered list of migration steps. Step i
// (1-based) takes the database from schema version i-1 to i; the version is
// kept in meta('schema_version'). Steps are append-only: never edit a step
// that has shipped, add a new one.
#pragma once

#include "absl/status/status.h"
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

// The version recorded in the database (0 for an empty database).
absl::StatusOr<int64_t> SqliteSchemaVersion(SqliteConnection& conn);

}  // namespace mdm
