#include <chrono>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "hub/store/sqlite_store.h"
#include "tests/unit/store/store_test_util.h"
using namespace mdm;
int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "/tmp/storebench/hub.db";
  auto store = *SqliteStore::Open(path);
  const int kBatches = 40, kPer = 500;
  StoredRecord base = mdm::testing::FullRecord();
  GoldenRecord ent = mdm::testing::FullEntity();
  double enc = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int b = 0; b < kBatches; ++b) {
    std::vector<ChangeSet> cs(kPer);
    for (int i = 0; i < kPer; ++i) {
      int n = b * kPer + i;
      StoredRecord r = base;
      r.record.key.source_record_id = absl::StrCat("id-", n);
      r.golden_id = absl::StrCat("G", n);
      GoldenRecord g = ent;
      g.golden_id = r.golden_id;
      g.members = {r.record.key};
      cs[i].upsert_records = {r};
      cs[i].upsert_entities = {g};
      cs[i].next_entity_seq = n;
    }
    auto a = std::chrono::steady_clock::now();
    auto s = store->Apply(cs);
    enc += std::chrono::duration<double>(std::chrono::steady_clock::now() - a)
               .count();
    if (!s.ok()) {
      printf("%s\n", s.ToString().c_str());
      return 1;
    }
  }
  {
    auto t1 = std::chrono::steady_clock::now();
    unsigned x = 12345;
    for (int b = 0; b < 20; ++b) {
      std::vector<ChangeSet> cs(kPer);
      for (int i = 0; i < kPer; ++i) {
        x = x * 1103515245u + 12345u;
        int n = (x >> 8) % (kBatches * kPer);
        StoredRecord r = base;
        r.record.key.source_record_id = absl::StrCat("upd-", b, "-", i);
        r.golden_id = absl::StrCat("G", n);
        GoldenRecord g = ent;
        g.golden_id = r.golden_id;
        g.members = {r.record.key, {"erp", absl::StrCat("id-", n)}};
        cs[i].upsert_records = {r};
        cs[i].upsert_entities = {g};
      }
      auto s = store->Apply(cs);
      if (!s.ok()) return 1;
    }
    double u = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    printf("random entity updates: %.0f records/s\n", 20 * kPer / u);
  }
  double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  printf(
      "%d records: Apply time %.3fs => %.0f records/s (Apply only); %.0f incl. "
      "building\n",
      kBatches * kPer, enc, kBatches * kPer / enc, kBatches * kPer / total);
}
#include "hub/store/record_codec.h"
struct EncBench {
  EncBench() {
    auto r = mdm::testing::FullRecord();
    auto g = mdm::testing::FullEntity();
    g.members = {r.record.key};
    auto t0 = std::chrono::steady_clock::now();
    size_t n = 0;
    for (int i = 0; i < 20000; ++i) {
      n += EncodeRecordData(r)->size();
      n += EncodeEntityData(g)->size();
    }
    double e =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    auto rs = *EncodeRecordData(r);
    auto gs = *EncodeEntityData(g);
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 20000; ++i) {
      StoredRecord o;
      o.record.key = r.record.key;
      (void)DecodeRecordData(rs, &o);
      GoldenRecord og;
      (void)DecodeEntityData(gs, &og);
    }
    double d =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    printf("encode pair %.1f us, decode pair %.1f us (%zu bytes)\n",
           e / 20000 * 1e6, d / 20000 * 1e6, n / 20000);
  }
} enc_bench;
