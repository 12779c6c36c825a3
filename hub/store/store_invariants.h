// The hub's own invariants over the store's tables, as SQL both stores run
// unchanged. Each query counts the rows that break one invariant; a sound
// store answers 0 to every one.
#pragma once

#include "absl/types/span.h"

namespace mdm {

struct StoreInvariant {
  const char* problem;  // completes "N ...", e.g. "records point to no ..."
  const char* count_sql;
};

absl::Span<const StoreInvariant> StoreInvariants();

// Live records and live entities, one row with two columns.
inline constexpr char kStoreCountsSql[] =
    "SELECT (SELECT COUNT(*) FROM records),"
    " (SELECT COUNT(*) FROM entities WHERE deleted = 0)";

}  // namespace mdm
