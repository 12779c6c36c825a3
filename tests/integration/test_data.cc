#include "tests/integration/test_data.h"

#include <regex>
#include <unordered_map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/integration/hub_process.h"

namespace mdm::integration {

absl::StatusOr<std::vector<CsvRow>> ParseCsv(const std::string& text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool in_quotes = false;
  bool row_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        in_quotes = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_quotes = true;
        row_started = true;
        break;
      case ',':
        row.push_back(std::move(field));
        field.clear();
        row_started = true;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;
        field += c;
        row_started = true;
        break;
      case '\n':
        row.push_back(std::move(field));
        field.clear();
        rows.push_back(std::move(row));
        row.clear();
        row_started = false;
        break;
      default:
        field += c;
        row_started = true;
    }
  }
  if (in_quotes) return absl::InvalidArgumentError("unterminated quote");
  if (row_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<Clustering> ParseClustering(const std::string& text,
                                           const std::string& header) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(text);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || absl::StrJoin(rows->front(), ",") != header) {
    return absl::InvalidArgumentError(
        absl::StrCat("header is not \"", header, "\""));
  }
  Clustering out;
  for (size_t i = 1; i < rows->size(); ++i) {
    const CsvRow& row = (*rows)[i];
    if (row.size() != 3 || row[0].empty() || row[1].empty() || row[2].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "row ", i,
          " is not three non-empty fields: ", absl::StrJoin(row, ",")));
    }
    if (!out.emplace(RecordKey(row[0], row[1]), row[2]).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate record ", row[0], "/", row[1]));
    }
  }
  return out;
}

PairwiseQuality ComparePairs(const Clustering& truth,
                             const Clustering& predicted) {
  // Pairs from cluster sizes: same-entity pairs, same-golden pairs and pairs
  // that share both.
  std::unordered_map<std::string, int64_t> by_entity, by_golden, by_both;
  int64_t singleton = 0;
  for (const auto& [key, entity] : truth) {
    ++by_entity[entity];
    auto it = predicted.find(key);
    // A record the hub does not know is a cluster of its own.
    std::string golden = it != predicted.end()
                             ? it->second
                             : absl::StrCat("\x01missing", singleton++);
    ++by_golden[golden];
    ++by_both[absl::StrCat(entity, "\x02", golden)];
  }
  auto pairs = [](const std::unordered_map<std::string, int64_t>& sizes) {
    int64_t n = 0;
    for (const auto& [unused, size] : sizes) n += size * (size - 1) / 2;
    return n;
  };
  PairwiseQuality q;
  const int64_t true_pairs = pairs(by_entity);
  const int64_t predicted_pairs = pairs(by_golden);
  q.true_positives = pairs(by_both);
  q.false_positives = predicted_pairs - q.true_positives;
  q.false_negatives = true_pairs - q.true_positives;
  q.precision = predicted_pairs == 0
                    ? 1.0
                    : static_cast<double>(q.true_positives) / predicted_pairs;
  q.recall = true_pairs == 0
                 ? 1.0
                 : static_cast<double>(q.true_positives) / true_pairs;
  q.f1 = q.precision + q.recall == 0
             ? 0
             : 2 * q.precision * q.recall / (q.precision + q.recall);
  return q;
}

std::optional<int64_t> SummaryCount(const std::string& summary,
                                    const std::string& label) {
  // "rows read:  36" or "(created 35, linked 1, ...".
  const std::regex re("(?:^|\\n|\\(|, )" + label + ":?[ ]+([0-9]+)",
                      std::regex::ECMAScript);
  std::smatch m;
  if (!std::regex_search(summary, m, re)) return std::nullopt;
  int64_t value = 0;
  if (!absl::SimpleAtoi(m[1].str(), &value)) return std::nullopt;
  return value;
}

std::string SampleCsv(const std::string& source) {
  return absl::StrCat(SourceDir(), "/tests/data/sample/", source, ".csv");
}

int LineContaining(const std::string& text, const std::string& needle) {
  const size_t pos = text.find(needle);
  if (pos == std::string::npos) return 0;
  int line = 1;
  for (size_t i = 0; i < pos; ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

}  // namespace mdm::integration
