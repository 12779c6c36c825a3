// A source record's content as the match index keeps it between uses: one
// byte string instead of a dozen separately allocated strings, vectors and
// map nodes. The index holds every live record, so this is most of what a
// record costs in memory; unpacking is needed only where the whole record is
// read (a golden record recomputed, a record written to the store).
//
// The record key, golden id and content hash stay outside the packing (the
// index reads them constantly). The format is private to one process: it is
// never stored or sent.
#pragma once

#include <string>
#include <string_view>

#include "absl/types/span.h"
#include "hub/model/source_record.h"

namespace mdm::match {

// Everything of `record` except its key, and `warnings`.
std::string PackRecord(const SourceRecord& record,
                       absl::Span<const FieldWarning> warnings);

// The inverse of PackRecord: fills `record` (all but its key) and `warnings`.
// `packed` must come from PackRecord.
void UnpackRecord(std::string_view packed, SourceRecord* record,
                  std::vector<FieldWarning>* warnings);

}  // namespace mdm::match
