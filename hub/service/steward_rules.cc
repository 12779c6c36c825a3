#include "hub/service/steward_rules.h"

#include <algorithm>

namespace mdm::service {

void StewardRules::Load(const StewardState& state) {
  links_.clear();
  dead_.clear();
  // Stored rows hold one decision per pair already; order does not matter.
  for (const LinkConstraint& c : state.constraints) Put(c);
  for (const DeadMark& d : state.dead) PutDead(d);
}

void StewardRules::Put(const LinkConstraint& c) {
  links_[c.a][c.b] = c.kind;
  links_[c.b][c.a] = c.kind;
}

std::vector<RecordKey> StewardRules::MustLinked(const RecordKey& key) const {
  std::vector<RecordKey> out;
  auto it = links_.find(key);
  if (it == links_.end()) return out;
  for (const auto& [other, kind] : it->second) {
    if (kind == LinkKind::kMustLink) out.push_back(other);
  }
  std::sort(out.begin(), out.end());  // deterministic decisions
  return out;
}

bool StewardRules::AnyCannotLink(const absl::flat_hash_set<RecordKey>& a,
                                 const std::vector<RecordKey>& b) const {
  for (const RecordKey& k : b) {
    auto it = links_.find(k);
    if (it == links_.end()) continue;
    for (const auto& [other, kind] : it->second) {
      if (kind == LinkKind::kCannotLink && a.contains(other)) return true;
    }
  }
  return false;
}

const DeadMark* StewardRules::Dead(const std::string& golden_id) const {
  auto it = dead_.find(golden_id);
  return it == dead_.end() ? nullptr : &it->second;
}

std::vector<DeadMark> StewardRules::ListDead() const {
  std::vector<DeadMark> out;
  out.reserve(dead_.size());
  for (const auto& [id, mark] : dead_) out.push_back(mark);
  std::sort(out.begin(), out.end(), [](const DeadMark& x, const DeadMark& y) {
    return x.golden_id < y.golden_id;
  });
  return out;
}

LinkConstraint StewardRules::Pair(const RecordKey& x, const RecordKey& y,
                                  LinkKind kind) {
  LinkConstraint c;
  c.a = std::min(x, y);
  c.b = std::max(x, y);
  c.kind = kind;
  return c;
}

}  // namespace mdm::service
