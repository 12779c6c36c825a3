// Reads the hub's Prometheus endpoint the way a Prometheus server does: a
// plain HTTP GET of /metrics, then the text exposition format parsed into
// samples that tests can query by name and labels.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace mdm::integration {

// GET http://127.0.0.1:PORT/PATH (HTTP/1.0, no keep-alive). The body of a 200
// answer; any other status, or a connection failure, is an error.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parses the text format (version 0.0.4): one sample per line, '#' lines
// skipped. Fails on a line it cannot read.
absl::StatusOr<std::vector<Sample>> ParseMetrics(const std::string& text);

// The samples named `name` whose labels include all of `labels`.
std::vector<Sample> Select(const std::vector<Sample>& samples,
                           const std::string& name,
                           const std::map<std::string, std::string>& labels);

// The value of the one sample Select() finds; NotFound when there is none,
// FailedPrecondition when there are several.
absl::StatusOr<double> ValueOf(
    const std::vector<Sample>& samples, const std::string& name,
    const std::map<std::string, std::string>& labels);

}  // namespace mdm::integration
