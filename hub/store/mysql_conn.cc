#include "hub/store/mysql_conn.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace mdm {
namespace {

// Client-side codes (libmariadb's errmsg.h), not exported by Connector/C++.
constexpr int kCrConnectionError = 2002;  // socket connect failed
constexpr int kCrConnHostError = 2003;    // TCP connect failed
constexpr int kCrServerGoneError = 2006;
constexpr int kCrServerLost = 2013;
constexpr int kCrServerLostExtended = 2055;
// Server-side codes.
constexpr int kErServerShutdown = 1053;
constexpr int kErConnectionKilled = 1927;  // MariaDB: KILL CONNECTION
constexpr int kErDbAccessDenied = 1044;
constexpr int kErAccessDenied = 1045;
constexpr int kErTableAccessDenied = 1142;
constexpr int kErDataTooLong = 1406;
constexpr int kErTruncatedWrongValue = 1366;  // e.g. bad utf8mb4 text
constexpr int kErConstraintFailed = 4025;     // MariaDB: JSON CHECK failed
constexpr int kErInvalidJsonText = 3140;      // MySQL 8 JSON column
constexpr int kErRecordFileFull = 1114;
constexpr int kErDiskFull = 1021;

// The driver singleton. Its first creation initializes the client library and
// is not thread-safe; a function-local static is.
sql::Driver* Driver() {
  static sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

bool ValidDatabaseName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '$';
  });
}

// True when the SHOW statement `show` (a string constant) returns a row
// whose value is ON.
bool StatusIsOn(MysqlConnection& conn, const char* show) {
  std::unique_ptr<sql::ResultSet> rs(conn.Prepare(show).executeQuery());
  return rs->next() && rs->getString(2).asStdString() == "ON";
}

// True on a Galera node with replication on. MySQL has no wsrep variables
// (no row); a MariaDB server without a cluster says OFF.
bool IsGaleraNode(MysqlConnection& conn) {
  return StatusIsOn(conn, "SHOW VARIABLES LIKE 'wsrep_on'");
}

// Connections found lost per server ("host:port"), for the whole process.
absl::Mutex losses_mu;
absl::flat_hash_map<std::string, int64_t>& Losses()
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(losses_mu) {
  static auto* losses = new absl::flat_hash_map<std::string, int64_t>();
  return *losses;
}

int64_t LossCount(const std::string& server) {
  absl::MutexLock lock(&losses_mu);
  auto it = Losses().find(server);
  return it == Losses().end() ? 0 : it->second;
}

void NoteLoss(const std::string& server) {
  absl::MutexLock lock(&losses_mu);
  ++Losses()[server];
}

int Seconds(absl::Duration d) {
  return static_cast<int>(std::max<int64_t>(1, absl::ToInt64Seconds(d)));
}

}  // namespace

MysqlOptions ForLongStatements(MysqlOptions options) {
  options.io_timeout = options.long_statement_timeout;
  return options;
}

bool IsConnectionLost(int code) {
  return code == kCrServerGoneError || code == kCrServerLost ||
         code == kCrServerLostExtended || code == kErConnectionKilled ||
         code == kErServerShutdown || code == kErWsrepNotReady;
}

bool IsRetryableTransactionError(int code) {
  return code == kErDeadlock || code == kErLockWaitTimeout ||
         code == kErErrorDuringCommit;
}

bool IsConnectRefused(int code) {
  return code == kCrConnectionError || code == kCrConnHostError;
}

absl::Status SqlErrorToStatus(const sql::SQLException& e,
                              std::string_view what) {
  const int code = e.getErrorCode();
  std::string message = absl::StrCat(
      "mysql: ", absl::string_view(what.data(), what.size()), ": ", e.what(),
      " (error ", code, ", SQLSTATE ", e.getSQLState(), ")");
  if (IsConnectionLost(code) || IsRetryableTransactionError(code) ||
      IsConnectRefused(code)) {
    return absl::UnavailableError(std::move(message));
  }
  switch (code) {
    case kErDataTooLong:
    case kErTruncatedWrongValue:
    case kErConstraintFailed:
    case kErInvalidJsonText:
      return absl::InvalidArgumentError(std::move(message));
    case kErDbAccessDenied:
    case kErAccessDenied:
    case kErTableAccessDenied:
      return absl::PermissionDeniedError(std::move(message));
    case kErBadDb:
      return absl::NotFoundError(std::move(message));
    case kErRecordFileFull:
    case kErDiskFull:
      return absl::ResourceExhaustedError(std::move(message));
    default:
      return absl::InternalError(std::move(message));
  }
}

MysqlConnection::MysqlConnection(std::unique_ptr<sql::Connection> conn)
    : conn_(std::move(conn)) {}

MysqlConnection::~MysqlConnection() {
  // Statements belong to the connection: close them first. Closing a lost
  // connection may throw; nothing useful can be done about it here.
  try {
    prepared_.clear();
    stmt_.reset();
    conn_.reset();
  } catch (const std::exception&) {
  }
}

absl::StatusOr<std::unique_ptr<MysqlConnection>> MysqlConnection::Connect(
    const MysqlOptions& options, size_t first, bool create_database) {
  if (!ValidDatabaseName(options.database)) {
    return absl::InvalidArgumentError(
        absl::StrCat("mysql: database name '", options.database,
                     "' must be 1 to 64 letters, digits, '_', '-' or '$'"));
  }
  const size_t n = options.servers.size();
  if (n == 0) return absl::InvalidArgumentError("mysql: no server given");
  if (options.io_timeout <= options.lock_wait_timeout) {
    return absl::InvalidArgumentError(
        "mysql: io_timeout must exceed lock_wait_timeout");
  }
  std::vector<std::string> errors;
  for (size_t i = 0; i < n; ++i) {
    absl::StatusOr<std::unique_ptr<MysqlConnection>> conn =
        ConnectTo(options, (first + i) % n, create_database);
    // Only an unreachable or unready server is a reason to try another;
    // refused credentials or a missing database would be refused there too.
    if (conn.ok() || !absl::IsUnavailable(conn.status()) || n == 1) {
      return conn;
    }
    errors.emplace_back(conn.status().message());
  }
  return absl::UnavailableError(absl::StrCat(
      "mysql: no server accepted a connection: ", absl::StrJoin(errors, "; ")));
}

absl::StatusOr<std::unique_ptr<MysqlConnection>> MysqlConnection::ConnectTo(
    const MysqlOptions& options, size_t index, bool create_database) {
  const MysqlServer& server = options.servers[index];
  const std::string where = absl::StrCat(options.user, "@", server.host, ":",
                                         server.port, "/", options.database);
  std::string step = "connect to " + where;
  const std::string key = absl::StrCat(server.host, ":", server.port);
  const int64_t losses = LossCount(key);
  try {
    sql::ConnectOptionsMap props;
    props["hostName"] =
        sql::SQLString(absl::StrCat("tcp://", server.host, ":", server.port));
    props["userName"] = sql::SQLString(options.user);
    props["password"] = sql::SQLString(options.password);
    props["OPT_CONNECT_TIMEOUT"] = Seconds(options.connect_timeout);
    props["OPT_READ_TIMEOUT"] = Seconds(options.io_timeout);
    props["OPT_WRITE_TIMEOUT"] = Seconds(options.io_timeout);
    props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    // The connector's silent reconnect would lose session settings and an
    // open transaction without telling us; the pool replaces lost
    // connections instead.
    props["OPT_RECONNECT"] = false;
    auto conn = std::unique_ptr<MysqlConnection>(new MysqlConnection(
        std::unique_ptr<sql::Connection>(Driver()->connect(props))));
    conn->stmt_.reset(conn->conn_->createStatement());

    step = "set up session on " + where;
    // READ COMMITTED: Apply() writes by primary key and reads nothing it
    // decides on, so it needs no snapshot; REPEATABLE READ would add gap
    // locks on the deletes of absent rows (tombstones, records) that make
    // concurrent writers (several hubs) deadlock for nothing. Each read is one
    // statement, and a statement is a consistent snapshot at either level.
    conn->Exec("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    // Strict: a value that does not fit is an error, never truncated; and no
    // silent fallback to another engine when InnoDB is asked for.
    conn->Exec(
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,"
        "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO'");
    conn->Exec("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
    conn->Exec(absl::StrCat("SET SESSION innodb_lock_wait_timeout = ",
                            Seconds(options.lock_wait_timeout)));
    conn->server_index_ = index;
    conn->server_key_ = key;
    conn->losses_at_open_ = losses;

    step = "check cluster state on " + where;
    if (IsGaleraNode(*conn)) {
      // A node outside the primary component answers queries with 1047, or
      // with causal reads, waits for a quorum it may never see: try another.
      if (!StatusIsOn(*conn, "SHOW STATUS LIKE 'wsrep_ready'")) {
        return absl::UnavailableError(
            absl::StrCat("mysql: ", step,
                         ": Galera node not ready (wsrep_ready is OFF: not in "
                         "the primary component, or still joining)"));
      }
      // Causal reads: a read waits until this node has applied every write
      // the cluster committed before it started. Without it, a hub that
      // failed over from a dead node could read (and decide on) data older
      // than its own last commits there, which the survivors received but
      // may not have applied yet.
      conn->Exec("SET SESSION wsrep_sync_wait = 1");
    }

    step = "select database on " + where;
    const std::string quoted = absl::StrCat("`", options.database, "`");
    try {
      conn->Exec("USE " + quoted);
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() != kErBadDb || !create_database) throw;
      step = "create database on " + where;
      conn->Exec(absl::StrCat("CREATE DATABASE IF NOT EXISTS ", quoted,
                              " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"));
      conn->Exec("USE " + quoted);
    }
    step = "read connection id on " + where;
    sql::PreparedStatement& id = conn->Prepare("SELECT CONNECTION_ID()");
    std::unique_ptr<sql::ResultSet> rs(id.executeQuery());
    if (rs->next()) conn->id_ = rs->getInt64(1);
    return conn;
  } catch (const sql::SQLException& e) {
    return SqlErrorToStatus(e, step);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("mysql: ", step, ": ", e.what()));
  }
}

bool MysqlConnection::Outdated() const {
  return LossCount(server_key_) != losses_at_open_;
}

sql::PreparedStatement& MysqlConnection::Prepare(const char* sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    it = prepared_
             .emplace(sql, std::unique_ptr<sql::PreparedStatement>(
                               conn_->prepareStatement(sql)))
             .first;
  }
  return *it->second;
}

void MysqlConnection::Exec(const std::string& sql) {
  // A statement that returns rows must have them read before the next
  // command, or the connection is out of sync (error 2014).
  if (stmt_->execute(sql)) {
    std::unique_ptr<sql::ResultSet>(stmt_->getResultSet());
  }
}

std::unique_ptr<sql::ResultSet> MysqlConnection::Query(const std::string& sql) {
  return std::unique_ptr<sql::ResultSet>(stmt_->executeQuery(sql));
}

MysqlPool::MysqlPool(MysqlOptions options) : options_(std::move(options)) {}

MysqlPool::~MysqlPool() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

MysqlPool::Lease::Lease(MysqlPool* pool, std::unique_ptr<MysqlConnection> conn,
                        int64_t generation)
    : pool_(pool), conn_(std::move(conn)), generation_(generation) {}

MysqlPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      conn_(std::move(other.conn_)),
      generation_(other.generation_) {}

MysqlPool::Lease::~Lease() {
  if (conn_ != nullptr) pool_->Release(std::move(conn_), generation_);
}

absl::StatusOr<MysqlPool::Lease> MysqlPool::Acquire() {
  // Closed after the lock is released: closing may wait on the network.
  std::vector<std::unique_ptr<MysqlConnection>> outdated;
  size_t server;
  int64_t generation;
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &MysqlPool::HasRoom));
    while (!idle_.empty()) {
      std::unique_ptr<MysqlConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      if (!conn->Outdated()) return Lease(this, std::move(conn), generation_);
      // Another pool lost its connection to this server: leave it too.
      --open_;
      if (server_ == conn->server_index()) {
        server_ = (server_ + 1) % options_.servers.size();
      }
      outdated.push_back(std::move(conn));
    }
    ++open_;  // reserve the slot while connecting without the lock
    server = server_;
    generation = generation_;
  }
  absl::StatusOr<std::unique_ptr<MysqlConnection>> conn =
      MysqlConnection::Connect(options_, server, /*create_database=*/false);
  absl::MutexLock lock(&mu_);
  if (!conn.ok()) {
    --open_;
    return conn.status();
  }
  server_ = (*conn)->server_index();
  return Lease(this, *std::move(conn), generation);
}

bool MysqlPool::HasRoom() const {
  return !idle_.empty() || open_ < options_.pool_size;
}

void MysqlPool::DiscardIdle(const MysqlConnection& lost) {
  NoteLoss(lost.server_key_);
  std::vector<std::unique_ptr<MysqlConnection>> dead;
  {
    absl::MutexLock lock(&mu_);
    dead.swap(idle_);
    open_ -= static_cast<int>(dead.size());
    ++generation_;
  }
  // Closed here, outside the lock.
}

void MysqlPool::StartAt(size_t server) {
  absl::MutexLock lock(&mu_);
  server_ = server % options_.servers.size();
}

void MysqlPool::Release(std::unique_ptr<MysqlConnection> conn,
                        int64_t generation) {
  {
    absl::MutexLock lock(&mu_);
    if (!conn->broken() && generation == generation_) {
      idle_.push_back(std::move(conn));
      return;
    }
    --open_;
  }
  conn.reset();  // close outside the lock: it may wait on the network
}

}  // namespace mdm
