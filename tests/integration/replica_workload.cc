#include "tests/integration/replica_workload.h"

#include <algorithm>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "clients/mdmctl/csv_writer.h"
#include "tests/integration/hub_process.h"

namespace mdm::integration {
namespace {

constexpr char kRevisionColumn[] = "attr.revision";
// How much older the older version is.
constexpr absl::Duration kVersionGap = absl::Hours(24 * 30);
// The older version arrives within this distance (in arrival time) of the
// newer one, before or after it.
constexpr double kVersionSpread = 0.002;

// Draws from one std::mt19937_64 without std:: distributions, whose
// algorithms differ between standard libraries: the same seed gives the same
// streams everywhere.
class Dice {
 public:
  explicit Dice(uint64_t seed) : rng_(seed) {}
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  int Below(int n) {
    return static_cast<int>(rng_() % static_cast<uint64_t>(n));
  }
  // One of 0..n-1 other than `i`.
  int Other(int i, int n) { return (i + 1 + Below(n - 1)) % n; }

 private:
  std::mt19937_64 rng_;
};

void SortByArrival(std::vector<Delivery>& stream) {
  std::stable_sort(
      stream.begin(), stream.end(),
      [](const Delivery& a, const Delivery& b) { return a.at < b.at; });
}

absl::StatusOr<int> ColumnIndex(const CsvRow& header, const std::string& name,
                                const std::string& file) {
  auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, " has no column ", name));
  }
  return static_cast<int>(it - header.begin());
}

}  // namespace

absl::StatusOr<Workload> BuildWorkload(const std::string& dir,
                                       const std::vector<std::string>& sources,
                                       const WorkloadOptions& options) {
  if (options.streams < 2) return absl::InvalidArgumentError("need 2+ streams");
  Dice dice(options.seed);
  Workload w;
  w.streams.resize(options.streams);
  const absl::TimeZone source_zone = absl::FixedTimeZone(8 * 3600);
  for (const std::string& source : sources) {
    const std::string file = absl::StrCat(dir, "/", source, ".csv");
    absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(ReadFileOrEmpty(file));
    if (!rows.ok()) return rows.status();
    if (rows->size() < 2) {
      return absl::InvalidArgumentError(absl::StrCat(file, " has no rows"));
    }
    CsvRow header = (*rows)[0];
    absl::StatusOr<int> id_col = ColumnIndex(header, "source_record_id", file);
    if (!id_col.ok()) return id_col.status();
    absl::StatusOr<int> updated_col = ColumnIndex(header, "updated_at", file);
    if (!updated_col.ok()) return updated_col.status();
    header.push_back(kRevisionColumn);

    for (size_t i = 1; i < rows->size(); ++i) {
      CsvRow fields = (*rows)[i];
      if (fields.size() + 1 != header.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat(file, " row ", i, " has ", fields.size(), " fields"));
      }
      const RecordKey key(source, fields[*id_col]);
      if (!w.records.insert(key).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(file, " repeats ", key.second));
      }
      CsvRow older = fields;
      fields.push_back("new");
      const double at = dice.Unit();
      const int stream = dice.Below(options.streams);
      w.streams[stream].push_back({source, fields, at});

      absl::Time updated;
      std::string error;
      const bool has_time = absl::ParseTime(
          absl::RFC3339_full, fields[*updated_col], &updated, &error);
      if (dice.Unit() < options.same_record_share) {
        w.streams[dice.Other(stream, options.streams)].push_back(
            {source, fields, at});
        ++w.same_record_count;
      } else if (has_time && dice.Unit() < options.two_version_share) {
        older[*updated_col] = absl::FormatTime(
            absl::RFC3339_sec, updated - kVersionGap, source_zone);
        older.push_back("old");
        const double older_at = std::clamp(
            at + (dice.Unit() - 0.5) * kVersionSpread, 0.0, 0.999999);
        w.streams[dice.Other(stream, options.streams)].push_back(
            {source, older, older_at});
        w.newest_updated_at[key] = absl::ToUnixSeconds(updated);
      }
    }
    w.headers[source] = std::move(header);
  }
  for (std::vector<Delivery>& stream : w.streams) SortByArrival(stream);
  return w;
}

std::vector<Delivery> SingleStream(const Workload& workload, uint64_t seed) {
  Dice dice(seed);
  std::vector<Delivery> all;
  for (const std::vector<Delivery>& stream : workload.streams) {
    for (const Delivery& d : stream) {
      all.push_back(d);
      all.back().at = dice.Unit();
    }
  }
  SortByArrival(all);
  return all;
}

absl::StatusOr<std::vector<ImportFile>> WriteImportFiles(
    const std::string& dir, const std::string& prefix,
    const std::map<std::string, CsvRow>& headers,
    const std::vector<Delivery>& stream, int chunk_rows) {
  std::vector<ImportFile> files;
  for (size_t start = 0, chunk = 0; start < stream.size();
       start += chunk_rows, ++chunk) {
    const size_t end = std::min(stream.size(), start + chunk_rows);
    for (const auto& [source, header] : headers) {
      std::vector<const CsvRow*> rows;
      for (size_t i = start; i < end; ++i) {
        if (stream[i].source == source) rows.push_back(&stream[i].fields);
      }
      if (rows.empty()) continue;
      const std::string path =
          absl::StrFormat("%s/%s-%04d-%s.csv", dir, prefix, chunk, source);
      std::ofstream out(path, std::ios::binary);
      csv::WriteRow(out, header);
      for (const CsvRow* row : rows) csv::WriteRow(out, *row);
      out.close();
      if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
      files.push_back({source, path});
    }
  }
  return files;
}

}  // namespace mdm::integration
