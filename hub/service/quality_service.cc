#include "hub/service/quality_service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/service/dead_ids.h"
#include "hub/service/quality_codec.h"

namespace mdm::service {
namespace {

constexpr char kQualityKind[] = "quality";
constexpr char kVerdictKind[] = "verdict";
constexpr int kPage = 500;
constexpr double kZ95 = 1.959964;

// Zero-padded so that keys sort as numbers.
std::string Padded(uint64_t n) { return absl::StrFormat("%020u", n); }

std::string VerdictPrefix(uint64_t seed) {
  return absl::StrCat(Padded(seed), "/");
}

// Every item of `kind` under `prefix`, in key order.
absl::StatusOr<std::vector<InsightItem>> ListAll(InsightStore& items,
                                                 const std::string& kind,
                                                 const std::string& prefix) {
  std::vector<InsightItem> out;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<InsightItem> page,
                     items.List(kind, prefix, after, kPage));
    for (InsightItem& i : page) out.push_back(std::move(i));
    if (static_cast<int>(page.size()) < kPage) return out;
    after = out.back().key;
  }
}

}  // namespace

absl::StatusOr<insight::QualityReport> QualityService::Report(bool snapshot) {
  const int64_t now = clock_->NowMicros();
  insight::QualityAccumulator acc(insight::QualityOptions{}, now);
  RETURN_IF_ERROR(store_->ForEachRecord([&](const StoredRecord& r) {
    acc.Add(r);
    return absl::OkStatus();
  }));
  insight::QualityReport report = acc.Finish();
  if (snapshot) {
    RETURN_IF_ERROR(items_->Put(
        {kQualityKind, Padded(now), EncodeQualityReport(report), now}));
  }
  return report;
}

absl::StatusOr<std::vector<insight::QualityReport>> QualityService::History() {
  ASSIGN_OR_RETURN(std::vector<InsightItem> items,
                   ListAll(*items_, kQualityKind, ""));
  std::vector<insight::QualityReport> out;
  for (const InsightItem& item : items) {
    ASSIGN_OR_RETURN(insight::QualityReport r, DecodeQualityReport(item.data));
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<Sample> QualityService::DrawSample(uint64_t seed, int size) {
  if (size <= 0 || size > kMaxSampleSize) {
    return FieldError("size", absl::StrCat("1 to ", kMaxSampleSize));
  }
  // Dead customers are not live: they are never drawn.
  const absl::flat_hash_set<std::string> dead = DeadGoldenIds(*resolution_);
  std::set<std::string> ids;
  RETURN_IF_ERROR(store_->ForEachRecord([&](const StoredRecord& r) {
    if (!dead.contains(r.golden_id)) ids.insert(r.golden_id);
    return absl::OkStatus();
  }));
  const std::vector<std::string> population(ids.begin(), ids.end());
  Sample sample;
  sample.seed = seed;
  sample.population = static_cast<int>(population.size());
  for (const std::string& id : insight::DrawSample(population, seed, size)) {
    ASSIGN_OR_RETURN(GoldenRecord golden, resolution_->GetGolden(id));
    ASSIGN_OR_RETURN(std::vector<StoredRecord> records,
                     resolution_->ListEntityRecords(id, {}, kPage));
    sample.customers.push_back(std::move(golden));
    sample.records.push_back(std::move(records));
  }
  return sample;
}

absl::StatusOr<VerdictEntry> QualityService::RecordVerdict(
    VerdictEntry verdict) {
  if (verdict.golden_id.empty()) return FieldError("golden_id", "required");
  verdict.golden_id = std::string(StripCustomerPrefix(verdict.golden_id));
  verdict.recorded_at_us = clock_->NowMicros();
  nlohmann::json j = {{"correct", verdict.correct},
                      {"note", verdict.note},
                      {"inspector", verdict.inspector}};
  RETURN_IF_ERROR(items_->Put({kVerdictKind,
                               VerdictPrefix(verdict.seed) + verdict.golden_id,
                               j.dump(), verdict.recorded_at_us}));
  return verdict;
}

absl::StatusOr<InspectionSummary> QualityService::Inspection(uint64_t seed) {
  const std::string prefix = VerdictPrefix(seed);
  ASSIGN_OR_RETURN(std::vector<InsightItem> items,
                   ListAll(*items_, kVerdictKind, prefix));
  InspectionSummary out;
  out.seed = seed;
  for (const InsightItem& item : items) {
    nlohmann::json j = nlohmann::json::parse(item.data, nullptr, false);
    if (!j.is_object()) {
      return absl::InternalError(absl::StrCat("bad verdict item ", item.key));
    }
    VerdictEntry v{seed,
                   item.key.substr(prefix.size()),
                   j.value("correct", true),
                   j.value("note", ""),
                   j.value("inspector", ""),
                   item.at_us};
    ++out.inspected;
    if (!v.correct) ++out.errors;
    out.verdicts.push_back(std::move(v));
  }
  out.error_rate =
      out.inspected > 0 ? static_cast<double>(out.errors) / out.inspected : 0;
  out.interval = insight::WilsonInterval(out.errors, out.inspected, kZ95);
  return out;
}

}  // namespace mdm::service
