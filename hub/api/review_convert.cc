#include "hub/api/review_convert.h"

#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"

namespace mdm::api {

std::string ReviewToken(const ReviewTask& t) {
  uint64_t bits;
  static_assert(sizeof bits == sizeof t.score);
  std::memcpy(&bits, &t.score, sizeof bits);
  return EncodePageToken({absl::StrCat(bits), t.record.source,
                          t.record.source_record_id, t.candidate_golden_id});
}

absl::StatusOr<std::optional<ReviewTask>> ReviewFromToken(
    absl::string_view token) {
  if (token.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(std::vector<std::string> parts, DecodePageToken(token, 4));
  uint64_t bits;
  if (!absl::SimpleAtoi(parts[0], &bits)) {
    return FieldError("page_token", "not a token of this listing");
  }
  ReviewTask t;
  std::memcpy(&t.score, &bits, sizeof bits);
  t.record = {parts[1], parts[2]};
  t.candidate_golden_id = parts[3];
  return t;
}

void ToProto(const service::OpenReview& o, v1::ReviewTask* t) {
  t->set_source(o.task.record.source);
  t->set_source_record_id(o.task.record.source_record_id);
  t->set_record_golden_id(o.record_golden_id);
  t->set_candidate_golden_id(o.candidate_golden_id);
  t->set_score(o.task.score);
  t->set_probability(o.probability);
  MicrosToProto(o.task.created_at_us, t->mutable_create_time());
}

void ToProto(const service::Explanation& e, const match::ScoringModel& model,
             v1::ExplainMatchResponse* resp) {
  for (const match::FieldScore& f : e.score.fields) {
    ToProto(f, resp->add_comparisons());
  }
  resp->set_prior_log2(model.prior_log2);
  resp->set_total(e.score.total);
  resp->set_match_probability(e.probability);
  resp->set_decision(e.decision);
  resp->set_link_threshold(model.link_threshold);
  resp->set_review_threshold(model.review_threshold);
  resp->mutable_compared_with()->set_source(e.compared_with.record.key.source);
  resp->mutable_compared_with()->set_source_record_id(
      e.compared_with.record.key.source_record_id);
  resp->set_compared_golden_id(e.compared_with.golden_id);
}

// The enums share their numbers (dead.proto mirrors hub/model/steward.h).
v1::DeadReason ToProto(DeadReason reason) {
  return static_cast<v1::DeadReason>(reason);
}

DeadReason FromProto(v1::DeadReason reason) {
  return static_cast<DeadReason>(reason);
}

void ToProto(const DeadMark& in, v1::DeadMark* out) {
  out->set_reason(ToProto(in.reason));
  out->set_note(in.note);
  out->set_author(in.author);
  MicrosToProto(in.marked_at_us, out->mutable_mark_time());
}

}  // namespace mdm::api
