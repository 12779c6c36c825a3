#include "tests/integration/partition.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mdm::integration {
namespace {

std::string GroupText(const RecordGroup& group) {
  return absl::StrCat("{",
                      absl::StrJoin(group, ", ",
                                    [](std::string* out, const RecordKey& key) {
                                      absl::StrAppend(out, key.first, "/",
                                                      key.second);
                                    }),
                      "}");
}

std::vector<RecordGroup> Missing(const Partition& from, const Partition& in) {
  std::vector<RecordGroup> out;
  std::set_difference(from.begin(), from.end(), in.begin(), in.end(),
                      std::back_inserter(out));
  return out;
}

}  // namespace

Partition PartitionOf(const Clustering& clustering) {
  std::map<std::string, RecordGroup> by_label;
  for (const auto& [key, label] : clustering) by_label[label].insert(key);
  Partition out;
  for (auto& [label, group] : by_label) out.insert(std::move(group));
  return out;
}

std::string DescribePartitionDifference(const Partition& got,
                                        const Partition& want,
                                        const std::string& got_name,
                                        const std::string& want_name) {
  const std::vector<RecordGroup> only_got = Missing(got, want);
  const std::vector<RecordGroup> only_want = Missing(want, got);
  if (only_got.empty() && only_want.empty()) return "";
  std::string text =
      absl::StrCat(got_name, " has ", got.size(), " groups, ", want_name, " ",
                   want.size(), "; ", only_got.size(), " groups of ", got_name,
                   " are not in ", want_name, ", ", only_want.size(),
                   " groups of ", want_name, " are not in ", got_name, ".");
  if (only_got.empty()) {
    // Records missing from `got` altogether: show a group it lacks.
    absl::StrAppend(&text, " For example ", want_name, " has ",
                    GroupText(only_want.front()));
    return text;
  }
  // Where the records of the first differing group went in `want`.
  const RecordGroup& example = only_got.front();
  std::vector<std::string> pieces;
  for (const RecordGroup& group : want) {
    RecordGroup shared;
    std::set_intersection(group.begin(), group.end(), example.begin(),
                          example.end(), std::inserter(shared, shared.end()));
    if (shared.empty()) continue;
    pieces.push_back(shared == group
                         ? GroupText(group)
                         : absl::StrCat(GroupText(group), " (part)"));
  }
  absl::StrAppend(&text, " For example ", got_name, " has ", GroupText(example),
                  "; in ", want_name, " those records are ",
                  pieces.empty() ? "absent" : absl::StrJoin(pieces, " + "));
  return text;
}

}  // namespace mdm::integration
