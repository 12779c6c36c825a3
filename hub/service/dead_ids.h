// The golden ids of the customers the dead registry holds now: what the live
// views built by scanning customers (segments, the Pareto view, inspection
// samples) leave out. Search and resolve filter inside ResolutionService.
#pragma once

#include <string>

#include "absl/container/flat_hash_set.h"
#include "hub/service/resolution_service.h"

namespace mdm::service {

// One copy of the registry (small: only stewards write it), so a scan over
// many customers checks each in constant time without taking the service's
// lock again.
absl::flat_hash_set<std::string> DeadGoldenIds(
    const ResolutionService& resolution);

}  // namespace mdm::service
