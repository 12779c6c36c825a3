// Computed status flags.
#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/insight/customer_insight.h"
#include "hub/normalize/email.h"
#include "hub/normalize/national_id.h"
#include "hub/normalize/phone.h"

namespace mdm::insight {
namespace {

Flag Computed(std::string name, std::string value, std::string reason) {
  Flag f;
  f.name = std::move(name);
  f.value = std::move(value);
  f.reason = std::move(reason);
  return f;
}

// invalid: a best phone, e-mail or national id fails its check; incomplete:
// no name or no way to reach the customer; valid otherwise.
Flag DataValidity(const GoldenRecord& g) {
  if (!g.phones.empty() && !normalize::NormalizePhone(g.phones[0].value).ok())
    return Computed("data_validity", "invalid", "phone fails validation");
  if (!g.emails.empty() && !normalize::NormalizeEmail(g.emails[0].value).ok())
    return Computed("data_validity", "invalid", "e-mail fails validation");
  if (g.national_id &&
      !normalize::NormalizeNationalId(g.national_id->value).ok())
    return Computed("data_validity", "invalid", "national id fails its check");
  if (!g.full_name) return Computed("data_validity", "incomplete", "no name");
  if (g.phones.empty() && g.emails.empty())
    return Computed("data_validity", "incomplete", "no phone or e-mail");
  return Computed("data_validity", "valid", "name and a valid contact");
}

Flag CustomerStatus(const TransactionSummary& s, int64_t now_us,
                    const InsightRules& rules) {
  if (s.last_purchase_us == 0)
    return Computed("customer_status", "prospect", "no purchase");
  const int64_t days = (now_us - s.last_purchase_us) / kMicrosPerDay;
  const std::string why = absl::StrCat("last purchase ", days, " days ago");
  if (days <= rules.active_days)
    return Computed("customer_status", "active", why);
  if (days <= rules.dormant_days)
    return Computed("customer_status", "dormant", why);
  return Computed("customer_status", "churned", why);
}

Flag CampaignResponse(absl::Span<const Fact> facts, const InsightRules& rules) {
  int contacts = 0;
  for (const Fact& f : facts) {
    if (f.category != FactCategory::kInteraction ||
        !absl::StartsWith(f.topic, rules.campaign_topic))
      continue;
    ++contacts;
    if (absl::c_linear_search(rules.campaign_positive_outcomes, f.outcome))
      return Computed("campaign_response", "responded",
                      absl::StrCat(f.outcome, " to ", f.topic));
  }
  if (contacts == 0)
    return Computed("campaign_response", "not_contacted",
                    "no campaign contact");
  return Computed("campaign_response", "no_response",
                  absl::StrCat(contacts, " contacts, no response"));
}

Flag Dissatisfied(absl::Span<const Fact> facts, int64_t now_us,
                  const InsightRules& rules) {
  const int64_t since = now_us - rules.complaint_window_days * kMicrosPerDay;
  int complaints = 0;
  for (const Fact& f : facts) {
    if (f.category == FactCategory::kInteraction && f.complaint &&
        f.occurred_at_us > since)
      ++complaints;
  }
  return Computed(
      "dissatisfied",
      complaints >= rules.dissatisfied_complaints ? "true" : "false",
      absl::StrCat(complaints, " complaints in ", rules.complaint_window_days,
                   " days"));
}

}  // namespace

std::vector<Flag> ComputeFlags(const GoldenRecord& golden,
                               const TransactionSummary& summary,
                               absl::Span<const Fact> facts, int64_t now_us,
                               const InsightRules& rules) {
  return {DataValidity(golden), CustomerStatus(summary, now_us, rules),
          CampaignResponse(facts, rules), Dissatisfied(facts, now_us, rules),
          // Only a steward blacklists; the computed value says so.
          Computed("blacklist", "false", "not set by a steward")};
}

std::string EffectiveFlag(absl::Span<const Flag> flags,
                          absl::string_view name) {
  std::string value;
  for (const Flag& f : flags) {
    if (f.name != name) continue;
    if (f.origin == FlagOrigin::kSteward) return f.value;
    value = f.value;
  }
  return value;
}

}  // namespace mdm::insight
