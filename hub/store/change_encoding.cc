#include "hub/store/change_encoding.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/record_codec.h"

namespace mdm {
namespace {

absl::Status CheckKey(const RecordKey& key) {
  if (key.source.empty() || key.source_record_id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("record key (", key.source,
                                                   ", ", key.source_record_id,
                                                   ") has an empty part"));
  }
  return absl::OkStatus();
}

absl::Status CheckGoldenId(const std::string& id, const std::string& what) {
  if (id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": empty golden id"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<EncodedChange>> EncodeChanges(
    absl::Span<const ChangeSet> changes) {
  std::vector<EncodedChange> encoded(changes.size());
  for (size_t i = 0; i < changes.size(); ++i) {
    const ChangeSet& change = changes[i];
    EncodedChange& out = encoded[i];
    out.records.reserve(change.upsert_records.size());
    for (const StoredRecord& r : change.upsert_records) {
      RETURN_IF_ERROR(CheckKey(r.record.key));
      RETURN_IF_ERROR(
          CheckGoldenId(r.golden_id, r.record.key.source_record_id));
      ASSIGN_OR_RETURN(std::string data, EncodeRecordData(r));
      out.records.push_back(std::move(data));
    }
    for (const RecordTombstone& t : change.delete_records) {
      RETURN_IF_ERROR(CheckKey(t.key));
    }
    out.entities.reserve(change.upsert_entities.size());
    for (const GoldenRecord& g : change.upsert_entities) {
      RETURN_IF_ERROR(CheckGoldenId(g.golden_id, "upsert_entities"));
      ASSIGN_OR_RETURN(std::string data, EncodeEntityData(g));
      out.entities.push_back(std::move(data));
    }
    for (const std::string& id : change.delete_entities) {
      RETURN_IF_ERROR(CheckGoldenId(id, "delete_entities"));
    }
    for (const auto& [from, to] : change.redirects) {
      RETURN_IF_ERROR(CheckGoldenId(from, "redirect source"));
      RETURN_IF_ERROR(CheckGoldenId(to, "redirect target"));
      if (from == to) {
        return absl::InvalidArgumentError(
            absl::StrCat("redirect of ", from, " to itself"));
      }
    }
  }
  return encoded;
}

absl::Status CheckLimit(int limit) {
  if (limit <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be positive, got ", limit));
  }
  return absl::OkStatus();
}

}  // namespace mdm
