// Property: ingesting the same records in any order and any batch size gives
// the same partition as one batch run (and as the engine resolving all of
// them at once). 5,000 generated multilingual records with the generator's
// noise (typos, scripts, swapped dates, shared landlines, branches), on the
// real service over a temporary SQLite store.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "hub/api/proto_convert.h"
#include "hub/match/batch_cluster.h"
#include "hub/service/resolution_service.h"
#include "hub/store/sqlite_store.h"
#include "tests/bench/gen/record_generator.h"

namespace mdm::service {
namespace {

constexpr int kRecords = 5000;
constexpr size_t kNoCap = 1'000'000;

// A partition as sets of record keys, comparable across runs whatever the
// golden ids.
using Partition = std::set<std::set<RecordKey>>;

std::vector<SourceRecord> Generated() {
  bench::GenOptions o;
  o.count = kRecords;
  o.seed = 11;
  bench::GeneratedRecords g = bench::GenerateRecords(o);
  std::vector<SourceRecord> out;
  for (const auto& r : g.records) {
    absl::StatusOr<SourceRecord> rec = api::FromProto(r, "record");
    EXPECT_TRUE(rec.ok()) << rec.status();
    // One fixed time: the order of arrival must not decide which version
    // of a record is newer.
    rec->updated_at_us = 1'700'000'000'000'000;
    out.push_back(*std::move(rec));
  }
  return out;
}

// The entities of `a` that `b` lacks, with their record keys.
std::string Difference(const Partition& a, const Partition& b) {
  std::string out;
  int shown = 0;
  for (const auto& members : a) {
    if (b.count(members) || ++shown > 5) continue;
    for (const RecordKey& k : members) {
      out += k.source + "/" + k.source_record_id + " ";
    }
    out += "\n";
  }
  return out;
}

class OrderIndependenceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const auto& d : dirs_) std::filesystem::remove_all(d);
  }

  // Ingests `records` in batches of `batch` into a fresh store; returns
  // the partition the service settled on.
  Partition Ingest(const std::vector<SourceRecord>& records, size_t batch) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() /
        ("mdm_order_" + std::to_string(::getpid()) + "_" +
         std::to_string(dirs_.size()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    dirs_.push_back(dir);
    auto store = SqliteStore::Open((dir / "hub.db").string());
    EXPECT_TRUE(store.ok()) << store.status();
    // Blocks are not capped here: a capped block is compared or skipped
    // depending on how full it is when a record arrives, which is the one
    // order dependence left (see README, "Order independence"). The test
    // checks that nothing else depends on order, and that no block was
    // skipped, so the property is not vacuous.
    ServiceOptions options;
    options.max_block_size = kNoCap;
    options.max_weak_block_size = kNoCap;
    auto service = ResolutionService::Create(store->get(), &clock_, options);
    EXPECT_TRUE(service.ok()) << service.status();
    std::map<std::string, std::set<RecordKey>> by_entity;
    for (size_t i = 0; i < records.size(); i += batch) {
      const size_t n = std::min(batch, records.size() - i);
      auto results =
          (*service)->UpsertBatch(absl::MakeConstSpan(&records[i], n));
      EXPECT_TRUE(results.ok()) << results.status();
    }
    EXPECT_EQ((*service)->GetStats().blocking.oversized_blocks_skipped, 0);
    // Final membership from the service (merges may have moved records
    // after their own upsert answered).
    const ResolutionService::TrainingData data =
        (*service)->SnapshotForTraining();
    std::vector<RecordKey> keys;
    for (const SourceRecord& r : records) keys.push_back(r.key);
    std::sort(keys.begin(), keys.end());  // the snapshot's order
    EXPECT_EQ(data.golden_ids.size(), keys.size());
    for (size_t i = 0; i < keys.size() && i < data.golden_ids.size(); ++i) {
      by_entity[data.golden_ids[i]].insert(keys[i]);
    }
    Partition p;
    for (auto& [id, members] : by_entity) p.insert(std::move(members));
    return p;
  }

  SystemClock clock_;
  std::vector<std::filesystem::path> dirs_;
};

TEST_F(OrderIndependenceTest,
       ShuffledOrdersAndBatchSizesGiveTheOneBatchPartition) {
  std::vector<SourceRecord> records = Generated();
  const Partition one_batch = Ingest(records, records.size());
  // Not a trivial partition: the generator's duplicates were found.
  EXPECT_LT(one_batch.size(), records.size() * 9 / 10);
  std::mt19937_64 rng(2024);
  for (size_t batch : {1000u, 97u, 8u}) {
    std::shuffle(records.begin(), records.end(), rng);
    const Partition p = Ingest(records, batch);
    EXPECT_TRUE(p == one_batch)
        << "batches of " << batch << " in another order differ:\n"
        << Difference(p, one_batch);
  }
}

TEST_F(OrderIndependenceTest, IncrementalEqualsTheEngineResolvingAllAtOnce) {
  const std::vector<SourceRecord> records = Generated();
  const Partition incremental = Ingest(records, 250);
  std::vector<normalize::RecordFeatures> features;
  for (const SourceRecord& r : records) {
    features.push_back(normalize::ExtractFeatures(r).features);
  }
  std::vector<const normalize::RecordFeatures*> ptrs;
  for (const auto& f : features) ptrs.push_back(&f);
  const std::vector<uint32_t> labels = match::ClusterAll(
      ptrs, match::ScoringModel{},
      {.max_block_size = kNoCap, .max_weak_block_size = kNoCap});
  std::map<uint32_t, std::set<RecordKey>> by_label;
  for (size_t i = 0; i < records.size(); ++i) {
    by_label[labels[i]].insert(records[i].key);
  }
  Partition batch;
  for (auto& [label, members] : by_label) batch.insert(std::move(members));
  EXPECT_TRUE(incremental == batch)
      << incremental.size() << " entities incrementally, " << batch.size()
      << " in one pass";
}

}  // namespace
}  // namespace mdm::service
