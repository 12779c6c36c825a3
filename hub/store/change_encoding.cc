#include "hub/store/change_encoding.h"

#include <algorithm>

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
    if (!change.record_blocks.empty() &&
        change.record_blocks.size() != change.upsert_records.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "record_blocks has ", change.record_blocks.size(), " entries for ",
          change.upsert_records.size(), " upserted records"));
    }
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

absl::StatusOr<std::vector<Guard>> SortGuards(absl::Span<const Guard> guards) {
  std::vector<Guard> sorted(guards.begin(), guards.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const Guard& a, const Guard& b) { return a.id < b.id; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i].id == sorted[i - 1].id) {
      return absl::InvalidArgumentError(
          absl::StrCat("guard ", sorted[i].id, " given twice"));
    }
  }
  return sorted;
}

absl::Status GuardConflict(size_t stale, size_t total) {
  return absl::AbortedError(absl::StrCat(
      stale, " of ", total,
      " guards changed since the decision was made (another hub wrote the "
      "same records, blocking keys or entities); nothing was applied"));
}

absl::Status CheckLimit(int limit) {
  if (limit <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be positive, got ", limit));
  }
  return absl::OkStatus();
}

}  // namespace mdm
