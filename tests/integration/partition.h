// Comparing how two runs grouped the same records, whatever golden ids each
// run minted: a clustering (record -> golden id) seen as a set of groups.
#pragma once

#include <set>
#include <string>

#include "tests/integration/test_data.h"

namespace mdm::integration {

using RecordGroup = std::set<RecordKey>;
using Partition = std::set<RecordGroup>;

// The records of `clustering` grouped by label; labels are dropped.
Partition PartitionOf(const Clustering& clustering);

// "" when `got` equals `want`; otherwise how many groups differ on each side
// and one example: a group of `got` that `want` lacks, with the groups of
// `want` its records fall into ("source/id" lists). `got_name`/`want_name`
// label the two runs in the text.
std::string DescribePartitionDifference(const Partition& got,
                                        const Partition& want,
                                        const std::string& got_name,
                                        const std::string& want_name);

}  // namespace mdm::integration
