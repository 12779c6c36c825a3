// Helpers shared by the integration tests: reading CSV (DESIGN.md §8),
// mdmctl's import summary, and pairwise linkage quality.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace mdm::integration {

using CsvRow = std::vector<std::string>;

// Parses RFC 4180 text (LF or CRLF line ends, quoted fields may hold
// separators, doubled quotes and line breaks). The header is row 0. Fails on
// an unterminated quote.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(const std::string& text);

// (source, source_record_id) -> label (golden id or truth entity).
using RecordKey = std::pair<std::string, std::string>;
using Clustering = std::map<RecordKey, std::string>;

// Reads rows of a three-column CSV "source,source_record_id,X" (the header
// must equal `header`) into a clustering; fails on duplicates or bad rows.
absl::StatusOr<Clustering> ParseClustering(const std::string& text,
                                           const std::string& header);

struct PairwiseQuality {
  int64_t true_positives = 0;
  int64_t false_positives = 0;
  int64_t false_negatives = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// Pairwise precision/recall of `predicted` against `truth` over the records of
// `truth` (records missing from `predicted` count as singletons).
PairwiseQuality ComparePairs(const Clustering& truth,
                             const Clustering& predicted);

// The number after "LABEL:" in mdmctl's import summary ("rows read",
// "accepted", "rejected", "warnings") or inside the parentheses after
// accepted ("created", "linked", "merged", "updated", "unchanged",
// "stale"); nullopt when absent.
std::optional<int64_t> SummaryCount(const std::string& summary,
                                    const std::string& label);

// SourceDir() + "/tests/data/sample/" + source + ".csv".
std::string SampleCsv(const std::string& source);

// The physical 1-based line on which the first line containing `needle`
// starts (lines end at LF); 0 when not found.
int LineContaining(const std::string& text, const std::string& needle);

}  // namespace mdm::integration
