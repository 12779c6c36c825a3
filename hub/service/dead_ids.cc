#include "hub/service/dead_ids.h"

namespace mdm::service {

absl::flat_hash_set<std::string> DeadGoldenIds(
    const ResolutionService& resolution) {
  absl::flat_hash_set<std::string> ids;
  for (const DeadMark& d : resolution.ListDead()) ids.insert(d.golden_id);
  return ids;
}

}  // namespace mdm::service
