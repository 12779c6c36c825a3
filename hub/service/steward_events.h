// Where each steward action announces itself in the change it commits. The
// golden-record history and change feed (WatchChanges) attach their typed
// events here: merged {from, into}, split {from, into[]}, marked dead, revived.
// Until that feed exists these record nothing; the change sets already carry
// the new golden records, redirects and steward rows.
#pragma once

#include <string>
#include <vector>

#include "hub/store/store.h"

namespace mdm::service {

void AttachMergedEvent(ChangeSet& cs, const std::vector<std::string>& from,
                       const std::string& into);
void AttachSplitEvent(ChangeSet& cs, const std::string& from,
                      const std::vector<std::string>& into);
void AttachDeadEvent(ChangeSet& cs, const DeadMark& mark);
void AttachRevivedEvent(ChangeSet& cs, const std::string& golden_id);

}  // namespace mdm::service
