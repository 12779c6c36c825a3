#include "hub/server/insight_rules_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace mdm::server {

absl::StatusOr<insight::InsightRules> LoadInsightRules(
    const std::string& path) {
  if (path.empty()) return insight::InsightRules{};
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read insight rules file ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<insight::InsightRules> rules = insight::ParseRules(text.str());
  if (!rules.ok()) {
    return absl::Status(rules.status().code(),
                        absl::StrCat(path, ": ", rules.status().message()));
  }
  return rules;
}

}  // namespace mdm::server
