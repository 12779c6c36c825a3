// The steward decisions the resolution engine must respect, held in memory:
// link constraints between records and the dead registry. Pure data
// structure, no I/O; the resolution service loads it from the store and keeps
// it in step with what it commits.
//
// Not thread-safe: the service guards it with its own mutex.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "hub/model/steward.h"

namespace mdm::service {

class StewardRules {
 public:
  // Replaces everything with `state`.
  void Load(const StewardState& state);
  // Records a decision on a pair; the newest one wins.
  void Put(const LinkConstraint& c);
  void PutDead(const DeadMark& mark) { dead_[mark.golden_id] = mark; }
  void Revive(const std::string& golden_id) { dead_.erase(golden_id); }

  // The records a steward tied `key` to.
  std::vector<RecordKey> MustLinked(const RecordKey& key) const;
  // True when some record of `a` must never be with some record of `b`.
  bool AnyCannotLink(const absl::flat_hash_set<RecordKey>& a,
                     const std::vector<RecordKey>& b) const;

  const DeadMark* Dead(const std::string& golden_id) const;
  std::vector<DeadMark> ListDead() const;

  // A constraint between `x` and `y` (in either order), ordered a < b.
  static LinkConstraint Pair(const RecordKey& x, const RecordKey& y,
                             LinkKind kind);

 private:
  // kind by partner, for both ends of every pair.
  absl::flat_hash_map<RecordKey, absl::flat_hash_map<RecordKey, LinkKind>>
      links_;
  absl::flat_hash_map<std::string, DeadMark> dead_;
};

}  // namespace mdm::service
