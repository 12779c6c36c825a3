// What every mdmctl command receives, and the exit-code conventions. Commands
// are plain functions over a stub and two streams that return an exit code,
// so tests can drive them against an in-process hub without a subprocess.
#pragma once

#include <chrono>
#include <ostream>

#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/connectors.grpc.pb.h"
#include "mdm/v1/facts.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "mdm/v1/insight.grpc.pb.h"
#include "mdm/v1/lifecycle.grpc.pb.h"
#include "mdm/v1/stewardship.grpc.pb.h"

namespace mdm::ctl {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
// Fatal: bad usage, unreadable input, an RPC error, a broken import stream.
inline constexpr int kExitFailure = 1;
// `import` finished, but some rows were rejected (the rest were imported).
inline constexpr int kExitRowsRejected = 2;

enum class OutputFormat { kTable, kJson };

// Borrowed pointers: the caller keeps stub and streams alive for the call.
struct CommandContext {
  mdm::v1::CustomerHub::StubInterface* stub = nullptr;
  // For `connectors list|status`.
  mdm::v1::Connectors::StubInterface* connectors = nullptr;
  // For `admin check|backup`, `model ...`, `rules ...` and `audit`.
  mdm::v1::Admin::StubInterface* admin = nullptr;
  // For profile, segment, flag, pareto, quality, sample, verdict, inspection.
  mdm::v1::Insight::StubInterface* insight = nullptr;
  // For import-facts.
  mdm::v1::Facts::StubInterface* facts = nullptr;
  // For the stewardship commands and `review list`.
  mdm::v1::Stewardship::StubInterface* stewardship = nullptr;
  // For history, watch, conflicts and explain-golden.
  mdm::v1::GoldenLifecycle::StubInterface* lifecycle = nullptr;
  OutputFormat format = OutputFormat::kTable;
  // Deadline of each unary call; for `import`, the longest wait for the next
  // batch acknowledgement. Zero means none. Default 30 s.
  std::chrono::milliseconds timeout{30000};
  std::ostream* out = nullptr;  // data
  std::ostream* err = nullptr;  // errors, warnings, progress

  // Sets the deadline on a fresh context for one unary call.
  void PrepareUnary(grpc::ClientContext* context) const;
  // Prints FormatRpcError(status) on *err; returns kExitFailure.
  int Fail(const grpc::Status& status) const;
};

}  // namespace mdm::ctl
