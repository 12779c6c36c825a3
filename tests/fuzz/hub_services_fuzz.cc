// libFuzzer target: the Stewardship, Insight, GoldenLifecycle and Admin
// request handlers on mutated protobuf bytes, against the real hub of
// tests/fuzz/fuzz_hub.h. The first input byte picks the method, the rest is
// its request message. CustomerHub.UpsertRecord is among the methods so that
// inputs can create the records the other handlers work on.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

#include "mdm/v1/admin.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "mdm/v1/insight.grpc.pb.h"
#include "mdm/v1/lifecycle.grpc.pb.h"
#include "mdm/v1/stewardship.grpc.pb.h"
#include "tests/fuzz/fuzz_hub.h"

namespace mdm::fuzz {
namespace {

using HubStub = v1::CustomerHub::Stub;
using StewardStub = v1::Stewardship::Stub;
using InsightStub = v1::Insight::Stub;
using LifecycleStub = v1::GoldenLifecycle::Stub;
using AdminStub = v1::Admin::Stub;

struct Stubs {
  std::unique_ptr<HubStub> hub = v1::CustomerHub::NewStub(HubChannel());
  std::unique_ptr<StewardStub> steward = v1::Stewardship::NewStub(HubChannel());
  std::unique_ptr<InsightStub> insight = v1::Insight::NewStub(HubChannel());
  std::unique_ptr<LifecycleStub> lifecycle =
      v1::GoldenLifecycle::NewStub(HubChannel());
  std::unique_ptr<AdminStub> admin = v1::Admin::NewStub(HubChannel());
};

using Method = void (*)(Stubs&, const std::string&);

// WatchChanges never ends on its own: it gets this long to send what is
// stored before the deadline cuts it.
constexpr std::chrono::milliseconds kWatchTime(20);
// Random pairs TrainModel samples at most here, and what the API allows.
constexpr int64_t kMaxRandomPairs = 20'000;
constexpr int64_t kApiMaxRandomPairs = 10'000'000;

// One entry per method; the first input byte indexes this table.
constexpr Method kMethods[] = {
    [](Stubs& s, const std::string& b) {
      Call(*s.hub, &HubStub::UpsertRecord, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::MergeEntities, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::SplitEntity, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::ListReviewQueue, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::AcceptReviewTask, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::RejectReviewTask, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::MarkDead, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::Revive, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::ListDead, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.steward, &StewardStub::ListQuarantine, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::GetCustomerProfile, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::ListSegment, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::SetFlag, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::GetParetoView, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::GetQualityReport, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::DrawSample, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::RecordVerdict, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.insight, &InsightStub::GetInspectionReport, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.lifecycle, &LifecycleStub::ListGoldenHistory, b);
    },
    [](Stubs& s, const std::string& b) {
      CallStream(*s.lifecycle, &LifecycleStub::WatchChanges, b, kWatchTime);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.lifecycle, &LifecycleStub::ListConflicts, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.lifecycle, &LifecycleStub::ExplainGoldenRecord, b);
    },
    [](Stubs& s, const std::string& b) {
      v1::TrainModelRequest request;
      if (!request.ParseFromString(b)) return;
      // The default (0: 300,000) or a valid count up to 10,000,000 is the
      // trainer's time, not a finding: keep each run short. Counts the API
      // must refuse (negative, above 10,000,000) go through as they are.
      if (request.random_pairs() == 0 ||
          (request.random_pairs() > kMaxRandomPairs &&
           request.random_pairs() <= kApiMaxRandomPairs)) {
        request.set_random_pairs(kMaxRandomPairs);
      }
      CallWith(*s.admin, &AdminStub::TrainModel, request);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::GetModel, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::ListModels, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::ActivateModel, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::DiffModel, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::CheckStore, b);
    },
    [](Stubs& s, const std::string& b) {
      CallStream(*s.admin, &AdminStub::BackupStore, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::GetSurvivorshipRules, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::SetSurvivorshipRules, b);
    },
    [](Stubs& s, const std::string& b) {
      Call(*s.admin, &AdminStub::ListAuditEvents, b);
    },
};

}  // namespace
}  // namespace mdm::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mdm::fuzz;          // NOLINT: a fuzz target's body
  static Stubs* stubs = new Stubs();  // lives for the whole run
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  kMethods[data[0] % std::size(kMethods)](*stubs, bytes);
  return 0;
}
