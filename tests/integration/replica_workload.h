// The input of the replica test: generated customers (mdm-gen-csv CSVs) dealt
// into concurrent import streams (one per hub in the replica test) so that
// the streams race on the same customers.
//
// Every delivery of a row gets an arrival time in [0, 1); a stream is its
// deliveries sorted by that time, so a stream is a shuffle and two deliveries
// with nearly the same time arrive at about the same moment (the
// streams are of equal length and ingest at similar rates). Besides the
// customers whose records are spread over several streams anyway:
//  - some records are sent, identical, in two streams at the same time;
//  - some records come in two versions (the older `updated_at` a month
//    earlier) sent in two different streams at about the same time, in either
//    order.
// Every row carries a column `attr.revision` ("new" for the version that must
// survive, "old" for the older one) so a lost update is visible on the stored
// record. The versions differ in nothing else, so matching cannot depend on
// which one arrived first.
//
// Deterministic for a given seed. Not thread-safe; plain data once built.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/integration/test_data.h"

namespace mdm::integration {

struct Delivery {
  std::string source;
  CsvRow fields;  // in the order of the source's header
  double at = 0;  // arrival time in [0, 1)
};

struct WorkloadOptions {
  int streams = 3;  // at least 2
  // Share of records also sent, identical, in a second stream at the same
  // time.
  double same_record_share = 0.2;
  // Share of records (with an updated_at) also sent in an older version to a
  // different stream at about the same time.
  double two_version_share = 0.1;
  uint64_t seed = 1;
};

struct Workload {
  // Header per source: the generated columns plus "attr.revision".
  std::map<std::string, CsvRow> headers;
  // streams[i]: the deliveries of stream i, in arrival order.
  std::vector<std::vector<Delivery>> streams;
  // Every record of the input.
  std::set<RecordKey> records;
  // updated_at (Unix seconds) of the newest version of every record sent in
  // two versions: what the store must hold at the end.
  std::map<RecordKey, int64_t> newest_updated_at;
  int64_t same_record_count = 0;
};

// Reads DIR/<source>.csv for each source (as written by mdm-gen-csv) and deals
// the rows into options.streams streams.
absl::StatusOr<Workload> BuildWorkload(const std::string& dir,
                                       const std::vector<std::string>& sources,
                                       const WorkloadOptions& options);

// All deliveries of `workload` in one stream, in an order of its own (a
// shuffle drawn from `seed`): the same data for a single hub.
std::vector<Delivery> SingleStream(const Workload& workload, uint64_t seed);

// One `mdmctl import` call: a CSV file of one source.
struct ImportFile {
  std::string source;
  std::string path;
};

// Writes `stream` as import files under `dir` (names start with `prefix`):
// the stream is cut into chunks of `chunk_rows` deliveries, and each chunk
// into one file per source (mdmctl imports one source per call), keeping the
// arrival order within each file. Importing the files in the returned order
// replays the stream chunk by chunk.
absl::StatusOr<std::vector<ImportFile>> WriteImportFiles(
    const std::string& dir, const std::string& prefix,
    const std::map<std::string, CsvRow>& headers,
    const std::vector<Delivery>& stream, int chunk_rows);

}  // namespace mdm::integration
