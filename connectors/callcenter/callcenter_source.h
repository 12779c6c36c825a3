// The call-center Source: each line of the telephony system's interaction
// log (log_follower.h) is one call,
//
//   {"call_id": "C-20240501-000017", "time": "2024-05-01T09:12:33+08:00",
//    "caller_phone": "+86 138 0013 8000", "caller_name": "王小明",
//    "customer_id": "CC-000341", "topic": "billing", "complaint": false,
//    "outcome": "resolved", "agent": "A-07"}
//
// and becomes two changes: an upsert of the caller's record (key: the call
// center's customer_id, or "tel:" + the phone's digits for an unidentified
// caller; name as typed by the agent, the phone, updated_at = call time, so
// the newest call wins) and an interaction fact keyed by call_id. Required:
// call_id, time (RFC 3339), and customer_id or caller_phone; a line without
// them, or not JSON, is a dead letter.
//
// Settings: {"directory": "/var/log/telephony", "prefix": "interactions-",
//            "suffix": ".jsonl"}
#pragma once

#include <atomic>
#include <memory>

#include "connectors/callcenter/log_follower.h"
#include "connectors/sdk/source.h"
#include "connectors/sdk/source_registry.h"

namespace mdm::connectors::callcenter {

class CallcenterSource final : public Source {
 public:
  CallcenterSource(std::string directory, std::string prefix,
                   std::string suffix)
      : follower_(std::move(directory), std::move(prefix), std::move(suffix)) {}

  absl::Status Start(std::string_view checkpoint) override;
  absl::StatusOr<Batch> Poll(int max_changes) override;
  void Stop() override { stopped_ = true; }

 private:
  LogFollower follower_;
  std::atomic<bool> stopped_{false};
};

// Maps one log line to its changes, or a dead letter's reason.
absl::StatusOr<std::vector<Change>> MapCallLine(std::string_view line,
                                                const std::string& origin);

// Registers type "callcenter".
absl::Status RegisterCallcenterSource(SourceRegistry& registry);

}  // namespace mdm::connectors::callcenter
