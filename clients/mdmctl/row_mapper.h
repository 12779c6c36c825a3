// Maps rows of the canonical import CSV (DESIGN §8) to mdm.v1.SourceRecord.
//
// The column plan is worked out once from the header; Map() is then const
// and thread-compatible. Values the hub validates itself (birth_date, phones,
// national_id...) are sent as written: the hub answers with FieldWarnings.
// The client rejects only what it must interpret: an empty source_record_id,
// an unknown kind, an unparseable updated_at (ordering could not be trusted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/mdmctl/row_issue.h"
#include "mdm/v1/records.pb.h"

namespace mdm::ctl {

class RowMapper {
 public:
  struct Result {
    mdm::v1::SourceRecord record;
    std::vector<RowIssue> warnings;
    // Set when the row is rejected; `record` is then incomplete.
    std::optional<RowIssue> error;
  };

  // `header` as read by csv::CsvReader. InvalidArgument when there is no
  // source_record_id column or two columns would fill the same attribute
  // (`attr.x` and an unknown column `x`).
  static absl::StatusOr<RowMapper> Create(
      const std::vector<std::string>& header, std::string source);

  // Maps one row with as many fields as the header. `line` only labels the
  // issues.
  Result Map(int64_t line, const std::vector<std::string>& fields) const;

 private:
  enum class Target {
    kSourceRecordId,
    kKind,
    kName,
    kNationalId,
    kBirthDate,
    kGender,
    kPhones,
    kEmails,
    kAddressLine,
    kCity,
    kRegion,
    kPostalCode,
    kCountry,
    kUpdatedAt,
    kAttribute,
  };
  struct Column {
    std::string name;
    Target target;
    std::string attribute;  // for kAttribute
  };

  RowMapper(std::vector<Column> columns, std::string source)
      : columns_(std::move(columns)), source_(std::move(source)) {}

  std::vector<Column> columns_;
  std::string source_;
};

}  // namespace mdm::ctl
