#include "hub/api/insight_convert.h"

#include "hub/api/fact_convert.h"
#include "hub/api/proto_convert.h"
#include "hub/api/review_convert.h"

namespace mdm::api {

void ToProto(const insight::Flag& in, v1::CustomerFlag* out) {
  out->set_name(in.name);
  out->set_value(in.value);
  out->set_origin(in.origin == insight::FlagOrigin::kSteward
                      ? v1::CustomerFlag::STEWARD
                      : v1::CustomerFlag::COMPUTED);
  out->set_reason(in.reason);
  out->set_set_by(in.set_by);
  if (in.set_at_us != 0) MicrosToProto(in.set_at_us, out->mutable_set_at());
}

void ToProto(const insight::TransactionSummary& in, int window_days,
             v1::TransactionSummary* out) {
  out->set_purchases_total(in.purchases_total);
  out->set_purchases_in_window(in.purchases_in_window);
  out->set_purchases_recent_half(in.purchases_recent_half);
  out->set_purchases_older_half(in.purchases_older_half);
  out->set_refunds_in_window(in.refunds_in_window);
  out->set_monetary(in.monetary);
  out->set_profit(in.profit);
  out->set_lifetime_monetary(in.lifetime_monetary);
  if (in.first_purchase_us != 0)
    MicrosToProto(in.first_purchase_us, out->mutable_first_purchase());
  if (in.last_purchase_us != 0)
    MicrosToProto(in.last_purchase_us, out->mutable_last_purchase());
  out->set_transactions(in.transactions);
  out->set_interactions(in.interactions);
  out->set_complaints(in.complaints);
  for (const std::string& c : in.currencies) out->add_currencies(c);
  out->set_window_days(window_days);
}

void ToProto(const insight::CustomerInsight& in, v1::ValueScores* out) {
  out->set_recency_days(in.rfm.recency_days);
  out->set_recency(in.rfm.recency);
  out->set_frequency(in.rfm.frequency);
  out->set_monetary(in.rfm.monetary);
  out->set_profit(in.summary.profit);
}

void ToProto(const service::CustomerProfile& in,
             const insight::InsightRules& rules, v1::CustomerProfile* out) {
  ToProto(in.golden, out->mutable_golden());
  if (in.dead) ToProto(*in.dead, out->mutable_golden()->mutable_dead());
  for (const insight::Flag& f : in.insight.flags) ToProto(f, out->add_flags());
  ToProto(in.insight, out->mutable_scores());
  for (const std::string& s : in.insight.segments) out->add_segments(s);
  v1::CreditLevel* credit = out->mutable_credit();
  credit->set_level(in.insight.credit.level);
  credit->set_invoices(in.insight.credit.invoices);
  credit->set_overdue(in.insight.credit.overdue);
  credit->set_max_days_overdue(in.insight.credit.max_days_overdue);
  for (const Fact& f : in.insight.recent_interactions)
    FactToProto(f, out->add_recent_interactions());
  ToProto(in.insight.summary, rules.window_days, out->mutable_transactions());
  for (const std::string& id : in.other_matches) out->add_other_matches(id);
}

void ToProto(const insight::ParetoView& in, v1::ParetoView* out) {
  out->set_customers(in.customers);
  out->set_profitable(in.profitable);
  out->set_total_profit(in.total_profit);
  out->set_top_customers(in.top_customers);
  out->set_top_share(in.top_share);
  out->set_profit_share(in.profit_share);
  out->set_threshold_profit(in.threshold_profit);
  for (const std::string& id : in.top_ids) out->add_top_ids(id);
}

void ToProto(const insight::QualityReport& in, v1::QualityReport* out) {
  MicrosToProto(in.taken_at_us, out->mutable_taken_at());
  out->set_records(in.records);
  out->set_entities(in.entities);
  out->set_records_per_entity(in.records_per_entity);
  for (const insight::SourceQuality& s : in.sources) {
    v1::SourceQuality* q = out->add_sources();
    q->set_source(s.source);
    q->set_records(s.records);
    q->set_entities(s.entities);
    q->set_duplicate_rate(s.duplicate_rate);
    q->set_mean_age_days(s.mean_age_days);
    q->set_stale_share(s.stale_share);
    for (const insight::AttributeQuality& a : s.attributes) {
      v1::AttributeQuality* p = q->add_attributes();
      p->set_attribute(a.attribute);
      p->set_present(a.present);
      p->set_checked(a.checked);
      p->set_valid(a.valid);
      p->set_completeness(a.completeness);
      p->set_validity(a.validity);
    }
  }
  for (const insight::ConflictRate& c : in.conflicts) {
    v1::ConflictRate* p = out->add_conflicts();
    p->set_attribute(c.attribute);
    p->set_compared(c.compared);
    p->set_conflicts(c.conflicts);
    p->set_rate(c.rate);
  }
}

void ToProto(const service::VerdictEntry& in, v1::Verdict* out) {
  out->set_seed(in.seed);
  out->set_golden_id(in.golden_id);
  out->set_correct(in.correct);
  out->set_note(in.note);
  out->set_inspector(in.inspector);
  MicrosToProto(in.recorded_at_us, out->mutable_recorded_at());
}

}  // namespace mdm::api
