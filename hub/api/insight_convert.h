// Domain <-> protobuf for the Insight API.
#pragma once

#include "hub/insight/customer_insight.h"
#include "hub/insight/pareto.h"
#include "hub/insight/quality.h"
#include "hub/service/insight_service.h"
#include "hub/service/quality_service.h"
#include "mdm/v1/insight.pb.h"

namespace mdm::api {

void ToProto(const insight::Flag& in, v1::CustomerFlag* out);
void ToProto(const insight::TransactionSummary& in, int window_days,
             v1::TransactionSummary* out);
void ToProto(const insight::CustomerInsight& in, v1::ValueScores* out);
// The full profile; `rules` for the window shown with the summary.
void ToProto(const service::CustomerProfile& in,
             const insight::InsightRules& rules, v1::CustomerProfile* out);
void ToProto(const insight::ParetoView& in, v1::ParetoView* out);
void ToProto(const insight::QualityReport& in, v1::QualityReport* out);
void ToProto(const service::VerdictEntry& in, v1::Verdict* out);

}  // namespace mdm::api
