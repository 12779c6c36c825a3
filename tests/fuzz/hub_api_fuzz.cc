// libFuzzer target: the CustomerHub request handlers on mutated protobuf
// bytes. The real CustomerHubService and ResolutionService run in-process
// over a SQLite store in a temporary directory (kept for the whole run, so
// later inputs meet the records earlier ones created), behind a gRPC server
// reached through an in-process channel. The first input byte picks the
// method, the rest is parsed as its request message; bytes that do not parse
// are dropped (protobuf's parser is not ours to fuzz). Findings are crashes,
// sanitizer reports and INTERNAL or UNKNOWN answers, which mean a bug
// (every bad request must be a client error).
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "hub/access/access_control.h"
#include "hub/access/rate_limiter.h"
#include "hub/api/customer_hub_service.h"
#include "hub/common/clock.h"
#include "hub/server/access_interceptor.h"
#include "hub/service/resolution_service.h"
#include "hub/store/sqlite_audit_store.h"
#include "hub/store/sqlite_store.h"
#include "mdm/v1/hub.grpc.pb.h"

namespace mdm {
namespace {

// The store's directory, removed at exit.
std::string* store_dir = nullptr;

void RemoveStoreDir() {
  std::error_code ignored;
  std::filesystem::remove_all(*store_dir, ignored);
}

class InProcessHub {
 public:
  InProcessHub() {
    char dir[] = "/tmp/mdm-fuzz-XXXXXX";
    if (::mkdtemp(dir) == nullptr) std::abort();
    store_dir = new std::string(dir);
    std::atexit(RemoveStoreDir);
    store_ = Must(SqliteStore::Open(*store_dir + "/hub.db"));
    service_ = Must(service::ResolutionService::Create(
        store_.get(), &clock_, service::ServiceOptions{}));
    api_ = std::make_unique<api::CustomerHubService>(service_.get(), nullptr,
                                                     /*worker_threads=*/2);
    // The hub's own access interceptor in open (dev) mode: the handlers
    // refuse calls it did not pass (hub/api/call_gate.h).
    audit_ = Must(SqliteAuditStore::Open(*store_dir + "/hub.db"));
    limiter_ = std::make_unique<access::RateLimiter>(access_.rate_limits());
    grpc::ServerBuilder builder;
    builder.RegisterService(api_.get());
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(std::make_unique<server::AccessInterceptorFactory>(
        &access_, limiter_.get(), audit_.get()));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    server_ = builder.BuildAndStart();
    stub_ = v1::CustomerHub::NewStub(
        server_->InProcessChannel(grpc::ChannelArguments()));
  }

  v1::CustomerHub::Stub& stub() { return *stub_; }

 private:
  template <typename T>
  static T Must(absl::StatusOr<T> v) {
    if (!v.ok()) {
      std::fprintf(stderr, "fuzz setup: %s\n", v.status().ToString().c_str());
      std::abort();
    }
    return *std::move(v);
  }

  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<service::ResolutionService> service_;
  std::unique_ptr<api::CustomerHubService> api_;
  access::AccessControl access_ = access::AccessControl::Open();
  std::unique_ptr<access::RateLimiter> limiter_;
  std::unique_ptr<AuditStore> audit_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::CustomerHub::Stub> stub_;
};

void CheckAnswer(const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::INTERNAL ||
      status.error_code() == grpc::StatusCode::UNKNOWN) {
    std::fprintf(stderr, "server error %d: %s\n", status.error_code(),
                 status.error_message().c_str());
    std::abort();
  }
}

using Stub = v1::CustomerHub::Stub;

// Parses `bytes` as Req and calls the unary `method` with it.
template <typename Req, typename Resp>
void Call(Stub& stub,
          grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
          const std::string& bytes) {
  Req request;
  if (!request.ParseFromString(bytes)) return;
  Resp response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  CheckAnswer((stub.*method)(&context, request, &response));
}

void Ingest(Stub& stub, const std::string& bytes) {
  v1::IngestRecordsRequest request;
  if (!request.ParseFromString(bytes)) return;
  grpc::ClientContext context;
  auto stream = stub.IngestRecords(&context);
  stream->Write(request);
  stream->WritesDone();
  v1::IngestRecordsResponse response;
  while (stream->Read(&response)) {
    for (const v1::IngestResult& r : response.results()) {
      if (r.error().code() == grpc::StatusCode::INTERNAL) std::abort();
    }
  }
  CheckAnswer(stream->Finish());
}

}  // namespace
}  // namespace mdm

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mdm;  // NOLINT: a fuzz target's body
  static InProcessHub* hub = new InProcessHub();  // lives for the whole run
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  Stub& s = hub->stub();
  switch (data[0] % 10) {
    case 0:
      Call(s, &Stub::UpsertRecord, bytes);
      break;
    case 1:
      Ingest(s, bytes);
      break;
    case 2:
      Call(s, &Stub::DeleteRecord, bytes);
      break;
    case 3:
      Call(s, &Stub::GetGoldenRecord, bytes);
      break;
    case 4:
      Call(s, &Stub::BatchGetGoldenRecords, bytes);
      break;
    case 5:
      Call(s, &Stub::ListXrefs, bytes);
      break;
    case 6:
      Call(s, &Stub::ResolveIdentity, bytes);
      break;
    case 7:
      Call(s, &Stub::SearchCustomers, bytes);
      break;
    case 8:
      Call(s, &Stub::ExplainMatch, bytes);
      break;
    default:
      Call(s, &Stub::ListEntityRecords, bytes);
      break;
  }
  return 0;
}
