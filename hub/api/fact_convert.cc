#include "hub/api/fact_convert.h"

#include "hub/api/proto_convert.h"
#include "hub/common/errors.h"

namespace mdm::api {

absl::StatusOr<Fact> FactFromProto(const v1::Fact& in) {
  Fact f;
  f.record = {in.source(), in.source_record_id()};
  f.fact_id = in.fact_id();
  if (in.occurred_at().seconds() < 0) {
    return FieldError("occurred_at", "before 1970");
  }
  f.occurred_at_us = MicrosFromProto(in.occurred_at());
  switch (in.detail_case()) {
    case v1::Fact::kTransaction: {
      const v1::Transaction& t = in.transaction();
      f.category = FactCategory::kTransaction;
      f.kind = t.kind();
      f.amount = t.amount();
      f.currency = t.currency();
      f.profit = t.profit();
      f.status = t.status();
      if (t.due_at().seconds() < 0) {
        return FieldError("transaction.due_at", "before 1970");
      }
      f.due_at_us = MicrosFromProto(t.due_at());
      break;
    }
    case v1::Fact::kInteraction: {
      const v1::Interaction& i = in.interaction();
      f.category = FactCategory::kInteraction;
      f.channel = i.channel();
      f.topic = i.topic();
      f.outcome = i.outcome();
      f.complaint = i.complaint();
      break;
    }
    case v1::Fact::DETAIL_NOT_SET:
      return FieldError("detail",
                        "a transaction or an interaction is required");
  }
  f.attributes.insert(in.attributes().begin(), in.attributes().end());
  return f;
}

void FactToProto(const Fact& in, v1::Fact* out) {
  out->set_source(in.record.source);
  out->set_source_record_id(in.record.source_record_id);
  out->set_fact_id(in.fact_id);
  MicrosToProto(in.occurred_at_us, out->mutable_occurred_at());
  if (in.category == FactCategory::kTransaction) {
    v1::Transaction* t = out->mutable_transaction();
    t->set_kind(in.kind);
    t->set_amount(in.amount);
    t->set_currency(in.currency);
    t->set_profit(in.profit);
    t->set_status(in.status);
    if (in.due_at_us != 0) MicrosToProto(in.due_at_us, t->mutable_due_at());
  } else {
    v1::Interaction* i = out->mutable_interaction();
    i->set_channel(in.channel);
    i->set_topic(in.topic);
    i->set_outcome(in.outcome);
    i->set_complaint(in.complaint);
  }
  out->mutable_attributes()->insert(in.attributes.begin(), in.attributes.end());
}

}  // namespace mdm::api
