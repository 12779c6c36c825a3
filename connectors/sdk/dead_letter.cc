#include "connectors/sdk/dead_letter.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace mdm::connectors {

absl::StatusOr<std::unique_ptr<DeadLetterFile>> DeadLetterFile::Open(
    const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "ae");
  if (file == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot open dead-letter file ", path, ": ", std::strerror(errno)));
  }
  return std::unique_ptr<DeadLetterFile>(new DeadLetterFile(file));
}

DeadLetterFile::~DeadLetterFile() { std::fclose(file_); }

absl::Status DeadLetterFile::Write(const std::string& connector,
                                   const DeadLetter& letter, int64_t now_us) {
  nlohmann::json j = {
      {"time", absl::FormatTime(absl::RFC3339_sec, absl::FromUnixMicros(now_us),
                                absl::UTCTimeZone())},
      {"connector", connector},
      {"origin", letter.origin},
      {"reason", letter.reason},
      {"raw", letter.raw}};
  const std::string line =
      j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) {
    return absl::UnavailableError(absl::StrCat(
        "cannot write the dead-letter file: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status DeadLetterFile::Sync() {
  if (std::fflush(file_) != 0 || fsync(fileno(file_)) != 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot flush the dead-letter file: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace mdm::connectors
