// ResolutionService: survivorship rules in force, persisted in the store and
// changed as one transaction with the golden records they recompute.
#include "absl/synchronization/notification.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"
#include "hub/service/resolution_batch.h"
#include "hub/service/resolution_service.h"

namespace mdm::service {
namespace {

// Store settings (ChangeSet::settings): the rules in force as canonical JSON,
// and the text of the rules file last applied at start.
constexpr char kRulesSetting[] = "survivorship_rules";
constexpr char kRulesFileSetting[] = "survivorship_rules_file";

}  // namespace

absl::Status ResolutionService::LoadRules() {
  ASSIGN_OR_RETURN(std::optional<std::string> text,
                   store_->GetSetting(kRulesSetting));
  if (!text) {
    survivorship_rules_ = golden::DefaultRules();
    return absl::OkStatus();
  }
  absl::StatusOr<golden::SurvivorshipRules> rules = golden::ParseRules(*text);
  if (!rules.ok()) {
    return absl::DataLossError(absl::StrCat(
        "stored survivorship rules do not parse: ", rules.status().message()));
  }
  survivorship_rules_ = *std::move(rules);
  return absl::OkStatus();
}

golden::SurvivorshipRules ResolutionService::GetSurvivorshipRules() {
  absl::MutexLock lock(&mu_);
  return survivorship_rules_;
}

absl::Status ResolutionService::RulesLocked(Batch& batch) {
  survivorship_rules_ = *batch.new_rules;
  ChangeSet& cs = batch.Begin();
  cs.settings = batch.rules_settings;
  cs.time_us = clock_->NowMicros();
  std::vector<std::string> ids = index_.EntityIds();
  std::sort(ids.begin(), ids.end());  // the same change set on every run
  for (const std::string& id : ids) {
    const size_t before = cs.upsert_entities.size();
    RETURN_IF_ERROR(Recompute(id, batch, {}));
    batch.recomputed +=
        static_cast<int64_t>(cs.upsert_entities.size() - before);
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ResolutionService::RunRulesBatch(
    std::unique_ptr<Batch> batch) {
  absl::Notification finished;
  absl::Status status;
  int64_t recomputed = 0;
  batch->done = [&](absl::Status s, Batch& b) {
    status = s;
    recomputed = b.recomputed;
    finished.Notify();
  };
  LockForResolution();
  ResolveAndEnqueue(std::move(batch));
  mu_.Unlock();
  finished.WaitForNotification();
  if (!status.ok()) {
    // Not committed: the rules in force are still the stored ones.
    absl::MutexLock lock(&mu_);
    RETURN_IF_ERROR(LoadRules());
    return status;
  }
  return recomputed;
}

absl::StatusOr<int64_t> ResolutionService::SetSurvivorshipRules(
    golden::SurvivorshipRules rules) {
  auto batch = std::make_unique<Batch>();
  batch->rules_settings = {{kRulesSetting, golden::FormatRules(rules)}};
  batch->new_rules = std::move(rules);
  return RunRulesBatch(std::move(batch));
}

absl::Status ResolutionService::ApplyRulesFile(const std::string& text) {
  ASSIGN_OR_RETURN(golden::SurvivorshipRules rules, golden::ParseRules(text));
  ASSIGN_OR_RETURN(std::optional<std::string> last,
                   store_->GetSetting(kRulesFileSetting));
  if (last && *last == text) return absl::OkStatus();
  auto batch = std::make_unique<Batch>();
  batch->rules_settings = {{kRulesSetting, golden::FormatRules(rules)},
                           {kRulesFileSetting, text}};
  batch->new_rules = std::move(rules);
  ASSIGN_OR_RETURN(int64_t recomputed, RunRulesBatch(std::move(batch)));
  MDM_LOG_INFO("survivorship rules file applied: {} golden records changed",
               recomputed);
  return absl::OkStatus();
}

}  // namespace mdm::service
