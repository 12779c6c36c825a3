#include "hub/service/steward_events.h"

namespace mdm::service {

// The change feed is wired in at merge with the history work; see the header.
void AttachMergedEvent(ChangeSet&, const std::vector<std::string>&,
                       const std::string&) {}
void AttachSplitEvent(ChangeSet&, const std::string&,
                      const std::vector<std::string>&) {}
void AttachDeadEvent(ChangeSet&, const DeadMark&) {}
void AttachRevivedEvent(ChangeSet&, const std::string&) {}

}  // namespace mdm::service
