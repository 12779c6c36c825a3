#include "hub/service/steward_types.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace mdm::service {

// Golden ids and etags are printable without spaces or newlines: one line of
// "id etag" pairs ("-" for no etag), then one line of merged ids.
std::string EncodeStewardResult(const StewardResult& result) {
  std::vector<std::string> pairs;
  for (const StewardResult::Entity& e : result.entities) {
    pairs.push_back(
        absl::StrCat(e.golden_id, " ", e.etag.empty() ? "-" : e.etag));
  }
  return absl::StrCat(absl::StrJoin(pairs, " "), "\n",
                      absl::StrJoin(result.merged_ids, " "));
}

absl::StatusOr<StewardResult> DecodeStewardResult(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (lines.size() != 2) {
    return absl::DataLossError("stored steward answer is malformed");
  }
  std::vector<std::string> pairs =
      absl::StrSplit(lines[0], ' ', absl::SkipEmpty());
  if (pairs.size() % 2 != 0) {
    return absl::DataLossError("stored steward answer is malformed");
  }
  StewardResult out;
  for (size_t i = 0; i < pairs.size(); i += 2) {
    out.entities.push_back({pairs[i], pairs[i + 1] == "-" ? "" : pairs[i + 1]});
  }
  out.merged_ids = absl::StrSplit(lines[1], ' ', absl::SkipEmpty());
  return out;
}

}  // namespace mdm::service
