// Table views of golden and stored records, shared by get/search/resolve.
#pragma once

#include <ostream>
#include <string>

#include "clients/mdmctl/table.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "mdm/v1/records.pb.h"

namespace mdm::ctl {

// RFC 3339 in UTC; "" when unset.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

// "person" / "organization" ("person" for KIND_UNSPECIFIED, as the hub reads
// it).
std::string KindName(mdm::v1::Kind kind);

// Values joined with "; " (phones, e-mails).
std::string JoinValues(
    const google::protobuf::RepeatedPtrField<mdm::v1::GoldenValue>& values);

// One row per attribute value with its lineage: attribute, value, source,
// record, rule, updated_at. Multi-values get one ranked row each
// ("phones #1", ...); free attributes are listed in key order as "attr.KEY".
Table GoldenValuesTable(const mdm::v1::GoldenRecord& golden);

// Header line(s), the values table and the cross-references.
void PrintGoldenRecord(std::ostream& out, const mdm::v1::GoldenRecord& golden);

// One row per stored record: source, record, name, national_id, phones,
// emails, updated_at, warnings (field names).
Table StoredRecordsTable(
    const google::protobuf::RepeatedPtrField<mdm::v1::StoredRecord>& records);

}  // namespace mdm::ctl
