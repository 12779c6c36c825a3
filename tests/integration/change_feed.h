// Reading the change feed (GoldenLifecycle.WatchChanges) in tests: a fresh
// watch from a sequence number, read until enough events arrived or its
// deadline passed, then cancelled.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "mdm/v1/lifecycle.grpc.pb.h"

namespace mdm::integration {

// Events after `after_sequence`, at most `max_events` (0: no limit, read until
// the deadline). Stops early when the stream ends (e.g. the hub went away).
std::vector<v1::ChangeEvent> ReadChanges(v1::GoldenLifecycle::Stub& lifecycle,
                                         int64_t after_sequence,
                                         size_t max_events,
                                         std::chrono::milliseconds deadline);

}  // namespace mdm::integration
