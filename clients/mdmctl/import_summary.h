// Tallies of one `mdmctl import` run and the summary printed at the end.
#pragma once

#include <array>
#include <cstdint>
#include <ostream>

#include "clients/mdmctl/command_context.h"
#include "mdm/v1/hub.pb.h"

namespace mdm::ctl {

struct ImportSummary {
  int64_t rows_read = 0;  // data rows, rejected ones included
  int64_t accepted = 0;   // the hub stored or confirmed the record
  int64_t rejected = 0;   // by the client or by the hub
  int64_t warnings = 0;   // client warnings plus hub FieldWarnings
  // Accepted records by mdm.v1.Outcome value.
  std::array<int64_t, mdm::v1::Outcome_ARRAYSIZE> outcomes{};
  double seconds = 0;  // wall time of the whole run

  ImportSummary& operator+=(const ImportSummary& other);
};

// Table: one `label: value` line each; JSON: one object on one line.
void PrintImportSummary(std::ostream& out, OutputFormat format,
                        const ImportSummary& summary);

}  // namespace mdm::ctl
