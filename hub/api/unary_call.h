// The shape every unary method of the API takes: refuse the call when the
// access check denied it (call_gate.h), else run the blocking body on the
// worker pool, never on a gRPC callback thread, and finish the call with the
// body's status translated at the edge. A call whose deadline passed, or
// whose client went away, while it waited for a worker is not started: no
// one would read the answer.
#pragma once

#include <grpcpp/grpcpp.h>

#include <utility>

#include "hub/api/call_gate.h"
#include "hub/api/status_convert.h"
#include "hub/api/worker_pool.h"

namespace mdm::api {

// `body` returns absl::Status and must capture by value (or pointers that
// outlive the call): the handler has returned by the time it runs.
template <typename Body>
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* ctx,
                                WorkerPool* pool, Body body) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (absl::Status verdict = CallVerdict(*ctx); !verdict.ok()) {
    reactor->Finish(ToGrpcStatus(verdict));
    return reactor;
  }
  pool->Post([ctx, reactor, body = std::move(body)]() mutable {
    if (ctx->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                                   "deadline passed or client went away "
                                   "before the call started"));
      return;
    }
    reactor->Finish(ToGrpcStatus(body()));
  });
  return reactor;
}

}  // namespace mdm::api
