#include "hub/service/guard_ids.h"

#include "hub/common/fnv1a.h"

namespace mdm::service {
namespace {

// A kind tag first, so a record, a key and an entity spelled alike differ.
enum Kind : uint64_t { kRecord = 1, kBlock = 2, kEntity = 3, kSteward = 4 };

uint64_t Hash(Kind kind, std::string_view a, std::string_view b = {}) {
  Fnv1a h;
  h.Int(kind);
  h.Bytes(a);
  h.Bytes(b);
  return h.value();
}

}  // namespace

uint64_t RecordGuard(const RecordKey& key) {
  return Hash(kRecord, key.source, key.source_record_id);
}

uint64_t BlockGuard(std::string_view blocking_key) {
  return Hash(kBlock, blocking_key);
}

uint64_t EntityGuard(std::string_view golden_id) {
  return Hash(kEntity, golden_id);
}

uint64_t StewardGuard() { return Hash(kSteward, "rules"); }

}  // namespace mdm::service
