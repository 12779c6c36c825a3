// mdmctl commands of the golden record lifecycle: history, watch, conflicts,
// explain-golden, rules get|set.
#pragma once

#include <cstdint>
#include <string>

#include "clients/mdmctl/command_context.h"

namespace mdm::ctl {

// `mdmctl history GOLDEN_ID`: every version, newest first.
int RunHistory(const CommandContext& ctx, const std::string& golden_id);

// `mdmctl watch [--from SEQ] [--max N]`: change events after SEQ, one a
// line, following live commits until interrupted (or N events were shown;
// 0 = no limit).
int RunWatch(const CommandContext& ctx, int64_t from, int64_t max_events);

// `mdmctl conflicts`: attributes on which sources disagree.
int RunConflicts(const CommandContext& ctx, int page_size,
                 const std::string& page_token);

// `mdmctl explain-golden GOLDEN_ID`: match evidence and per-attribute
// survivorship decisions.
int RunExplainGolden(const CommandContext& ctx, const std::string& golden_id);

// `mdmctl rules get` prints the rules JSON; `mdmctl rules set FILE` puts the
// file's rules in force.
int RunRulesGet(const CommandContext& ctx);
int RunRulesSet(const CommandContext& ctx, const std::string& path);

}  // namespace mdm::ctl
