// Review tasks and match explanations between the service and protobuf,
// shared by CustomerHub (ListReviewTasks, ExplainMatch) and Stewardship
// (the review queue).
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/service/resolution_service.h"
#include "mdm/v1/dead.pb.h"
#include "mdm/v1/hub.pb.h"

namespace mdm::api {

// A review page token: the last task's position. The score travels as its
// exact bit pattern, so the next page starts exactly after it.
std::string ReviewToken(const ReviewTask& t);
absl::StatusOr<std::optional<ReviewTask>> ReviewFromToken(
    absl::string_view token);

void ToProto(const service::OpenReview& in, v1::ReviewTask* out);
void ToProto(const service::Explanation& in, const match::ScoringModel& model,
             v1::ExplainMatchResponse* out);

v1::DeadReason ToProto(DeadReason reason);
DeadReason FromProto(v1::DeadReason reason);
void ToProto(const DeadMark& in, v1::DeadMark* out);

}  // namespace mdm::api
