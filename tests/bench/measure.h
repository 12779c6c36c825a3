// What the benchmarks measure with: elapsed wall time, and the resident
// memory of the benchmark process (the hub runs in it) for the per-record
// memory figures.
#pragma once

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>

namespace mdm::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Resident set size of this process, from /proc (0 when unreadable).
inline int64_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stoll(line.substr(6)) * 1024;  // "VmRSS:   1234 kB"
    }
  }
  return 0;
}

}  // namespace mdm::bench
