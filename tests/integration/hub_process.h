// Test harness for the integration tests: runs the real mdm-hub binary as a
// child process on 127.0.0.1 (a free port, found through --port_file) over a
// SQLite store in a private temporary directory, and runs other programs
// (mdmctl, python3) with their output captured.
//
// Thread-safety: a HubProcess is used from one test thread. RunCommand may be
// called from any thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace mdm::integration {

// Paths baked in by CMake.
std::string HubBinary();     // $<TARGET_FILE:mdm-hub>
std::string MdmctlBinary();  // $<TARGET_FILE:mdmctl>
std::string SourceDir();     // ${PROJECT_SOURCE_DIR}
std::string FebrlDataDir();  // ${PROJECT_SOURCE_DIR}/../shared/data/febrl

// A fresh directory under $TMPDIR (or /tmp), removed with its contents by the
// destructor unless the current test failed (then it is kept and logged, for
// the hub's log and store).
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string File(const std::string& name) const;

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal number
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up on PATH when it has no '/') with stdin from
// /dev/null, and waits for it. Fails only when the program cannot be started.
absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv);

// Reads a whole file; "" when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

// Starts argv[0] (a path) in the background with stdin from /dev/null and
// stdout and stderr appended to `log_path`; "NAME=VALUE" entries of
// `extra_env` are added to the environment. The child's pid.
absl::StatusOr<pid_t> SpawnLogged(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& extra_env,
                                  const std::string& log_path);

// Waits up to `timeout` for child `pid` to exit and reaps it: its exit code
// (128 + signal number when killed), or nullopt when it still runs.
std::optional<int> WaitForExit(pid_t pid, std::chrono::milliseconds timeout);

class HubProcess {
 public:
  struct Options {
    // --shutdown_grace_seconds of the hub: how long it lets calls drain after
    // SIGTERM before cancelling them.
    int shutdown_grace_seconds = 5;
    // Stop() requires the process to be gone within the grace period plus
    // this margin (closing the store after the drain deadline).
    std::chrono::milliseconds exit_margin{1000};
    // How long Start() waits for the port file.
    std::chrono::seconds start_timeout{20};
    // Further flags for mdm-hub (e.g. "--max_message_mb=4").
    std::vector<std::string> extra_flags;
    // --listen for mdm-hub. A fixed port keeps the address across restarts
    // (clients that do not re-read the port file, such as connectors).
    std::string listen = "127.0.0.1:0";
    // --store for mdm-hub; empty: sqlite:DIR/hub.db.
    std::string store_url;
    // "NAME=VALUE" entries added to the hub's environment (e.g. the MySQL
    // password, which never goes on the command line).
    std::vector<std::string> extra_env;
  };

  // Starts mdm-hub with --listen 127.0.0.1:0 --store sqlite:DIR/hub.db (or
  // Options::store_url) and
  // --port_file DIR/port, and waits until it writes its port. `dir` must
  // exist and outlive the HubProcess. On failure the hub is killed and the
  // status carries its log.
  static absl::StatusOr<std::unique_ptr<HubProcess>> Start(
      const std::string& dir, Options options);
  static absl::StatusOr<std::unique_ptr<HubProcess>> Start(
      const std::string& dir) {
    return Start(dir, Options());
  }

  // Kills the hub (SIGKILL) if it still runs.
  ~HubProcess();
  HubProcess(const HubProcess&) = delete;
  HubProcess& operator=(const HubProcess&) = delete;

  int port() const { return port_; }
  // "127.0.0.1:PORT".
  std::string target() const;
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  // The hub's stdout and stderr so far.
  std::string Log() const;
  const std::string& store_path() const { return store_path_; }

  // A new insecure channel to the hub, connected (fails the wait after 10 s
  // with nullptr).
  std::shared_ptr<grpc::Channel> Connect() const;

  // SIGTERM, then waits: OK only when the hub exited with status 0 within the
  // grace period plus Options::exit_margin (otherwise it is killed). How long
  // it took is in last_stop_duration().
  //
  // Close the test's own channels first: an idle gRPC C++ client only notices
  // the hub's GOAWAY at its next poll (the backup poller runs every 5 s), and
  // the hub waits for its connections until the grace period ends.
  absl::Status Stop();
  // SIGTERM + wait (as Stop), then starts again on the same store and
  // directory; the port usually changes.
  absl::Status Restart();
  // SIGKILL and reap.
  void Kill();

  std::chrono::milliseconds last_stop_duration() const {
    return last_stop_duration_;
  }

  // Runs mdmctl --hub target() ARGS...
  absl::StatusOr<CommandResult> Mdmctl(
      const std::vector<std::string>& args) const;

 private:
  HubProcess(std::string dir, Options options);
  absl::Status Launch();

  std::string dir_;
  Options options_;
  std::string store_path_;
  std::string port_file_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::chrono::milliseconds last_stop_duration_{0};
};

}  // namespace mdm::integration
