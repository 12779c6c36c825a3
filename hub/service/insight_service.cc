#include "hub/service/insight_service.h"

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/service/dead_ids.h"

namespace mdm::service {
namespace {

constexpr char kFlagKind[] = "flag";
// Xrefs one ListSegment call looks at before it returns a short page.
constexpr int kSegmentScanBudget = 5000;
constexpr int kXrefPage = 500;

std::string FlagPrefix(const std::string& golden_id) {
  return absl::StrCat(golden_id, "/");
}

bool ValidFlagName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

absl::StatusOr<insight::Flag> DecodeFlag(const InsightItem& item) {
  nlohmann::json j = nlohmann::json::parse(item.data, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InternalError(absl::StrCat("bad flag item ", item.key));
  }
  insight::Flag f;
  f.name = item.key.substr(item.key.find('/') + 1);
  f.value = j.value("value", "");
  f.reason = j.value("reason", "");
  f.set_by = j.value("set_by", "");
  f.set_at_us = item.at_us;
  f.origin = insight::FlagOrigin::kSteward;
  return f;
}

}  // namespace

// The best match and at most this many others, named as also matching.
constexpr int kProfileCandidates = 10;

absl::StatusOr<CustomerProfile> InsightService::GetProfile(
    const ProfileLookup& lookup) {
  const int given =
      !lookup.golden_id.empty() + !lookup.phone.empty() + !lookup.name.empty();
  if (given != 1) {
    return FieldError("lookup", "give exactly one of golden_id, phone, name");
  }
  if (!lookup.golden_id.empty()) {
    ASSIGN_OR_RETURN(GoldenRecord golden,
                     resolution_->GetGolden(lookup.golden_id));
    // By id a dead customer stays readable, marked as such.
    ASSIGN_OR_RETURN(std::optional<DeadMark> dead,
                     resolution_->DeadMarkOf(golden.golden_id));
    ASSIGN_OR_RETURN(CustomerProfile profile, Evaluate(std::move(golden)));
    profile.dead = std::move(dead);
    return profile;
  }
  // "Who is calling?": the customer the phone or name matches best, by the
  // same evidence resolution uses, not the first of every customer sharing
  // a blocking key. Resolve leaves the dead out.
  SourceRecord probe;
  if (!lookup.phone.empty()) probe.phones = {lookup.phone};
  probe.name = lookup.name;
  const char* field = lookup.phone.empty() ? "name" : "phone";
  absl::StatusOr<ResolutionService::Resolution> resolved =
      resolution_->Resolve(probe, kProfileCandidates);
  if (absl::IsInvalidArgument(resolved.status())) {
    // Refused as the probe's "record.name" / "record.phones[0]": name the
    // lookup field the caller sent instead.
    absl::string_view why = resolved.status().message();
    if (size_t at = why.find(": "); at != absl::string_view::npos) {
      why.remove_prefix(at + 2);
    }
    return FieldError(field, why);
  }
  if (!resolved.ok()) return resolved.status();
  ResolutionService::Resolution& found = *resolved;
  if (found.candidates.empty()) {
    return WithField(absl::NotFoundError("no customer matches"), field);
  }
  std::vector<std::string> others;
  for (size_t i = 1; i < found.candidates.size(); ++i)
    others.push_back(found.candidates[i].golden_id);
  ASSIGN_OR_RETURN(CustomerProfile profile,
                   Evaluate(std::move(found.candidates.front().golden)));
  profile.other_matches = std::move(others);
  return profile;
}

absl::StatusOr<CustomerProfile> InsightService::Evaluate(GoldenRecord golden) {
  std::vector<RecordFactCache::Facts> parts;
  size_t total = 0;
  for (const RecordKey& member : golden.members) {
    ASSIGN_OR_RETURN(RecordFactCache::Facts f, facts_->RecordFacts(member));
    total += f->size();
    parts.push_back(std::move(f));
  }
  std::vector<Fact> facts;
  facts.reserve(total);
  for (const auto& part : parts)
    facts.insert(facts.end(), part->begin(), part->end());
  ASSIGN_OR_RETURN(std::vector<insight::Flag> flags, StewardFlags(golden));
  CustomerProfile out;
  out.insight =
      insight::Evaluate(golden, facts, flags, clock_->NowMicros(), rules_);
  out.golden = std::move(golden);
  return out;
}

absl::StatusOr<std::vector<insight::Flag>> InsightService::StewardFlags(
    const GoldenRecord& golden) {
  // Flags set on ids merged into this one follow the survivor.
  std::vector<std::string> ids = golden.merged_ids;
  ids.push_back(golden.golden_id);
  std::vector<insight::Flag> out;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(std::vector<InsightItem> items,
                     items_->List(kFlagKind, FlagPrefix(id), "", 100));
    for (const InsightItem& item : items) {
      ASSIGN_OR_RETURN(insight::Flag f, DecodeFlag(item));
      out.push_back(std::move(f));
    }
  }
  return out;
}

absl::StatusOr<insight::Flag> InsightService::SetFlag(
    const FlagUpdate& update) {
  if (!ValidFlagName(update.name)) {
    return FieldError("name", "1 to 64 letters, digits, '_' or '-'");
  }
  ASSIGN_OR_RETURN(GoldenRecord golden,
                   resolution_->GetGolden(update.golden_id));
  insight::Flag flag{
      update.name,   update.value,  insight::FlagOrigin::kSteward,
      update.reason, update.set_by, clock_->NowMicros()};
  const std::string key = FlagPrefix(golden.golden_id) + update.name;
  if (update.value.empty()) {
    // Clearing removes it wherever it was set: on this id or a merged one.
    RETURN_IF_ERROR(items_->Delete(kFlagKind, key));
    for (const std::string& id : golden.merged_ids) {
      RETURN_IF_ERROR(items_->Delete(kFlagKind, FlagPrefix(id) + update.name));
    }
    return flag;
  }
  nlohmann::json j = {{"value", update.value},
                      {"reason", update.reason},
                      {"set_by", update.set_by}};
  RETURN_IF_ERROR(items_->Put({kFlagKind, key, j.dump(), flag.set_at_us}));
  return flag;
}

absl::StatusOr<std::optional<RecordKey>> InsightService::ForEachCustomer(
    const RecordKey& after, int budget,
    const std::function<absl::StatusOr<bool>(GoldenRecord)>& fn) {
  const absl::flat_hash_set<std::string> dead = DeadGoldenIds(*resolution_);
  RecordKey cursor = after;
  int scanned = 0;
  while (budget <= 0 || scanned < budget) {
    const int want =
        budget <= 0 ? kXrefPage : std::min(kXrefPage, budget - scanned);
    ASSIGN_OR_RETURN(std::vector<Xref> xrefs,
                     resolution_->ListXrefs(cursor, want));
    for (const Xref& x : xrefs) {
      cursor = x.record;
      ++scanned;
      // Each customer is visited at its first (smallest) member only.
      absl::StatusOr<GoldenRecord> golden = resolution_->GetGolden(x.golden_id);
      if (absl::IsNotFound(golden.status())) continue;  // changed meanwhile
      RETURN_IF_ERROR(golden.status());
      if (golden->members.empty() || golden->members.front() != x.record)
        continue;
      if (dead.contains(golden->golden_id)) continue;  // out of live views
      ASSIGN_OR_RETURN(bool more, fn(*std::move(golden)));
      if (!more) return cursor;
    }
    if (static_cast<int>(xrefs.size()) < want) return std::nullopt;
  }
  return cursor;
}

absl::StatusOr<SegmentPage> InsightService::ListSegment(
    const std::string& segment, const RecordKey& after, int limit) {
  if (segment.empty()) return FieldError("segment", "required");
  SegmentPage page;
  ASSIGN_OR_RETURN(
      page.next,
      ForEachCustomer(
          after, kSegmentScanBudget,
          [&](GoldenRecord golden) -> absl::StatusOr<bool> {
            ASSIGN_OR_RETURN(CustomerProfile p, Evaluate(std::move(golden)));
            const auto& segs = p.insight.segments;
            if (std::find(segs.begin(), segs.end(), segment) == segs.end())
              return true;
            p.insight.recent_interactions.clear();
            page.customers.push_back(std::move(p));
            return static_cast<int>(page.customers.size()) < limit;
          }));
  return page;
}

absl::StatusOr<insight::ParetoView> InsightService::Pareto(size_t max_ids) {
  std::vector<std::pair<std::string, double>> profits;
  RETURN_IF_ERROR(
      ForEachCustomer({}, 0, [&](GoldenRecord golden) -> absl::StatusOr<bool> {
        ASSIGN_OR_RETURN(CustomerProfile p, Evaluate(std::move(golden)));
        profits.emplace_back(p.golden.golden_id, p.insight.summary.profit);
        return true;
      }).status());
  return insight::ComputePareto(std::move(profits), rules_.pareto_profit_share,
                                max_ids);
}

}  // namespace mdm::service
