#include "connectors/sql/watermark_reader.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"

namespace mdm::connectors::sql_source {
namespace {

// The three columns every table query selects first.
constexpr int kFixedColumns = 3;

}  // namespace

int64_t Row::id() const { return rs_.getInt64(1); }
int64_t Row::updated_at_us() const { return rs_.getInt64(3); }
std::string Row::Text(int i) const {
  return rs_.isNull(kFixedColumns + i)
             ? ""
             : rs_.getString(kFixedColumns + i).asStdString();
}
int64_t Row::Int(int i) const {
  return rs_.isNull(kFixedColumns + i) ? 0 : rs_.getInt64(kFixedColumns + i);
}
bool Row::IsNull(int i) const { return rs_.isNull(kFixedColumns + i); }

std::string Row::Describe() const {
  sql::ResultSetMetaData* meta = rs_.getMetaData();
  std::string out;
  for (unsigned i = 1; i <= meta->getColumnCount(); ++i) {
    absl::StrAppend(&out, i > 1 ? " " : "",
                    meta->getColumnLabel(i).asStdString(), "=",
                    rs_.isNull(i) ? "NULL" : rs_.getString(i).asStdString());
  }
  return out;
}

absl::StatusOr<DatabaseSettings> ParseDatabaseSettings(
    const nlohmann::json& s) {
  DatabaseSettings out;
  auto text = [&](const char* key, std::string* value,
                  bool required) -> absl::Status {
    auto it = s.find(key);
    if (it == s.end() && !required) return absl::OkStatus();
    if (it == s.end() || !it->is_string() || it->get<std::string>().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("settings.", key, " must be a non-empty string"));
    }
    *value = it->get<std::string>();
    return absl::OkStatus();
  };
  // One source database server (host, port); the hub's store takes a list.
  MysqlServer& server = out.options.servers.front();
  RETURN_IF_ERROR(text("host", &server.host, false));
  RETURN_IF_ERROR(text("user", &out.options.user, true));
  RETURN_IF_ERROR(text("database", &out.options.database, true));
  RETURN_IF_ERROR(text("time_zone", &out.time_zone, false));
  if (auto it = s.find("port"); it != s.end()) {
    if (!it->is_number_integer() || it->get<int>() < 1 ||
        it->get<int>() > 65535) {
      return absl::InvalidArgumentError("settings.port must be 1 to 65535");
    }
    server.port = it->get<int>();
  }
  if (auto it = s.find("settle_ms"); it != s.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0) {
      return absl::InvalidArgumentError("settings.settle_ms must be >= 0");
    }
    out.settle = std::chrono::milliseconds(it->get<int64_t>());
  }
  std::string password_env;
  RETURN_IF_ERROR(text("password_env", &password_env, false));
  if (!password_env.empty()) {
    const char* password = std::getenv(password_env.c_str());
    if (password == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "settings.password_env names $", password_env, ", which is unset"));
    }
    out.options.password = password;
  }
  out.options.pool_size = 1;
  return out;
}

WatermarkReader::WatermarkReader(DatabaseSettings settings,
                                 std::vector<TableSpec> tables)
    : settings_(std::move(settings)), tables_(std::move(tables)) {
  for (const TableSpec& t : tables_) {
    const std::string& a = t.alias;
    // The settle condition only when asked for: it compares with NOW(6), so
    // it depends on the time zone the rows were stamped in.
    const std::string settle =
        settings_.settle.count() > 0
            ? absl::StrCat(" AND ", a, ".updated_at <= NOW(6) - INTERVAL ",
                           settings_.settle.count() * 1000, " MICROSECOND")
            : "";
    queries_.push_back(
        absl::StrCat(t.select, " WHERE (", a, ".updated_at > ? OR (", a,
                     ".updated_at = ? AND ", a, ".id > ?))", settle,
                     " ORDER BY ", a, ".updated_at, ", a, ".id LIMIT ?"));
  }
}

WatermarkReader::~WatermarkReader() = default;

absl::Status WatermarkReader::Start(std::string_view checkpoint) {
  marks_.clear();
  if (checkpoint.empty()) return absl::OkStatus();
  nlohmann::json j =
      nlohmann::json::parse(checkpoint, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a watermark checkpoint: ", std::string(checkpoint)));
  }
  for (const auto& [table, mark] : j.items()) {
    if (!mark.is_object() || !mark["ts"].is_string() ||
        !mark["id"].is_number_integer()) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad watermark for ", table, " in checkpoint"));
    }
    marks_[table] = {mark["ts"].get<std::string>(), mark["id"].get<int64_t>()};
  }
  return absl::OkStatus();
}

std::string WatermarkReader::Checkpoint() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [table, mark] : marks_) {
    j[table] = {{"ts", mark.ts}, {"id", mark.id}};
  }
  return j.dump();
}

absl::Status WatermarkReader::Connect() {
  if (conn_ != nullptr && !conn_->broken()) return absl::OkStatus();
  conn_.reset();
  ASSIGN_OR_RETURN(std::unique_ptr<MysqlConnection> conn,
                   MysqlConnection::Connect(settings_.options, /*first=*/0,
                                            /*create_database=*/false));
  try {
    conn->Exec(absl::StrCat("SET time_zone = '", settings_.time_zone, "'"));
  } catch (const sql::SQLException& e) {
    return SqlErrorToStatus(e, "set time_zone");
  }
  conn_ = std::move(conn);
  return absl::OkStatus();
}

absl::StatusOr<Batch> WatermarkReader::Poll(int max_changes) {
  if (stopped_) return absl::CancelledError("stopped");
  absl::Status connected = Connect();
  if (!connected.ok()) {
    // Any failure to reach the system of record is worth a retry.
    return absl::UnavailableError(connected.message());
  }
  Batch batch;
  batch.caught_up = true;
  // Watermarks advance in a copy, committed to marks_ only if every query
  // succeeded: a failed Poll leaves the position where it was.
  std::map<std::string, Watermark> marks = marks_;
  int rows = 0;
  for (size_t t = 0; t < tables_.size() && rows < max_changes; ++t) {
    if (stopped_) return absl::CancelledError("stopped");
    const TableSpec& spec = tables_[t];
    Watermark& mark = marks[spec.name];
    const int limit = max_changes - rows;
    try {
      sql::PreparedStatement& q = conn_->Prepare(queries_[t].c_str());
      // DATETIME(6) compares with its text; "" means from the start.
      const std::string ts = mark.ts.empty() ? "0001-01-01 00:00:00" : mark.ts;
      q.setString(1, ts);
      q.setString(2, ts);
      q.setInt64(3, mark.id);
      q.setInt(4, limit);
      std::unique_ptr<sql::ResultSet> rs(q.executeQuery());
      int got = 0;
      while (rs->next()) {
        Row row(*rs);
        spec.map(row, &batch);
        mark.id = row.id();
        mark.ts = rs->getString(2).asStdString();
        ++got;
      }
      rows += got;
      if (got == limit) batch.caught_up = false;
    } catch (const sql::SQLException& e) {
      // Reconnect next time; the runner retries after a backoff.
      conn_->MarkBroken();
      return SqlErrorToStatus(e, absl::StrCat("read ", spec.name));
    }
  }
  marks_ = std::move(marks);
  batch.checkpoint = Checkpoint();
  return batch;
}

}  // namespace mdm::connectors::sql_source

namespace mdm::connectors::sql_source {

SourceFactory WatermarkSourceFactory(std::vector<TableSpec> (*tables)()) {
  return [tables](const nlohmann::json& settings)
             -> absl::StatusOr<std::unique_ptr<Source>> {
    ASSIGN_OR_RETURN(DatabaseSettings db, ParseDatabaseSettings(settings));
    return std::unique_ptr<Source>(
        new WatermarkReader(std::move(db), tables()));
  };
}

}  // namespace mdm::connectors::sql_source
