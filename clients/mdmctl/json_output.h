// JSON output (`-o json`): protobuf's canonical JSON mapping, one object per
// line, so list output can be consumed with `jq` line by line.
#pragma once

#include <ostream>

#include "google/protobuf/message.h"

namespace mdm::ctl {

// Writes `message` as one line of JSON.
void PrintJsonLine(std::ostream& out, const google::protobuf::Message& message);

}  // namespace mdm::ctl
