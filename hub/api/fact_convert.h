// Protobuf <-> domain translation for facts (mdm.v1.Fact).
#pragma once

#include "absl/status/statusor.h"
#include "hub/model/fact.h"
#include "mdm/v1/facts.pb.h"

namespace mdm::api {

// INVALID_ARGUMENT naming "detail" when neither transaction nor interaction
// is set; "occurred_at" / "transaction.due_at" when out of range.
absl::StatusOr<Fact> FactFromProto(const v1::Fact& in);
void FactToProto(const Fact& in, v1::Fact* out);

}  // namespace mdm::api
