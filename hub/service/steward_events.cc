#include "hub/service/steward_events.h"

#include "absl/strings/str_cat.h"

namespace mdm::service {
namespace {

const char* ReasonName(DeadReason reason) {
  switch (reason) {
    case DeadReason::kDeceased:
      return "deceased";
    case DeadReason::kDissolved:
      return "dissolved";
    case DeadReason::kFraud:
      return "fraud";
    case DeadReason::kUnreachable:
      return "unreachable";
    case DeadReason::kInvalidData:
      return "invalid_data";
    case DeadReason::kUnspecified:
      break;
  }
  return "unspecified";
}

}  // namespace

// The store derives a kMerged event from each redirect by itself; these
// explicit ones replace them, so a steward merge and an automatic one read
// the same in the feed.
void AttachMergedEvent(ChangeSet& cs, const std::vector<std::string>& from,
                       const std::string& into) {
  for (const std::string& f : from) {
    ChangeEvent e;
    e.type = ChangeEventType::kMerged;
    e.golden_id = into;
    e.from_id = f;
    cs.events.push_back(std::move(e));
  }
}

void AttachSplitEvent(ChangeSet& cs, const std::string& from,
                      const std::vector<std::string>& into) {
  ChangeEvent e;
  e.type = ChangeEventType::kSplit;
  e.golden_id = from;
  e.from_id = from;
  e.into_ids = into;
  cs.events.push_back(std::move(e));
}

void AttachDeadEvent(ChangeSet& cs, const DeadMark& mark,
                     const RecordKey& record) {
  ChangeEvent e;
  e.type = ChangeEventType::kMarkedDead;
  e.golden_id = mark.golden_id;
  e.record = record;
  e.reason = mark.note.empty()
                 ? std::string(ReasonName(mark.reason))
                 : absl::StrCat(ReasonName(mark.reason), ": ", mark.note);
  cs.events.push_back(std::move(e));
}

void AttachRevivedEvent(ChangeSet& cs, const std::string& golden_id) {
  ChangeEvent e;
  e.type = ChangeEventType::kRevived;
  e.golden_id = golden_id;
  cs.events.push_back(std::move(e));
}

}  // namespace mdm::service
