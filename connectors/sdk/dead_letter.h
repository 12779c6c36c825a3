// The dead-letter file: one JSON object per line for every row a connector
// could not deliver (unmappable in the source, or refused by the hub), with
// the reason, so that the rest of the data keeps flowing and a human can fix
// the rows later. Appended and flushed before the checkpoint that skips the
// rows is committed; a crash in between writes them again on replay, so an
// entry may appear twice but is never lost.
//
// Not thread-safe (the runner writes from one thread).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "connectors/sdk/source.h"

namespace mdm::connectors {

class DeadLetterFile {
 public:
  // Opens `path` for appending (created if missing).
  static absl::StatusOr<std::unique_ptr<DeadLetterFile>> Open(
      const std::string& path);
  ~DeadLetterFile();

  // {"time":"...","connector":"...","origin":"...","reason":"...","raw":"..."}
  // Bytes that are not UTF-8 in `raw` are replaced (the line stays JSON).
  absl::Status Write(const std::string& connector, const DeadLetter& letter,
                     int64_t now_us);
  // Flushes to the operating system and to disk.
  absl::Status Sync();

 private:
  explicit DeadLetterFile(std::FILE* file) : file_(file) {}
  std::FILE* file_;
};

}  // namespace mdm::connectors
