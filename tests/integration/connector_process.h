// Test harness for the connector binaries (mdm-connector-erp, -finance,
// -callcenter): writes a config, runs the real binary in the background
// against a HubProcess, and kills (SIGKILL) or stops (SIGTERM) it; plus the
// hub reads the connector tests check (facts, xrefs, connector status).
//
// Thread-safety: used from one test thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "mdm/v1/connectors.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace mdm::integration {

// $<TARGET_FILE:...> of the connector binaries, the source generator and
// the schema files, baked in by CMake.
std::string ConnectorBinary(const std::string& type);  // "erp", ...
std::string GenSourcesBinary();

class ConnectorProcess {
 public:
  // Writes DIR/<id>.json from `config` (connector_main.h's format) and
  // starts the binary of config["type"] with --hub `hub`. Its log is
  // DIR/<id>.log (appended across restarts).
  static absl::StatusOr<std::unique_ptr<ConnectorProcess>> Start(
      const std::string& dir, const nlohmann::json& config,
      const std::string& hub, std::vector<std::string> extra_env = {});

  // Kills it (SIGKILL) if it still runs.
  ~ConnectorProcess();

  // SIGKILL and reap: a crash at an arbitrary point.
  void Kill9();
  // Starts the binary again with the same config.
  absl::Status Restart();
  // SIGTERM; its exit code, or DeadlineExceeded (then killed) when it takes
  // longer than `timeout`.
  absl::StatusOr<int> Stop(std::chrono::milliseconds timeout);
  bool running();
  std::string Log() const;
  // Starts (from the log) that resumed from a committed checkpoint, i.e.
  // not from generation 0: after a kill, how often it was mid-stream.
  int ResumedStarts() const;

 private:
  ConnectorProcess() = default;
  absl::Status Launch();

  std::vector<std::string> argv_;
  std::vector<std::string> env_;
  std::string log_path_;
  pid_t pid_ = -1;
};

// Polls `done` every 50 ms until it returns true or `timeout` passes.
bool WaitFor(const std::function<bool()>& done,
             std::chrono::milliseconds timeout);

// Reads through one hub channel.
class HubReader {
 public:
  explicit HubReader(std::shared_ptr<grpc::Channel> channel);
  // Every fact of `source` (all pages); -1 on an RPC error.
  int64_t CountFacts(const std::string& source);
  // Live xrefs of `source`; -1 on an RPC error.
  int64_t CountXrefs(const std::string& source);
  absl::StatusOr<v1::Connector> Connector(const std::string& id);
  // The connector's checkpoint generation (0 when unknown).
  int64_t Generation(const std::string& id);

 private:
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace mdm::integration
