#include "connectors/callcenter/log_follower.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"
#include "nlohmann/json.hpp"

namespace mdm::connectors::callcenter {
namespace {

// Bytes read per system call.
constexpr size_t kChunk = 1 << 20;

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat(std::string(what), " ", path, ": ", std::strerror(errno)));
}

// Closes the descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

LogFollower::LogFollower(std::string directory, std::string prefix,
                         std::string suffix)
    : directory_(std::move(directory)),
      prefix_(std::move(prefix)),
      suffix_(std::move(suffix)) {}

std::string LogFollower::PathOf(const std::string& name) const {
  return absl::StrCat(directory_, "/", name);
}

absl::StatusOr<std::vector<std::string>> LogFollower::ListFiles() const {
  DIR* dir = opendir(directory_.c_str());
  if (dir == nullptr) return Errno("cannot list", directory_);
  std::vector<std::string> names;
  while (const dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (absl::StartsWith(name, prefix_) && absl::EndsWith(name, suffix_) &&
        name.size() > prefix_.size() + suffix_.size()) {
      names.push_back(std::move(name));
    }
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status LogFollower::Start(std::string_view checkpoint) {
  file_.clear();
  inode_ = 0;
  offset_ = 0;
  if (checkpoint.empty()) return absl::OkStatus();
  nlohmann::json j =
      nlohmann::json::parse(checkpoint, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j["file"].is_string() ||
      !j["inode"].is_number_unsigned() || !j["offset"].is_number_unsigned()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a call-center checkpoint: ", std::string(checkpoint)));
  }
  file_ = j["file"].get<std::string>();
  inode_ = j["inode"].get<uint64_t>();
  offset_ = j["offset"].get<uint64_t>();
  // The same file under another name (renamed by a rotation tool)?
  ASSIGN_OR_RETURN(std::vector<std::string> names, ListFiles());
  for (const std::string& name : names) {
    struct stat st;
    if (stat(PathOf(name).c_str(), &st) == 0 && st.st_ino == inode_) {
      if (name != file_) {
        MDM_LOG_INFO("call-center log {} is now named {}", file_, name);
      }
      file_ = name;
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

std::string LogFollower::Checkpoint() const {
  if (file_.empty()) return "";
  return nlohmann::json{{"file", file_}, {"inode", inode_}, {"offset", offset_}}
      .dump();
}

absl::StatusOr<bool> LogFollower::Read(int max_lines, const LineFn& line,
                                       const LineFn& incomplete) {
  int lines = 0;
  while (lines < max_lines) {
    ASSIGN_OR_RETURN(std::vector<std::string> names, ListFiles());
    if (file_.empty()) {
      if (names.empty()) return true;
      file_ = names.front();
      inode_ = 0;
      offset_ = 0;
    }
    const auto next = std::upper_bound(names.begin(), names.end(), file_);
    const bool rotated = next != names.end();

    Fd fd(open(PathOf(file_).c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st;
    if (fd.get() < 0 || fstat(fd.get(), &st) != 0) {
      if (errno != ENOENT) return Errno("cannot open", PathOf(file_));
      // Removed (retention) before we finished: go on with the next file.
      if (!rotated) return true;
      MDM_LOG_WARN("call-center log {} vanished at offset {}", file_, offset_);
      file_ = *next;
      inode_ = 0;
      offset_ = 0;
      continue;
    }
    if (inode_ != 0 && static_cast<uint64_t>(st.st_ino) != inode_) {
      // Another file under the same name: a new file, read from its start.
      offset_ = 0;
    }
    inode_ = st.st_ino;
    if (static_cast<uint64_t>(st.st_size) < offset_) {
      MDM_LOG_WARN("call-center log {} shrank below offset {}; rereading it",
                   file_, offset_);
      offset_ = 0;
    }

    // Complete lines from offset_, chunk by chunk.
    std::string buffer;
    uint64_t buffer_start = offset_;
    bool at_eof = false;
    while (lines < max_lines) {
      size_t newline = buffer.find('\n');
      if (newline == std::string::npos) {
        if (at_eof) break;
        std::string chunk(kChunk, '\0');
        const ssize_t n =
            pread(fd.get(), chunk.data(), kChunk, buffer_start + buffer.size());
        if (n < 0) return Errno("cannot read", PathOf(file_));
        if (n == 0) at_eof = true;
        buffer.append(chunk.data(), n);
        continue;
      }
      const std::string origin = absl::StrCat(file_, ":", buffer_start);
      std::string_view text(buffer.data(), newline);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (!text.empty()) {
        line(text, origin);
        ++lines;
      }
      buffer_start += newline + 1;
      buffer.erase(0, newline + 1);
      offset_ = buffer_start;
    }
    if (lines >= max_lines) return false;
    // End of this file's complete lines.
    if (!rotated) return true;
    if (!buffer.empty()) {
      incomplete(buffer, absl::StrCat(file_, ":", buffer_start));
    }
    file_ = *next;
    inode_ = 0;
    offset_ = 0;
  }
  return false;
}

}  // namespace mdm::connectors::callcenter
