// Guard ids (Store::Guard) for what a resolution decision reads or writes:
// a source record, a blocking key, an entity. Hub replicas sharing a database
// must compute the same id for the same thing, so the hash is a stable one.
// The blocking-key id is also the key of the store's block postings.
#pragma once

#include <cstdint>
#include <string_view>

#include "hub/model/source_record.h"

namespace mdm::service {

uint64_t RecordGuard(const RecordKey& key);
uint64_t BlockGuard(std::string_view blocking_key);
uint64_t EntityGuard(std::string_view golden_id);
// One guard for all steward rules (link constraints, dead registry): every
// change to them bumps it, and hubs reload their rules when it moved.
uint64_t StewardGuard();

}  // namespace mdm::service
