#include "hub/store/store_invariants.h"

namespace mdm {
namespace {

// Why each holds: the resolution service writes a record together with the
// entity it joins in one ChangeSet, deletes an entity with its last record,
// clears a tombstone when the record comes back, deletes a merged entity
// when it writes the redirect, and replaces postings and review tasks with
// the record (store.h).
constexpr StoreInvariant kInvariants[] = {
    {"records point to no live entity",
     "SELECT COUNT(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM entities"
     " e WHERE e.golden_id = r.golden_id AND e.deleted = 0)"},
    {"live entities have no records (orphan golden records)",
     "SELECT COUNT(*) FROM entities e WHERE e.deleted = 0 AND NOT EXISTS"
     " (SELECT 1 FROM records r WHERE r.golden_id = e.golden_id)"},
    {"records are both live and retracted",
     "SELECT COUNT(*) FROM records r JOIN tombstones t ON t.source = r.source"
     " AND t.source_record_id = r.source_record_id"},
    {"merged-away ids are still live entities",
     "SELECT COUNT(*) FROM redirects d JOIN entities e ON e.golden_id ="
     " d.from_id AND e.deleted = 0"},
    {"redirects lead nowhere (neither an entity nor another redirect)",
     "SELECT COUNT(*) FROM redirects d WHERE NOT EXISTS (SELECT 1 FROM"
     " entities e WHERE e.golden_id = d.to_id) AND NOT EXISTS (SELECT 1 FROM"
     " redirects n WHERE n.from_id = d.to_id)"},
    {"blocking postings name no live record",
     "SELECT COUNT(*) FROM block_postings p WHERE NOT EXISTS (SELECT 1 FROM"
     " records r WHERE r.source = p.source AND r.source_record_id ="
     " p.source_record_id)"},
    {"review tasks name no live record",
     "SELECT COUNT(*) FROM review_tasks t WHERE NOT EXISTS (SELECT 1 FROM"
     " records r WHERE r.source = t.source AND r.source_record_id ="
     " t.source_record_id)"},
};

}  // namespace

absl::Span<const StoreInvariant> StoreInvariants() { return kInvariants; }

}  // namespace mdm
