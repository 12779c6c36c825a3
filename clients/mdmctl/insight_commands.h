// The mdmctl commands of the Insight service and of fact import. Like
// commands.h: each returns an exit code and writes only to the context's
// streams.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "clients/mdmctl/command_context.h"

namespace mdm::ctl {

struct ProfileOptions {
  std::string golden_id;  // exactly one of the three
  std::string phone;
  std::string name;
};
// GetCustomerProfile: golden record, flags, scores, segments, credit,
// transactions and recent interactions.
int RunProfile(const CommandContext& ctx, const ProfileOptions& options);

struct SegmentOptions {
  std::string segment;
  int page_size = 0;  // 0: the hub's default
  std::string page_token;
  // Follow next_page_token until the end (pages can be short: the hub scans
  // a bounded number of records per call).
  bool all = false;
};
int RunSegment(const CommandContext& ctx, const SegmentOptions& options);

struct FlagOptions {
  std::string golden_id;
  std::string name;
  std::string value;  // empty: clear
  std::string reason;
  std::string set_by;
};
int RunFlag(const CommandContext& ctx, const FlagOptions& options);

// GetParetoView.
int RunPareto(const CommandContext& ctx, int max_ids);

struct QualityOptions {
  bool snapshot = false;  // store this report in the history
  std::string html_path;  // also write the HTML page here
};
// GetQualityReport (with history) as text; optionally a self-contained HTML
// page with inline SVG charts.
int RunQuality(const CommandContext& ctx, const QualityOptions& options);

// DrawSample: the sampled customers with their lineage.
int RunSample(const CommandContext& ctx, uint64_t seed, int size);

struct VerdictOptions {
  uint64_t seed = 0;
  std::string golden_id;
  bool correct = true;
  std::string note;
  std::string inspector;
};
int RunVerdict(const CommandContext& ctx, const VerdictOptions& options);
// GetInspectionReport: error rate with its Wilson interval.
int RunInspection(const CommandContext& ctx, uint64_t seed);

// Fact CSV (DESIGN §8): transactions
// (source_record_id,txn_id,kind,amount,currency,occurred_at,profit) or
// interactions (source_record_id,interaction_id,channel,occurred_at,topic,
// outcome), told apart by the header. Optional extra columns: status, due_at
// (transactions), complaint (interactions: true/1/yes). Sent through
// Facts.IngestFacts in batches of up to 1,000; rejected rows are reported on
// *err (exit 2), the rest imported.
int RunImportFacts(const CommandContext& ctx, const std::string& source,
                   std::istream& csv);
int RunImportFactsFile(const CommandContext& ctx, const std::string& source,
                       const std::string& path);

}  // namespace mdm::ctl
