// Shared by the request-handler fuzz targets: one real hub (HubServer, the
// production wiring: every service behind the access interceptor in open dev
// mode) over a SQLite store in a temporary directory, kept for the whole run
// so later inputs meet the records earlier ones created, reached over
// loopback gRPC. Inputs are request messages as protobuf bytes; bytes that do
// not parse are dropped (protobuf's parser is not ours to fuzz). Findings are
// crashes, sanitizer reports and INTERNAL or UNKNOWN answers, which mean a
// bug (every bad request must be a client error).
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

namespace mdm::fuzz {

// The hub of this process, started on first use; never destroyed (libFuzzer
// exits without unwinding). Aborts when it cannot start.
std::shared_ptr<grpc::Channel> HubChannel();

// Aborts on an answer that means a server bug (INTERNAL, UNKNOWN).
void CheckAnswer(const grpc::Status& status);

// A client context whose deadline keeps one input from hanging the run.
void SetDeadline(grpc::ClientContext& context,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Calls the unary `method` of `stub` with `request`.
template <typename Stub, typename Req, typename Resp>
void CallWith(Stub& stub,
              grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&,
                                           Resp*),
              const Req& request) {
  Resp response;
  grpc::ClientContext context;
  SetDeadline(context);
  CheckAnswer((stub.*method)(&context, request, &response));
}

// Parses `bytes` as Req and calls the unary `method` of `stub` with it.
template <typename Stub, typename Req, typename Resp>
void Call(Stub& stub,
          grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
          const std::string& bytes) {
  Req request;
  if (request.ParseFromString(bytes)) CallWith(stub, method, request);
}

// The same for a server-streaming `method`: reads the whole answer.
template <typename Stub, typename Req, typename Resp>
void CallStream(Stub& stub,
                std::unique_ptr<grpc::ClientReader<Resp>> (Stub::*method)(
                    grpc::ClientContext*, const Req&),
                const std::string& bytes,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  Req request;
  if (!request.ParseFromString(bytes)) return;
  grpc::ClientContext context;
  SetDeadline(context, timeout);
  std::unique_ptr<grpc::ClientReader<Resp>> reader =
      (stub.*method)(&context, request);
  Resp response;
  while (reader->Read(&response)) {
  }
  const grpc::Status status = reader->Finish();
  // A stream that never ends on its own (WatchChanges) is cut by the
  // deadline: that is the expected end, not a finding.
  if (status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
    CheckAnswer(status);
  }
}

}  // namespace mdm::fuzz
