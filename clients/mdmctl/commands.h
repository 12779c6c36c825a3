// The mdmctl commands. Each returns an exit code (see command_context.h) and
// writes only to the context's streams; none calls exit().
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "clients/mdmctl/command_context.h"

namespace mdm::ctl {

struct ImportOptions {
  std::string source;     // SourceRecord.source of every row; required
  int batch_size = 500;   // records per IngestRecordsRequest, 1..1000
  int max_in_flight = 4;  // unacknowledged batches allowed on the stream
  // Times a stream the hub failed with UNAVAILABLE or ABORTED (its database
  // failed over, a commit was lost) is reopened, the unacknowledged batches
  // sent again; with a growing delay (0.5 s doubling, at most 5 s). 0: a
  // broken stream is fatal.
  int max_retries = 0;
  bool show_progress = false;  // progress line on *err (a terminal)
  uint64_t total_bytes =
      0;  // input size for the progress percentage; 0 = unknown
};

// Streams the CSV in `csv` through CustomerHub.IngestRecords. Reports every
// rejected row and every warning on *err, then a summary on *out.
int RunImport(const CommandContext& ctx, const ImportOptions& options,
              std::istream& csv);
// RunImport on the file at `path` (kExitFailure when it cannot be opened).
int RunImportFile(const CommandContext& ctx, ImportOptions options,
                  const std::string& path);

// GetGoldenRecord; with `list_records` also every ListEntityRecords page;
// with `as_of` (ISO 8601) the record as it stood then.
int RunGet(const CommandContext& ctx, const std::string& golden_id,
           bool list_records, const std::string& as_of = "");

// LookupXref: prints the golden id.
int RunXref(const CommandContext& ctx, const std::string& source,
            const std::string& source_record_id);

struct ResolveOptions {
  std::string name;
  std::string national_id;
  std::string birth_date;
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  std::string kind;        // "person" (default) or "organization"
  int max_candidates = 0;  // 0: the hub's default
};
int RunResolve(const CommandContext& ctx, const ResolveOptions& options);

struct SearchOptions {
  std::string name;
  std::string phone;
  std::string email;
  std::string national_id;
  std::string golden_id;
  int page_size = 0;  // 0: the hub's default
  std::string page_token;
};
int RunSearch(const CommandContext& ctx, const SearchOptions& options);

struct ExplainOptions {
  std::string source;
  std::string source_record_id;
  // The other side: a record, or an entity (its best-matching member).
  std::string with_source;
  std::string with_id;
  std::string with_golden_id;
};
// ExplainMatch as a text waterfall.
int RunExplain(const CommandContext& ctx, const ExplainOptions& options);

struct ReviewListOptions {
  int page_size = 0;  // 0: the hub's default
  std::string page_token;
};
// Stewardship.ListReviewQueue: one page of open review tasks.
int RunReviewList(const CommandContext& ctx, const ReviewListOptions& options);

// Every cross-reference as DESIGN §8 CSV on *out (whatever the format).
int RunExportXref(const CommandContext& ctx);

// `connectors list`: every connector with its checkpoint generation, lag,
// counters and last error (ListConnectors, all pages).
int RunConnectorsList(const CommandContext& ctx);
// `connectors status ID`: one connector in full, checkpoint included.
int RunConnectorStatus(const CommandContext& ctx, const std::string& id);

// `admin check`: Admin.CheckStore; kExitFailure when it finds problems.
int RunAdminCheck(const CommandContext& ctx);

struct AdminBackupOptions {
  std::string path;      // the backup file to write; must not exist
  std::string key_file;  // encrypt with the secret in this file; "" = plain
};
// `admin backup`: Admin.BackupStore into a file (through FILE.partial and a
// rename, so a failed backup leaves no file that looks complete).
int RunAdminBackup(const CommandContext& ctx,
                   const AdminBackupOptions& options);

struct AdminRestoreOptions {
  std::string backup;    // a file written by `admin backup`
  std::string to;        // the database file to create; must not exist
  std::string key_file;  // required exactly when the backup is encrypted
};
// `admin restore`: offline (no hub involved): decrypts or copies the backup,
// checks it as `admin check` would, and only then moves it to `to`, where a
// hub can start on it (--store sqlite:TO).
int RunAdminRestore(const CommandContext& ctx,
                    const AdminRestoreOptions& options);
// `model train|show|list|activate|diff` (Admin model RPCs).
struct ModelTrainOptions {
  uint64_t seed = 0;         // 0: the hub's default
  int64_t random_pairs = 0;  // 0: the hub's default
  bool activate = false;
  std::optional<double> link_threshold;
  std::optional<double> review_threshold;
};
int RunModelTrain(const CommandContext& ctx, const ModelTrainOptions& options);
// Version 0: the active model.
int RunModelShow(const CommandContext& ctx, int64_t version);
int RunModelList(const CommandContext& ctx);
int RunModelActivate(const CommandContext& ctx, int64_t version);
struct ModelDiffOptions {
  int64_t version = 0;  // 0: the model in use
  std::optional<double> link_threshold;
  int32_t max_listed = 20;
};
int RunModelDiff(const CommandContext& ctx, const ModelDiffOptions& options);
struct AuditOptions {
  std::string principal;  // "token:NAME", "cert:CN"; empty: everyone
  std::string method;     // "CustomerHub/UpsertRecord" or the full name
  std::string since;      // ISO 8601 (iso_time.h); empty: the beginning
  std::string until;      // ISO 8601, exclusive; empty: now
};
// `audit`: the audit trail (Admin.ListAuditEvents, all pages), oldest first.
int RunAudit(const CommandContext& ctx, const AuditOptions& options);

}  // namespace mdm::ctl
