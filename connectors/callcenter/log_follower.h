// Follows the interaction logs a telephony system writes: JSON-lines files in
// one directory, a new file per day (PREFIX-YYYYMMDD SUFFIX, so name order is
// time order), the newest one still growing.
//
// The position is (file name, inode, byte offset just after the last complete
// line read). It survives:
// - rotation: at the end of a file that is no longer the newest, reading
//   moves on to the next file by name, from offset 0;
// - a partial last line: a line counts only once its '\n' is written; the
//   newest file's unfinished tail is left for the next read. A rotated file
//   will not grow any more, so its unfinished tail is reported (dead letter)
//   instead of waiting for ever;
// - restarts: the position is found again by inode (even if the file was
//   renamed), else by name; a file removed by retention continues with the
//   next newer file. A file shorter than the position (truncated in place)
//   is read again from its start.
//
// Not thread-safe: one reader.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mdm::connectors::callcenter {

class LogFollower {
 public:
  LogFollower(std::string directory, std::string prefix, std::string suffix);

  // Restores the position from Checkpoint()'s bytes (empty: the oldest file,
  // from its start). InvalidArgument for bytes that are not a checkpoint.
  absl::Status Start(std::string_view checkpoint);

  // Called with each complete line (without '\n') and where it starts
  // ("calls-20240501.jsonl:1234"); `incomplete` with the unfinished tail of a
  // rotated file.
  using LineFn =
      std::function<void(std::string_view line, const std::string& origin)>;

  // Reads up to `max_lines` complete lines after the position, advancing it.
  // True when it stopped because there is nothing more to read now.
  // Unavailable when the directory or a file cannot be read (the position
  // is then where the last complete line ended: retrying is safe).
  absl::StatusOr<bool> Read(int max_lines, const LineFn& line,
                            const LineFn& incomplete);

  // The position as opaque bytes (JSON: {"file":..,"inode":..,"offset":..}).
  std::string Checkpoint() const;

 private:
  // Log files in name order.
  absl::StatusOr<std::vector<std::string>> ListFiles() const;
  std::string PathOf(const std::string& name) const;

  const std::string directory_, prefix_, suffix_;
  std::string file_;  // empty: no file seen yet
  uint64_t inode_ = 0;
  uint64_t offset_ = 0;
};

}  // namespace mdm::connectors::callcenter
