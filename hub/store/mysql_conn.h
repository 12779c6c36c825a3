// Connections to a MySQL-family server (MariaDB 10.11, MySQL 8) through MySQL
// Connector/C++ 1.1, a small pool of them, and the mapping of the connector's
// errors to absl::Status. Internal to the MySQL store (mysql_store.cc,
// mysql_schema.cc and their tests); nothing here is part of the Store API.
//
// Exceptions: Connector/C++ reports every error by throwing sql::SQLException.
// MysqlConnection's methods let those exceptions through on purpose (a
// transaction is many statements; one try block around all of them is clearer
// than a Status per call). Every caller in this module wraps its use in a try
// block and converts with SqlErrorToStatus(), so no exception leaves the
// module.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sql {
class Connection;
class PreparedStatement;
class SQLException;
class ResultSet;
class Statement;
}  // namespace sql

namespace mdm {

// One server of a MySQL-family database: a standalone server or one node of
// a Galera cluster.
struct MysqlServer {
  std::string host = "127.0.0.1";
  int port = 3306;
};

struct MysqlOptions {
  // The servers, in order of preference. A connection goes to the first that
  // accepts it; once one fails, new connections start from the next (see
  // MysqlPool). Several entries only make sense for the nodes of one Galera
  // cluster (every node holds all data and accepts writes). Default: the
  // local server's standard port. Must not be empty.
  std::vector<MysqlServer> servers = {MysqlServer()};
  std::string user;
  // May be empty (an account without a password).
  std::string password;
  // The database (schema) the store lives in. Created with utf8mb4 if it does
  // not exist and the user may create it. Required; letters, digits, '_',
  // '-' and '$' only (it is quoted into DDL).
  std::string database;
  // Connections kept open. One serves Apply() at a time, the others reads.
  // Default 4; must be at least 1.
  int pool_size = 4;
  // Connect timeout (it covers the server's greeting too), and the socket
  // read/write timeout after which a statement is given up as a lost
  // connection (2013), which the pool replaces, failing over. A node that
  // hangs rather than dies (stopped, stalled, cut off without a reset) keeps
  // its sockets open and answers nothing: this timeout is then all that
  // bounds how long a caller of the hub waits, so it stays well below a
  // client's deadline (mdmctl's default minute) even when a read and its
  // one retry both meet it. Defaults 5 s / 20 s.
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration io_timeout = absl::Seconds(20);
  // The session's innodb_lock_wait_timeout: a statement waiting this long on
  // a row lock another transaction holds fails with 1205 (retried as a
  // conflict). Must be below io_timeout, so that a long but live lock wait is
  // never taken for a hung server (the server's default, 50 s, is not).
  // Default 10 s.
  absl::Duration lock_wait_timeout = absl::Seconds(10);
  // io_timeout of the connections that run statements whose time grows with
  // the data (schema migrations, CHECK TABLE); never pooled. Default 1 h.
  absl::Duration long_statement_timeout = absl::Hours(1);
  // Attempts of one Apply() transaction when the server aborts it with a
  // deadlock (1213, which is also how Galera reports a certification
  // failure) or a lock wait timeout (1205), when its connection is lost
  // before COMMIT (IsConnectionLost), or when no server accepts a
  // connection. Default 5; at least 1.
  int max_apply_attempts = 5;
  // First retry delay; doubles per attempt (with jitter), capped at 1 s.
  absl::Duration retry_backoff = absl::Milliseconds(10);
};

// Server error codes the store treats specially.
inline constexpr int kErDeadlock = 1213;  // also Galera certification
inline constexpr int kErLockWaitTimeout = 1205;
inline constexpr int kErBadDb = 1049;
// Galera: the node is not in the primary component (it lost quorum, or is
// still joining) and refuses queries until it is.
inline constexpr int kErWsrepNotReady = 1047;
// "Got error during COMMIT"; from Galera while a view change (a node died)
// leaves the node briefly outside the primary component: nothing was
// replicated, the transaction is rolled back.
inline constexpr int kErErrorDuringCommit = 1180;

// True when the connection is unusable and must be replaced: the server went
// away (2006), the connection was lost mid-statement (2013, 2055), it was
// killed (1927), the server is shutting down (1053), or it is a Galera node
// that is not ready (1047). The replacement may go to another server
// (MysqlPool fails over).
bool IsConnectionLost(int error_code);
// True when the transaction was rolled back by the server for concurrency
// reasons (deadlock or Galera certification failure, lock wait timeout) or
// because its commit could not be replicated (1180), and may succeed when
// run again.
bool IsRetryableTransactionError(int error_code);
// True when no connection could be made (2002, 2003): the server is down or
// not listening; another server, or a later attempt, may accept.
bool IsConnectRefused(int error_code);

// The Status for a connector error: Unavailable for lost connections and
// retryable aborts, InvalidArgument for data the schema refuses (too long,
// bad text, invalid JSON), PermissionDenied for access errors, NotFound for an
// unknown database, Internal otherwise. The message names `what` (the
// operation), the server's text, its error code and SQLSTATE.
absl::Status SqlErrorToStatus(const sql::SQLException& e,
                              std::string_view what);

// `options` for a connection that runs long statements (see
// MysqlOptions::long_statement_timeout).
MysqlOptions ForLongStatements(MysqlOptions options);

// One open connection with its prepared statements. Not thread-safe: used by
// one thread at a time (the pool hands it out exclusively).
class MysqlConnection {
 public:
  // Connects to options.servers[first], or when that is unreachable (or a
  // Galera node that is not ready) to the next, wrapping around, until one
  // accepts; server_index() tells which. Sets the session up (utf8mb4, READ
  // COMMITTED, strict SQL mode, lock wait timeout, causal reads on Galera) and
  // selects options.database; with `create_database`, creates it first if it
  // does not exist. Other errors (wrong password, bad database) are returned at
  // once. When no server accepts, Unavailable naming every server tried. Never
  // throws.
  static absl::StatusOr<std::unique_ptr<MysqlConnection>> Connect(
      const MysqlOptions& options, size_t first, bool create_database);

  ~MysqlConnection();
  MysqlConnection(const MysqlConnection&) = delete;
  MysqlConnection& operator=(const MysqlConnection&) = delete;

  // The prepared statement for `sql`, prepared on first use and cached by the
  // pointer's value (pass string constants). Throws sql::SQLException.
  sql::PreparedStatement& Prepare(const char* sql);
  // Runs a statement without parameters (DDL, transaction control). Throws.
  void Exec(const std::string& sql);
  // Runs a query without parameters built at run time (numbers only, never
  // text from outside) and returns its rows. Throws.
  std::unique_ptr<sql::ResultSet> Query(const std::string& sql);

  // The server's id for this connection (CONNECTION_ID()).
  int64_t id() const { return id_; }
  // The index in MysqlOptions::servers of the server it is connected to.
  size_t server_index() const { return server_index_; }

  // Marks the connection as not to be reused (lost, or in an unknown
  // transaction state); the pool closes it instead of keeping it.
  void MarkBroken() { broken_ = true; }
  bool broken() const { return broken_; }
  // True when a connection to its server was found lost (anywhere in the
  // process, see MysqlPool::DiscardIdle) after this one was opened.
  bool Outdated() const;

 private:
  friend class MysqlPool;  // notes losses by server_key_

  explicit MysqlConnection(std::unique_ptr<sql::Connection> conn);
  // Connect() to one server.
  static absl::StatusOr<std::unique_ptr<MysqlConnection>> ConnectTo(
      const MysqlOptions& options, size_t index, bool create_database);

  std::unique_ptr<sql::Connection> conn_;
  std::unique_ptr<sql::Statement> stmt_;
  std::map<const char*, std::unique_ptr<sql::PreparedStatement>> prepared_;
  int64_t id_ = 0;
  size_t server_index_ = 0;
  std::string server_key_;      // "host:port"
  int64_t losses_at_open_ = 0;  // of server_key_, when it was opened
  bool broken_ = false;
};

// Up to options.pool_size connections, opened lazily and reused. Acquire()
// blocks while all are in use. Thread-safe.
//
// Failover: new connections go to the server the last one went to, or, when
// that one does not accept, to the next in options.servers (wrapping around),
// which then becomes the pool's server. So a pool stays on one node of a
// Galera cluster (writes from one hub through one node certify against each
// other only once) and moves on when that node dies; it does not move back
// when the node returns, until the node it moved to fails in turn.
class MysqlPool {
 public:
  explicit MysqlPool(MysqlOptions options);
  ~MysqlPool();

  // Exclusive use of one connection until the lease is destroyed; a broken
  // connection is closed then, and the next Acquire() opens a fresh one.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    MysqlConnection& operator*() const { return *conn_; }
    MysqlConnection* operator->() const { return conn_.get(); }

   private:
    friend class MysqlPool;
    Lease(MysqlPool* pool, std::unique_ptr<MysqlConnection> conn,
          int64_t generation);
    MysqlPool* pool_;
    std::unique_ptr<MysqlConnection> conn_;
    int64_t generation_;  // the pool's generation when it was handed out
  };

  // An idle connection, or a new one while fewer than pool_size are open.
  // Unavailable (or the connect error) when a new connection cannot be made
  // to any server.
  absl::StatusOr<Lease> Acquire();

  // Closes the idle connections, and those in use when they come back.
  // Called when `lost` (a lease of this pool) was found lost: after a server
  // restart or death the others are dead too, and a retry must not pick one
  // of them. The loss is also noted for the whole process: every other pool
  // (the side stores' pools connect to the same servers) then closes its
  // idle connections to that server when it next hands one out, and moves
  // on to the next server, instead of waiting out io_timeout on a hung node
  // once per pool.
  void DiscardIdle(const MysqlConnection& lost);

  // Makes `server` (an index in options().servers) the one new connections
  // try first: where Open()'s migration connection went.
  void StartAt(size_t server);

  const MysqlOptions& options() const { return options_; }

 private:
  void Release(std::unique_ptr<MysqlConnection> conn, int64_t generation);
  bool HasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const MysqlOptions options_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<MysqlConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // idle + leased
  // Index in options_.servers new connections try first.
  size_t server_ ABSL_GUARDED_BY(mu_) = 0;
  // Bumped by DiscardIdle(); leases of an older generation are not reused.
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace mdm
