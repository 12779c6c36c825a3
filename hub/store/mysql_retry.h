// Runs a unit of work on a pooled MySQL connection with the retries the
// stores kept beside the Store need (checkpoints, facts): a connection found
// lost is replaced and the work runs once more; a transaction the server
// aborted for concurrency (deadlock, lock wait timeout, Galera certification)
// runs again, up to kMaxAttempts in all. The work must therefore be safe to
// repeat: a read, or writes that are idempotent (upserts by key) or
// conditional (compare-and-set). Connector exceptions stop here and become a
// Status (SqlErrorToStatus).
#pragma once

#include <cppconn/exception.h>

#include <exception>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/mysql_conn.h"

namespace mdm {

// `fn(MysqlConnection&)` returns absl::StatusOr<T>; it may throw
// sql::SQLException. A connection that threw is closed, never reused: it may
// be inside a transaction.
template <typename T, typename Fn>
absl::StatusOr<T> RunWithRetry(MysqlPool& pool, std::string_view what, Fn fn) {
  constexpr int kMaxAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    ASSIGN_OR_RETURN(MysqlPool::Lease conn, pool.Acquire());
    try {
      return fn(*conn);
    } catch (const sql::SQLException& e) {
      conn->MarkBroken();
      const int code = e.getErrorCode();
      if (IsConnectionLost(code)) pool.DiscardIdle(*conn);
      const bool again =
          (IsConnectionLost(code) && attempt == 1) ||
          (IsRetryableTransactionError(code) && attempt < kMaxAttempts);
      if (!again) return SqlErrorToStatus(e, what);
    } catch (const std::exception& e) {
      conn->MarkBroken();
      return absl::InternalError(
          absl::StrCat("mysql: ", std::string(what), ": ", e.what()));
    }
  }
}

}  // namespace mdm
