// The MySQL store's schema as an ordered list of migration steps, parallel to
// sqlite_schema.h: step i (1-based) takes the database from version i-1 to i;
// the version is kept in meta('schema_version'). Steps are append-only.
//
// Unlike SQLite, MySQL commits implicitly around DDL, so a migration is not
// one transaction. Instead each step is recorded as soon as it completed, and
// steps are written to be re-runnable (CREATE ... IF NOT EXISTS): a migration
// interrupted half-way resumes at the step that did not finish. Hubs starting
// at the same time serialize their migrations with a named server lock
// (GET_LOCK); on Galera, where that lock is not replicated, DDL runs in total
// order and IF NOT EXISTS keeps a repeated step harmless.
//
// A step is several statements separated by ';' (the connection does not
// allow multi-statement queries, so the migrator splits them; no ';' may
// appear inside a statement).
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "hub/store/mysql_conn.h"

namespace mdm {

// The steps this binary knows, oldest first.
absl::Span<const char* const> MysqlSchemaSteps();

// Applies the steps of `steps` the database lacks and records each. A
// database at a version beyond steps.size() was written by a newer binary:
// FailedPrecondition, nothing changed.
absl::Status MigrateMysqlSchema(MysqlConnection& conn,
                                absl::Span<const char* const> steps);

// The version recorded in the connection's database (0 when empty).
absl::StatusOr<int64_t> MysqlSchemaVersion(MysqlConnection& conn);

}  // namespace mdm
