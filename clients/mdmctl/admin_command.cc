// `mdmctl admin check|backup|restore`.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "clients/mdmctl/backup_crypto.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/json_output.h"
#include "hub/store/sqlite_maintenance.h"

namespace mdm::ctl {
namespace {

int FailWith(const CommandContext& ctx, const absl::Status& status) {
  *ctx.err << "error: " << status.message() << '\n';
  return kExitFailure;
}

bool Exists(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::exists(path, ignored);
}

// Prints a check's outcome; kExitFailure when it found problems.
int ReportCheck(const CommandContext& ctx, const std::string& what,
                const StoreCheckReport& report) {
  for (const std::string& p : report.problems) *ctx.err << p << '\n';
  if (!report.problems.empty()) {
    *ctx.err << what << ": " << report.problems.size() << " problem(s)\n";
    return kExitFailure;
  }
  *ctx.out << what << ": ok, " << report.records << " records in "
           << report.entities << " customers\n";
  return kExitOk;
}

}  // namespace

int RunAdminCheck(const CommandContext& ctx) {
  mdm::v1::CheckStoreResponse response;
  grpc::ClientContext context;
  ctx.PrepareUnary(&context);
  grpc::Status status =
      ctx.admin->CheckStore(&context, mdm::v1::CheckStoreRequest(), &response);
  if (!status.ok()) return ctx.Fail(status);
  if (ctx.format == OutputFormat::kJson) {
    PrintJsonLine(*ctx.out, response);
    return response.ok() ? kExitOk : kExitFailure;
  }
  StoreCheckReport report;
  report.problems.assign(response.problems().begin(),
                         response.problems().end());
  report.records = response.records();
  report.entities = response.entities();
  return ReportCheck(ctx, "store", report);
}

int RunAdminBackup(const CommandContext& ctx,
                   const AdminBackupOptions& options) {
  if (Exists(options.path)) {
    return FailWith(ctx, absl::AlreadyExistsError(
                             options.path + " exists; not overwriting it"));
  }
  std::unique_ptr<BackupEncryptor> encryptor;
  const std::string partial = options.path + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out)
    return FailWith(ctx, absl::NotFoundError("cannot write " + partial));
  if (!options.key_file.empty()) {
    auto secret = ReadSecretFile(options.key_file);
    if (!secret.ok()) return FailWith(ctx, secret.status());
    auto started = BackupEncryptor::Start(*secret, &out);
    if (!started.ok()) return FailWith(ctx, started.status());
    encryptor = *std::move(started);
  }
  // No deadline: a large database streams for as long as it takes.
  grpc::ClientContext context;
  auto reader = ctx.admin->BackupStore(&context, mdm::v1::BackupStoreRequest());
  mdm::v1::BackupChunk chunk;
  uint64_t bytes = 0;
  absl::Status written;
  while (written.ok() && reader->Read(&chunk)) {
    bytes += chunk.data().size();
    if (encryptor != nullptr) {
      written = encryptor->Update(chunk.data());
    } else {
      out.write(chunk.data().data(),
                static_cast<std::streamsize>(chunk.data().size()));
    }
  }
  if (!written.ok()) context.TryCancel();
  grpc::Status status = reader->Finish();
  if (written.ok() && status.ok() && encryptor != nullptr) {
    written = encryptor->Finish();
  }
  out.close();
  if (written.ok() && !out)
    written = absl::UnavailableError("writing " + partial);
  if (written.ok() && status.ok() &&
      std::rename(partial.c_str(), options.path.c_str()) != 0) {
    written = absl::UnavailableError("cannot rename " + partial);
  }
  if (!written.ok() || !status.ok()) {
    std::remove(partial.c_str());
    // A local failure first: it is why the call was cancelled.
    return written.ok() ? ctx.Fail(status) : FailWith(ctx, written);
  }
  *ctx.out << "backup: " << bytes << " bytes of database"
           << (encryptor != nullptr ? ", encrypted (AES-256-GCM)," : "")
           << " written to " << options.path << '\n';
  return kExitOk;
}

int RunAdminRestore(const CommandContext& ctx,
                    const AdminRestoreOptions& options) {
  if (Exists(options.to)) {
    return FailWith(ctx, absl::AlreadyExistsError(
                             options.to + " exists; restore into a new path"));
  }
  const bool encrypted = IsEncryptedBackup(options.backup);
  if (encrypted != !options.key_file.empty()) {
    return FailWith(
        ctx, absl::InvalidArgumentError(
                 encrypted ? options.backup + " is encrypted: give --key-file"
                           : options.backup + " is not encrypted: drop "
                                              "--key-file"));
  }
  const std::string partial = options.to + ".partial";
  absl::Status copied;
  if (encrypted) {
    auto secret = ReadSecretFile(options.key_file);
    if (!secret.ok()) return FailWith(ctx, secret.status());
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    copied = DecryptBackup(options.backup, *secret, out);
  } else {
    std::error_code error;
    std::filesystem::copy_file(options.backup, partial, error);
    if (error) copied = absl::NotFoundError(error.message());
  }
  // The restored file must pass the same check the hub's store does before
  // it takes the place a hub will start on.
  absl::StatusOr<StoreCheckReport> report =
      copied.ok() ? SqliteMaintenance(partial).Check()
                  : absl::StatusOr<StoreCheckReport>(copied);
  if (!report.ok() || !report->problems.empty() ||
      std::rename(partial.c_str(), options.to.c_str()) != 0) {
    std::remove(partial.c_str());
    if (!report.ok()) return FailWith(ctx, report.status());
    if (report->problems.empty()) {
      return FailWith(ctx, absl::UnavailableError("cannot rename " + partial));
    }
    return ReportCheck(ctx, "restored database", *report);
  }
  return ReportCheck(ctx, "restored " + options.to, *report);
}

}  // namespace mdm::ctl
