// Where each steward action announces itself in the change it commits: the
// typed change-feed events (WatchChanges) the store cannot derive from the
// golden records alone: merged {from, into}, split {from, into[]}, marked
// dead, revived. The store appends them after the events it derives, in the
// same transaction.
#pragma once

#include <string>
#include <vector>

#include "hub/store/store.h"

namespace mdm::service {

void AttachMergedEvent(ChangeSet& cs, const std::vector<std::string>& from,
                       const std::string& into);
void AttachSplitEvent(ChangeSet& cs, const std::string& from,
                      const std::vector<std::string>& into);
// `record`: the one record marked dead (it was split out into mark.golden_id
// first), or an empty key when a whole customer was.
void AttachDeadEvent(ChangeSet& cs, const DeadMark& mark,
                     const RecordKey& record);
void AttachRevivedEvent(ChangeSet& cs, const std::string& golden_id);

}  // namespace mdm::service
