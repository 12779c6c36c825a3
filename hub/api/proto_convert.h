// Protobuf <-> domain translation. The only place that knows both.
#pragma once

#include "absl/status/statusor.h"
#include "hub/model/golden_record.h"
#include "hub/service/resolution_service.h"
#include "mdm/v1/hub.pb.h"
#include "mdm/v1/records.pb.h"

namespace mdm::api {

// Rejects enum values this server does not know (INVALID_ARGUMENT naming
// "<prefix>.kind") and timestamps out of range.
absl::StatusOr<SourceRecord> FromProto(const v1::SourceRecord& in,
                                       absl::string_view prefix);

void ToProto(const GoldenRecord& in, v1::GoldenRecord* out);
void ToProto(const GoldenValue& in, v1::GoldenValue* out);
void ToProto(const StoredRecord& in, v1::StoredRecord* out);
void ToProto(const SourceRecord& in, v1::SourceRecord* out);
void ToProto(const FieldWarning& in, v1::FieldWarning* out);
// One comparison of a pair score: level, weight and term-frequency
// adjustment (ExplainMatch, ResolveIdentity, review tasks, golden evidence).
void ToProto(const match::FieldScore& in, v1::FieldScore* out);
void ToProto(const service::Candidate& in, v1::Candidate* out);
v1::Outcome ToProto(service::Outcome outcome);

// Timestamps: microseconds since the epoch; 0 = unset.
int64_t MicrosFromProto(const google::protobuf::Timestamp& ts);
void MicrosToProto(int64_t micros, google::protobuf::Timestamp* out);

}  // namespace mdm::api
