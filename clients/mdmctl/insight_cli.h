// CLI11 wiring of the insight and fact-import subcommands, kept out of
// main.cc: Add() declares them, Run() runs the one that was chosen.
#pragma once

#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/mdmctl/insight_commands.h"

namespace mdm::ctl {

class InsightCli {
 public:
  void Add(CLI::App& app);
  // True when one of these subcommands was chosen; `*code` is its result.
  bool Run(const CommandContext& ctx, int* code) const;

 private:
  ProfileOptions profile_;
  SegmentOptions segment_;
  FlagOptions flag_;
  bool clear_flag_ = false;
  int pareto_max_ = 20;
  QualityOptions quality_;
  uint64_t seed_ = 1;
  int sample_size_ = 20;
  VerdictOptions verdict_;
  bool wrong_ = false;
  std::string facts_source_, facts_path_;
  CLI::App* profile_cmd_ = nullptr;
  CLI::App* segment_cmd_ = nullptr;
  CLI::App* flag_cmd_ = nullptr;
  CLI::App* pareto_cmd_ = nullptr;
  CLI::App* quality_cmd_ = nullptr;
  CLI::App* sample_cmd_ = nullptr;
  CLI::App* verdict_cmd_ = nullptr;
  CLI::App* inspection_cmd_ = nullptr;
  CLI::App* import_facts_cmd_ = nullptr;
};

}  // namespace mdm::ctl
