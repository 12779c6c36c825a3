#include "tests/integration/hub_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"

extern char** environ;

namespace mdm::integration {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> ArgvPointers(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  out.reserve(argv.size() + 1);
  for (const std::string& arg : argv)
    out.push_back(const_cast<char*>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

// Decodes a waitpid() status like a shell: exit status, or 128 + signal.
int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Polls waitpid(WNOHANG) until `pid` exits or `deadline` passes. Returns the
// raw wait status, or nullopt on timeout.
std::optional<int> WaitUntil(pid_t pid, Clock::time_point deadline) {
  while (true) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::string HubBinary() { return MDM_HUB_BINARY; }
std::string MdmctlBinary() { return MDMCTL_BINARY; }
std::string SourceDir() { return MDM_SOURCE_DIR; }
std::string FebrlDataDir() { return MDM_FEBRL_DATA_DIR; }

ScopedTempDir::ScopedTempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(
      tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/mdm-integration-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp(" << pattern << "): " << std::strerror(errno);
  }
  path_ = pattern;
}

ScopedTempDir::~ScopedTempDir() {
  if (::testing::Test::HasFailure()) {
    std::fprintf(stderr, "keeping %s for inspection\n", path_.c_str());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScopedTempDir::File(const std::string& name) const {
  return absl::StrCat(path_, "/", name);
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return absl::InvalidArgumentError("empty argv");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args = ArgvPointers(argv);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return absl::InternalError(
        absl::StrCat("cannot run ", argv[0], ": ", std::strerror(rc)));
  }

  // Drain both pipes together so neither can fill up and block the child.
  CommandResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = DecodeWaitStatus(status);
  return result;
}

absl::StatusOr<pid_t> SpawnLogged(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& extra_env,
                                  const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args = ArgvPointers(argv);
  std::vector<std::string> env_strings = extra_env;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> env = ArgvPointers(env_strings);
  pid_t pid = -1;
  int rc =
      posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return absl::InternalError(
        absl::StrCat("cannot start ", argv[0], ": ", std::strerror(rc)));
  }
  return pid;
}

std::optional<int> WaitForExit(pid_t pid, std::chrono::milliseconds timeout) {
  std::optional<int> status = WaitUntil(pid, Clock::now() + timeout);
  if (!status.has_value()) return std::nullopt;
  return DecodeWaitStatus(*status);
}

HubProcess::HubProcess(std::string dir, Options options)
    : dir_(std::move(dir)),
      options_(std::move(options)),
      store_path_(dir_ + "/hub.db"),
      port_file_(dir_ + "/port"),
      log_path_(dir_ + "/hub.log") {}

absl::StatusOr<std::unique_ptr<HubProcess>> HubProcess::Start(
    const std::string& dir, Options options) {
  std::unique_ptr<HubProcess> hub(new HubProcess(dir, std::move(options)));
  absl::Status started = hub->Launch();
  if (!started.ok()) return started;
  return hub;
}

HubProcess::~HubProcess() { Kill(); }

std::string HubProcess::target() const {
  return absl::StrCat("127.0.0.1:", port_);
}

std::string HubProcess::Log() const { return ReadFileOrEmpty(log_path_); }

absl::Status HubProcess::Launch() {
  std::filesystem::remove(port_file_);
  port_ = 0;
  std::vector<std::string> argv = {
      HubBinary(), absl::StrCat("--listen=", options_.listen),
      options_.store_url.empty() ? absl::StrCat("--store=sqlite:", store_path_)
                                 : absl::StrCat("--store=", options_.store_url),
      absl::StrCat("--port_file=", port_file_),
      absl::StrCat("--shutdown_grace_seconds=",
                   options_.shutdown_grace_seconds)};
  argv.insert(argv.end(), options_.extra_flags.begin(),
              options_.extra_flags.end());

  absl::StatusOr<pid_t> pid = SpawnLogged(argv, options_.extra_env, log_path_);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;

  const Clock::time_point deadline = Clock::now() + options_.start_timeout;
  while (true) {
    // The hub writes the file under a temporary name and renames it, so a
    // file that exists is complete.
    std::string text = ReadFileOrEmpty(port_file_);
    int port = 0;
    if (!text.empty() &&
        absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &port) && port > 0) {
      port_ = port;
      return absl::OkStatus();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError(absl::StrCat(
          "mdm-hub exited with ", DecodeWaitStatus(status),
          " before writing its port; command: ", absl::StrJoin(argv, " "),
          "\n--- hub log ---\n", Log()));
    }
    if (Clock::now() >= deadline) {
      Kill();
      return absl::DeadlineExceededError(absl::StrCat(
          "mdm-hub wrote no port file within ", options_.start_timeout.count(),
          " s; command: ", absl::StrJoin(argv, " "), "\n--- hub log ---\n",
          Log()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::shared_ptr<grpc::Channel> HubProcess::Connect() const {
  auto channel =
      grpc::CreateChannel(target(), grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                 std::chrono::seconds(10))) {
    return nullptr;
  }
  return channel;
}

absl::Status HubProcess::Stop() {
  if (pid_ <= 0) return absl::FailedPreconditionError("hub is not running");
  const Clock::time_point start = Clock::now();
  if (kill(pid_, SIGTERM) != 0) {
    return absl::InternalError(absl::StrCat("kill: ", std::strerror(errno)));
  }
  std::optional<int> status = WaitUntil(
      pid_, start + std::chrono::seconds(options_.shutdown_grace_seconds) +
                options_.exit_margin);
  last_stop_duration_ = std::chrono::duration_cast<std::chrono::milliseconds>(
      Clock::now() - start);
  if (!status.has_value()) {
    Kill();
    return absl::DeadlineExceededError(
        absl::StrCat("mdm-hub still running ", options_.shutdown_grace_seconds,
                     " s + ", options_.exit_margin.count(),
                     " ms after SIGTERM (killed)\n--- hub log ---\n", Log()));
  }
  pid_ = -1;
  const int code = DecodeWaitStatus(*status);
  if (code != 0) {
    return absl::InternalError(absl::StrCat("mdm-hub exited with ", code,
                                            " after SIGTERM\n--- hub log ---\n",
                                            Log()));
  }
  return absl::OkStatus();
}

absl::Status HubProcess::Restart() {
  absl::Status stopped = Stop();
  if (!stopped.ok()) return stopped;
  return Launch();
}

void HubProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

absl::StatusOr<CommandResult> HubProcess::Mdmctl(
    const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {MdmctlBinary(), "--hub", target()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

}  // namespace mdm::integration
