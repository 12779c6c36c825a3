// Admin.CheckStore and Admin.BackupStore.
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "hub/api/admin_service.h"
#include "hub/api/call_gate.h"
#include "hub/api/unary_call.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"

namespace mdm::api {
namespace {

// Bytes per BackupChunk: well under the default 4 MiB message limit of
// clients.
constexpr size_t kChunkBytes = 1 << 20;

absl::Status NoMaintenance() {
  return absl::FailedPreconditionError(
      "this store has no built-in check or backup; for MySQL use the "
      "database's own tools (mariadb-check, mariadb-dump, mariabackup: see "
      "README, Reliability)");
}

// Streams a snapshot taken into a private temporary directory beside the
// database (the same file system, which has room for the database), removed
// when the call ends however it ends.
class BackupReactor final : public grpc::ServerWriteReactor<v1::BackupChunk> {
 public:
  BackupReactor(const absl::Status& verdict, StoreMaintenance* maintenance,
                WorkerPool* pool) {
    // Access control (call_gate.h): a stream sits outside Unary().
    if (!verdict.ok()) {
      Finish(ToGrpcStatus(verdict));
      return;
    }
    // The snapshot reads the whole database: not on a gRPC thread.
    pool->Post([this, maintenance] {
      absl::Status status = TakeSnapshot(maintenance);
      if (!status.ok()) {
        Finish(ToGrpcStatus(status));
        return;
      }
      WriteNext();
    });
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    WriteNext();
  }

  void OnDone() override {
    file_.close();
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
    delete this;
  }

 private:
  absl::Status TakeSnapshot(StoreMaintenance* maintenance) {
    if (maintenance == nullptr) return NoMaintenance();
    std::string pattern =
        absl::StrCat(maintenance->ScratchDir(), "/.mdm-backup-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) {
      return absl::UnavailableError(
          absl::StrCat("cannot create a scratch directory like ", pattern));
    }
    dir_ = pattern;
    const std::string path = dir_ + "/snapshot.db";
    RETURN_IF_ERROR(maintenance->Backup(path));
    file_.open(path, std::ios::binary);
    if (!file_) {
      return absl::InternalError(absl::StrCat("cannot read back ", path));
    }
    MDM_LOG_INFO("backup: streaming a snapshot of {} bytes",
                 std::filesystem::file_size(path));
    return absl::OkStatus();
  }

  // Called only with no write outstanding (the constructor's task, then
  // OnWriteDone), so chunk_ is not in use.
  void WriteNext() {
    std::string* data = chunk_.mutable_data();
    data->resize(kChunkBytes);
    file_.read(data->data(), static_cast<std::streamsize>(kChunkBytes));
    data->resize(static_cast<size_t>(file_.gcount()));
    if (file_.bad()) {
      Finish(grpc::Status(grpc::StatusCode::INTERNAL, "reading the snapshot"));
    } else if (data->empty()) {
      Finish(grpc::Status::OK);
    } else {
      StartWrite(&chunk_);
    }
  }

  std::string dir_;  // the scratch directory, once created
  std::ifstream file_;
  v1::BackupChunk chunk_;
};

}  // namespace

grpc::ServerUnaryReactor* AdminService::CheckStore(
    grpc::CallbackServerContext* ctx, const v1::CheckStoreRequest* /*req*/,
    v1::CheckStoreResponse* resp) {
  StoreMaintenance* maintenance = maintenance_;
  return Unary(ctx, &store_pool_, [maintenance, resp]() -> absl::Status {
    if (maintenance == nullptr) return NoMaintenance();
    ASSIGN_OR_RETURN(StoreCheckReport report, maintenance->Check());
    resp->set_ok(report.problems.empty());
    for (std::string& p : report.problems) resp->add_problems(std::move(p));
    resp->set_records(report.records);
    resp->set_entities(report.entities);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::BackupChunk>* AdminService::BackupStore(
    grpc::CallbackServerContext* ctx, const v1::BackupStoreRequest* /*req*/) {
  return new BackupReactor(CallVerdict(*ctx), maintenance_, &store_pool_);
}

}  // namespace mdm::api
