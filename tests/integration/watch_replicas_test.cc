// The change feed with two hubs on one MariaDB database (the ctest fixture
// `mariadb`): a watcher on hub A sees the changes made through hub B as well
// as A's own, written concurrently, in sequence order with none missed or
// repeated; a watcher on B resumed from the middle sees the same events.
#include <unistd.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "mdm/v1/lifecycle.grpc.pb.h"
#include "tests/integration/change_feed.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/rpc_status.h"
#include "tests/unit/store/mysql_test_server.h"

namespace mdm::integration {
namespace {

constexpr int kPerHub = 12;  // new customers written through each hub
constexpr int kUpdates = 6;  // of B's, updated again through B
constexpr int kEvents = 2 * kPerHub + kUpdates;

// A customer no other one matches: a distinct name and phone each.
v1::SourceRecord Customer(const std::string& source, int i,
                          const std::string& address) {
  static const char* const kFamily[] = {"Zhao", "Qian",  "Sun",  "Zhou",
                                        "Wu",   "Zheng", "Feng", "Chen"};
  static const char* const kGiven[] = {"Anming", "Boqiang", "Chunhua", "Dewei"};
  v1::SourceRecord r;
  r.set_source(source);
  r.set_source_record_id(absl::StrCat("R", i));
  const int given = (i / 8) % 2 + (source == "erp" ? 0 : 2);
  r.set_name(absl::StrCat(kFamily[i % 8], " ", kGiven[given]));
  r.add_phones(
      absl::StrCat("+86 139 ", source == "erp" ? "10" : "20", "00 ", 1000 + i));
  r.mutable_address()->set_address_line(address);
  return r;
}

class WatchReplicasTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::unique_ptr<HubProcess>> StartHub(
      const testing::MysqlTestServer& server, const std::string& name) {
    const std::string dir = dir_.File(name);
    if (mkdir(dir.c_str(), 0755) != 0) {
      return absl::InternalError(absl::StrCat("mkdir ", dir));
    }
    HubProcess::Options options;
    options.store_url = absl::StrCat("mysql://", server.user, "@", server.host,
                                     ":", server.port, "/mdm_watch", getpid());
    options.extra_env = {absl::StrCat("MDM_MYSQL_PASSWORD=", server.password)};
    options.extra_flags = {"--log_level=warn"};
    return HubProcess::Start(dir, options);
  }

  ScopedTempDir dir_;
};

// Upserts each record through `stub`; the golden ids answered.
std::vector<std::string> UpsertAll(v1::CustomerHub::Stub& stub,
                                   const std::vector<v1::SourceRecord>& rs) {
  std::vector<std::string> ids;
  for (const v1::SourceRecord& r : rs) {
    grpc::ClientContext ctx;
    v1::UpsertRecordRequest req;
    *req.mutable_record() = r;
    v1::UpsertRecordResponse resp;
    grpc::Status s = stub.UpsertRecord(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << Describe(s);
    ids.push_back(resp.golden_id());
  }
  return ids;
}

TEST_F(WatchReplicasTest, WatcherOnOneHubSeesAnotherHubsChangesInOrder) {
  absl::StatusOr<testing::MysqlTestServer> server =
      testing::MysqlTestServer::FromEnv();
  ASSERT_TRUE(server.ok()) << server.status();
  auto hub_a = StartHub(*server, "a");
  ASSERT_TRUE(hub_a.ok()) << hub_a.status();
  auto hub_b = StartHub(*server, "b");
  ASSERT_TRUE(hub_b.ok()) << hub_b.status();
  auto channel_a = (*hub_a)->Connect();
  auto channel_b = (*hub_b)->Connect();
  auto feed_a = v1::GoldenLifecycle::NewStub(channel_a);
  auto feed_b = v1::GoldenLifecycle::NewStub(channel_b);

  // The watcher on A follows live commits while both hubs write.
  std::vector<v1::ChangeEvent> seen;
  std::thread watcher([&] {
    seen = ReadChanges(*feed_a, 0, kEvents, std::chrono::seconds(60));
  });
  std::vector<v1::SourceRecord> via_a, via_b, updates;
  for (int i = 0; i < kPerHub; ++i) {
    via_a.push_back(Customer("erp", i, "1 Bund Road"));
    via_b.push_back(Customer("finance", i, "2 Bund Road"));
  }
  for (int i = 0; i < kUpdates; ++i) {
    updates.push_back(Customer("finance", i, "9 Nanjing Road"));
    updates.back().mutable_updated_at()->set_seconds(2'000'000'000);
  }
  std::vector<std::string> ids_a, ids_b, ids_updated;
  std::thread writer_a(
      [&] { ids_a = UpsertAll(*v1::CustomerHub::NewStub(channel_a), via_a); });
  std::thread writer_b([&] {
    auto stub = v1::CustomerHub::NewStub(channel_b);
    ids_b = UpsertAll(*stub, via_b);
    ids_updated = UpsertAll(*stub, updates);
  });
  writer_a.join();
  writer_b.join();
  watcher.join();

  ASSERT_EQ(seen.size(), static_cast<size_t>(kEvents));
  std::set<std::string> created, updated;
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].sequence(), static_cast<int64_t>(i + 1));
    if (seen[i].type() == v1::ChangeEvent::CREATED) {
      EXPECT_TRUE(created.insert(seen[i].golden_id()).second);
    } else if (seen[i].type() == v1::ChangeEvent::UPDATED) {
      EXPECT_TRUE(updated.insert(seen[i].golden_id()).second);
    } else {
      ADD_FAILURE() << seen[i].DebugString();
    }
  }
  std::set<std::string> expect_created(ids_a.begin(), ids_a.end());
  expect_created.insert(ids_b.begin(), ids_b.end());
  EXPECT_EQ(created, expect_created);
  EXPECT_EQ(updated,
            std::set<std::string>(ids_updated.begin(), ids_updated.end()));

  // Resumed on the other hub from the middle: the same events, nothing more.
  const int64_t middle = kEvents / 2;
  std::vector<v1::ChangeEvent> resumed =
      ReadChanges(*feed_b, middle, 0, std::chrono::milliseconds(1500));
  ASSERT_EQ(resumed.size(), seen.size() - middle);
  for (size_t i = 0; i < resumed.size(); ++i) {
    EXPECT_EQ(resumed[i].SerializeAsString(),
              seen[middle + i].SerializeAsString());
  }

  feed_a.reset();
  feed_b.reset();
  channel_a.reset();
  channel_b.reset();
  EXPECT_TRUE((*hub_a)->Stop().ok()) << (*hub_a)->Log();
  EXPECT_TRUE((*hub_b)->Stop().ok()) << (*hub_b)->Log();
}

}  // namespace
}  // namespace mdm::integration
