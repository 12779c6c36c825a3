// The stewardship commands of mdmctl (Stewardship service). Like commands.h:
// each returns an exit code and writes only to the context's streams.
#pragma once

#include <string>
#include <vector>

#include "clients/mdmctl/command_context.h"

namespace mdm::ctl {

// Flags every steward action takes.
struct StewardFlags {
  std::string author;      // empty: the hub records "steward"
  std::string reason;      // why; stored with the decision
  std::string request_id;  // idempotency key; empty: none
};

struct MergeOptions {
  std::string survivor;
  std::vector<std::string> others;
  std::vector<std::string> etags;  // "GOLDEN_ID=ETAG"
  StewardFlags steward;
};
int RunMerge(const CommandContext& ctx, const MergeOptions& options);

struct SplitOptions {
  std::string golden_id;
  std::vector<std::string> records;  // "SOURCE/SOURCE_RECORD_ID"
  std::string etag;
  StewardFlags steward;
};
int RunSplit(const CommandContext& ctx, const SplitOptions& options);

// `review accept|reject TASK_ID` (task ids from `review list`).
int RunReviewDecision(const CommandContext& ctx, bool accept,
                      const std::string& task_id, const StewardFlags& flags);

struct DeadMarkOptions {
  std::string golden_id;  // or
  std::string record;     // "SOURCE/SOURCE_RECORD_ID"
  std::string why;        // deceased, dissolved, fraud, unreachable, ...
  StewardFlags steward;
};
int RunDeadMark(const CommandContext& ctx, const DeadMarkOptions& options);
int RunDeadRevive(const CommandContext& ctx, const std::string& golden_id,
                  const StewardFlags& flags);
int RunDeadList(const CommandContext& ctx);
// Every quarantined record (all pages).
int RunQuarantineList(const CommandContext& ctx);

// "SOURCE/ID" (split at the first '/'); false when malformed.
bool ParseRecordRef(const std::string& text, mdm::v1::RecordRef* out);

}  // namespace mdm::ctl
