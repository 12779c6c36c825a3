// mdm-gen-csv: writes synthetic customers as canonical import CSVs
// (DESIGN.md section 8), one file per source, plus truth.csv
// (source,source_record_id,entity) for scoring with
// tests/bench/febrl/xref_f1.py.
//
//   mdm-gen-csv --out DIR [--count N] [--seed S] [--duplicate-rate R]
//               [--org-share X] [--bad-value-rate B] [--name-typo-rate T]
//               [--sources erp,finance,callcenter] [--no-shuffle]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tests/bench/gen/record_generator.h"

namespace {

constexpr const char* kUsage =
    "usage: mdm-gen-csv --out DIR [--count N] [--seed S] [--duplicate-rate R]\n"
    "                   [--org-share X] [--bad-value-rate B]\n"
    "                   [--name-typo-rate T]\n"
    "                   [--sources erp,finance,callcenter] [--no-shuffle]\n"
    "Writes DIR/<source>.csv (canonical import CSV) and DIR/truth.csv.\n";

[[noreturn]] void Usage(const char* error) {
  if (error != nullptr) std::fprintf(stderr, "mdm-gen-csv: %s\n", error);
  std::fputs(kUsage, stderr);
  std::exit(2);
}

// RFC 4180: quote when the field holds a comma, quote, CR or LF.
void AppendField(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string Join(const google::protobuf::RepeatedPtrField<std::string>& vs) {
  std::string s;
  for (const std::string& v : vs) {
    if (!s.empty()) s.push_back(';');
    s += v;
  }
  return s;
}

// ISO 8601 in China Standard Time, e.g. 2024-11-18T14:22:05+08:00.
std::string Timestamp(int64_t seconds) {
  using namespace std::chrono;
  const sys_seconds t{std::chrono::seconds{seconds + 8 * 3600}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[64];
  std::snprintf(
      buf, sizeof(buf), "%04d-%02u-%02uT%02ld:%02ld:%02ld+08:00",
      static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
      static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
      static_cast<long>(hms.minutes().count()),
      static_cast<long>(hms.seconds().count()));
  return buf;
}

bool WriteFile(const std::filesystem::path& path, const std::string& data) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  mdm::bench::GenOptions options;
  options.count = 1000;
  std::string out_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage("missing value");
      return argv[++i];
    };
    try {
      if (arg == "--out") {
        out_dir = value();
      } else if (arg == "--count") {
        options.count = std::stoll(value());
      } else if (arg == "--seed") {
        options.seed = std::stoull(value());
      } else if (arg == "--duplicate-rate") {
        options.duplicate_rate = std::stod(value());
      } else if (arg == "--org-share") {
        options.org_share = std::stod(value());
      } else if (arg == "--bad-value-rate") {
        options.bad_value_rate = std::stod(value());
      } else if (arg == "--name-typo-rate") {
        options.name_typo_rate = std::stod(value());
      } else if (arg == "--sources") {
        options.sources.clear();
        const std::string list = value();
        size_t start = 0;
        while (start <= list.size()) {
          const size_t comma = std::min(list.find(',', start), list.size());
          if (comma > start) {
            options.sources.push_back(list.substr(start, comma - start));
          }
          start = comma + 1;
        }
      } else if (arg == "--no-shuffle") {
        options.shuffle = false;
      } else if (arg == "--help" || arg == "-h") {
        std::fputs(kUsage, stdout);
        return 0;
      } else {
        Usage(("unknown argument " + std::string(arg)).c_str());
      }
    } catch (const std::exception&) {
      Usage(("bad value for " + std::string(arg)).c_str());
    }
  }
  if (out_dir.empty()) Usage("--out is required");
  if (options.sources.empty()) Usage("--sources is empty");
  if (options.count < 0) Usage("--count must not be negative");

  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const mdm::bench::GeneratedRecords gen = mdm::bench::GenerateRecords(options);
  const double cpu_ms =
      1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const double gen_ms = std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - start)
                            .count();

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "mdm-gen-csv: cannot create %s: %s\n", out_dir.c_str(),
                 ec.message().c_str());
    return 1;
  }

  // Attribute columns per source: the union of keys, sorted.
  std::map<std::string, std::set<std::string>> attr_keys;
  std::map<std::string, std::string> files;
  for (const std::string& s : options.sources) attr_keys[s];
  for (const auto& rec : gen.records) {
    for (const auto& [key, value] : rec.attributes()) {
      attr_keys[rec.source()].insert(key);
    }
  }
  for (const auto& [source, keys] : attr_keys) {
    std::string& f = files[source];
    f = "source_record_id,kind,name,national_id,birth_date,gender,phones,"
        "emails,address,city,region,postal_code,country,updated_at";
    for (const std::string& k : keys) {
      f.push_back(',');
      AppendField(f, "attr." + k);
    }
    f.push_back('\n');
  }

  std::string truth = "source,source_record_id,entity\n";
  std::map<std::string, int64_t> per_source;
  for (size_t i = 0; i < gen.records.size(); ++i) {
    const auto& r = gen.records[i];
    std::string& f = files[r.source()];
    const auto& a = r.address();
    const std::string fields[] = {
        r.source_record_id(),
        r.kind() == mdm::v1::ORGANIZATION ? "organization" : "person",
        r.name(),
        r.national_id(),
        r.birth_date(),
        r.gender() == mdm::v1::MALE     ? "M"
        : r.gender() == mdm::v1::FEMALE ? "F"
                                        : "",
        Join(r.phones()),
        Join(r.emails()),
        a.address_line(),
        a.city(),
        a.region(),
        a.postal_code(),
        a.country(),
        r.has_updated_at() ? Timestamp(r.updated_at().seconds()) : "",
    };
    bool first = true;
    for (const std::string& v : fields) {
      if (!first) f.push_back(',');
      first = false;
      AppendField(f, v);
    }
    for (const std::string& k : attr_keys[r.source()]) {
      f.push_back(',');
      const auto it = r.attributes().find(k);
      if (it != r.attributes().end()) AppendField(f, it->second);
    }
    f.push_back('\n');

    AppendField(truth, r.source());
    truth.push_back(',');
    AppendField(truth, r.source_record_id());
    truth += "," + std::to_string(gen.truth[i]) + "\n";
    ++per_source[r.source()];
  }

  const std::filesystem::path dir(out_dir);
  for (const auto& [source, data] : files) {
    if (!WriteFile(dir / (source + ".csv"), data)) {
      std::fprintf(stderr, "mdm-gen-csv: cannot write %s.csv\n",
                   source.c_str());
      return 1;
    }
  }
  if (!WriteFile(dir / "truth.csv", truth)) {
    std::fprintf(stderr, "mdm-gen-csv: cannot write truth.csv\n");
    return 1;
  }

  std::fprintf(stderr, "mdm-gen-csv: %zu records, %lld entities (",
               gen.records.size(), static_cast<long long>(gen.entity_count));
  bool first = true;
  for (const auto& [source, n] : per_source) {
    std::fprintf(stderr, "%s%s %lld", first ? "" : ", ", source.c_str(),
                 static_cast<long long>(n));
    first = false;
  }
  std::fprintf(stderr, ") generated in %.1f ms (%.1f ms CPU) -> %s\n", gen_ms,
               cpu_ms, out_dir.c_str());
  return 0;
}
