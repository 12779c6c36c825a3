// The hub on a 3-node MariaDB Galera cluster (ctest fixture `galera`,
// tests/integration/galera_fixture.sh): a database node is SIGKILLed in the
// middle of a streaming import; the import finishes through the surviving
// nodes with every record stored exactly once, and the node rejoins with the
// same data as the others.
//
// Each hub gets the node list starting with a different node, so hub A writes
// through node 1 (the one killed) and hub B through node 3; both serve one
// database. The two imports carry disjoint record sets (different sources);
// the same customers do appear in both, so the hubs resolve overlapping
// entities concurrently (serialized by the store's guards). Overlapping
// records arriving at both hubs at once are the replicas test's subject.
//
// A second case hangs the hub's node (SIGSTOP) instead of killing it.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/test_data.h"
#include "tests/unit/store/mysql_test_server.h"

namespace mdm::integration {
namespace {

using ::mdm::testing::MysqlTestServer;
using Clock = std::chrono::steady_clock;

// The cluster as the fixture describes it in its connection.env.
struct Cluster {
  MysqlTestServer account;  // the hub's user and password; root for admin
  std::vector<int> ports;   // SQL ports, node 1 first
  std::string fixture;      // galera_fixture.sh
  std::string dir;          // its directory

  static absl::StatusOr<Cluster> FromEnv() {
    absl::StatusOr<std::map<std::string, std::string>> vars =
        MysqlTestServer::ReadConnectionEnv("MDM_GALERA_TEST_ENV", "galera");
    if (!vars.ok()) return vars.status();
    Cluster c;
    absl::StatusOr<MysqlTestServer> account = MysqlTestServer::FromVars(*vars);
    if (!account.ok()) return account.status();
    c.account = *account;
    for (absl::string_view p :
         absl::StrSplit((*vars)["MDM_GALERA_PORTS"], ',')) {
      int port = 0;
      if (!absl::SimpleAtoi(p, &port)) {
        return absl::FailedPreconditionError("bad MDM_GALERA_PORTS");
      }
      c.ports.push_back(port);
    }
    c.fixture = (*vars)["MDM_GALERA_FIXTURE"];
    c.dir = (*vars)["MDM_GALERA_DIR"];
    if (c.ports.size() != 3 || c.fixture.empty() || c.dir.empty()) {
      return absl::FailedPreconditionError(
          "the galera fixture's connection.env is incomplete");
    }
    return c;
  }

  // --store URL listing every node, starting with node `first` (1-based).
  std::string StoreUrl(int first, const std::string& database) const {
    std::vector<std::string> servers;
    for (size_t i = 0; i < ports.size(); ++i) {
      servers.push_back(absl::StrCat(
          "127.0.0.1:", ports[(static_cast<size_t>(first) - 1 + i) % 3]));
    }
    return absl::StrCat("mysql://", account.user, "@",
                        absl::StrJoin(servers, ","), "/", database);
  }

  // Runs `sql` as the admin user on node `node` (1-based); its output
  // (tab-separated, no column names). Reads wait until the node applied
  // everything the cluster committed before them (causal reads).
  std::string Sql(int node, const std::string& sql) const {
    auto result = RunCommand(
        {"mariadb", "--no-defaults", "--protocol=tcp", "--host=127.0.0.1",
         absl::StrCat("--port=", ports[static_cast<size_t>(node) - 1]),
         "--user=" + account.admin_user, "--batch", "--skip-column-names",
         "--connect-timeout=5",
         "--execute=SET SESSION wsrep_sync_wait = 1; " + sql});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return "";
    EXPECT_EQ(result->exit_code, 0) << "node " << node << ": " << sql << "\n"
                                    << result->err;
    return std::string(absl::StripAsciiWhitespace(result->out));
  }

  std::string Status(int node, const std::string& name) const {
    const std::string row =
        Sql(node, absl::StrCat("SHOW GLOBAL STATUS LIKE '", name, "'"));
    const size_t tab = row.find('\t');
    return tab == std::string::npos ? "" : row.substr(tab + 1);
  }

  absl::StatusOr<CommandResult> Fixture(const std::string& command,
                                        int node) const {
    return RunCommand({fixture, command, dir, std::to_string(node)});
  }
};

// One import: a hub, the source it imports, the input's record ids.
struct Import {
  std::string source;
  std::string csv;
  std::set<std::string> ids;
  std::unique_ptr<HubProcess> hub;
  CommandResult result;
  std::thread thread;
  std::atomic<bool> done{false};

  // A failed assertion leaves the import running: wait for it (mdmctl ends
  // within its --timeout and retries).
  ~Import() {
    if (thread.joinable()) thread.join();
  }

  void Start() {
    thread = std::thread([this] {
      auto r = hub->Mdmctl({"--timeout", "60", "import", "--source", source,
                            "--retries", "8", csv});
      if (r.ok()) {
        result = *r;
      } else {
        result.err = r.status().ToString();
      }
      done = true;
    });
  }
};

// The source_record_id column of a generated CSV.
std::set<std::string> RecordIds(const std::string& path) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(ReadFileOrEmpty(path));
  EXPECT_TRUE(rows.ok()) << rows.status();
  std::set<std::string> ids;
  if (!rows.ok() || rows->empty()) return ids;
  size_t column = 0;
  while (column < (*rows)[0].size() &&
         (*rows)[0][column] != "source_record_id") {
    ++column;
  }
  for (size_t i = 1; i < rows->size(); ++i) {
    if (column < (*rows)[i].size()) ids.insert((*rows)[i][column]);
  }
  return ids;
}

// Every input record is in `hub`'s xref export exactly once, nothing else is,
// and every golden id of the export is served by the hub with exactly the
// records the export gives it (so no record is in two entities and no
// entity is missing or a duplicate of another).
void ExpectEveryRecordOnceInOneEntity(HubProcess& hub,
                                      const std::set<RecordKey>& input) {
  auto exported = hub.Mdmctl({"export", "xref"});
  ASSERT_TRUE(exported.ok()) << exported.status();
  ASSERT_EQ(exported->exit_code, 0) << exported->err;
  // Fails on a record listed twice.
  absl::StatusOr<Clustering> xref =
      ParseClustering(exported->out, "source,source_record_id,golden_id");
  ASSERT_TRUE(xref.ok()) << xref.status();
  std::set<RecordKey> exported_keys;
  std::map<std::string, std::set<RecordKey>> members;
  for (const auto& [key, golden_id] : *xref) {
    exported_keys.insert(key);
    members[golden_id].insert(key);
  }
  EXPECT_EQ(exported_keys.size(), input.size());
  EXPECT_TRUE(exported_keys == input)
      << "the export's records differ from the input's";

  auto stub = mdm::v1::CustomerHub::NewStub(hub.Connect());
  int bad = 0;
  for (const auto& [golden_id, records] : members) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    mdm::v1::GetGoldenRecordRequest request;
    request.set_golden_id(golden_id);
    mdm::v1::GoldenRecord golden;
    const grpc::Status status =
        stub->GetGoldenRecord(&context, request, &golden);
    std::set<RecordKey> served;
    for (const mdm::v1::Xref& x : golden.xrefs()) {
      served.insert({x.source(), x.source_record_id()});
    }
    if (!status.ok() || golden.golden_id() != golden_id || served != records ||
        golden.record_count() != static_cast<int>(records.size())) {
      if (++bad <= 5) {
        ADD_FAILURE() << golden_id << ": " << status.error_message() << " ("
                      << served.size() << " records served, " << records.size()
                      << " exported)";
      }
    }
  }
  EXPECT_EQ(bad, 0) << "golden ids not served as exported";
}

TEST(GaleraFailoverTest, ImportFinishesThroughSurvivorsAndKilledNodeRejoins) {
  absl::StatusOr<Cluster> cluster = Cluster::FromEnv();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  for (int node = 1; node <= 3; ++node) {
    ASSERT_EQ(cluster->Status(node, "wsrep_cluster_size"), "3") << node;
  }

  ScopedTempDir dir;
  // About 4000 records per source: enough that the import of one source
  // outlasts the kill, small enough for a few minutes on a busy machine.
  auto generated =
      RunCommand({MDM_GEN_CSV_BINARY, "--out", dir.File("data"), "--count",
                  "12000", "--seed", "7", "--bad-value-rate", "0", "--sources",
                  "erp,finance,callcenter"});
  ASSERT_TRUE(generated.ok()) << generated.status();
  ASSERT_EQ(generated->exit_code, 0) << generated->err;

  // A writes through node 1 (to be killed), B through node 3; when node 1
  // dies, A moves to node 2, the next in its list.
  const std::string database = absl::StrCat("mdm_galera", getpid());
  Import a, b;
  a.source = "erp";
  b.source = "finance";
  for (auto [import, first_node] : {std::pair{&a, 1}, std::pair{&b, 3}}) {
    import->csv = dir.File("data/" + import->source + ".csv");
    import->ids = RecordIds(import->csv);
    ASSERT_GT(import->ids.size(), 3000u);
    HubProcess::Options options;
    options.store_url = cluster->StoreUrl(first_node, database);
    options.extra_env = {
        absl::StrCat("MDM_MYSQL_PASSWORD=", cluster->account.password)};
    const std::string hub_dir = dir.File(import->source);
    std::filesystem::create_directories(hub_dir);
    auto hub = HubProcess::Start(hub_dir, options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    import->hub = *std::move(hub);
  }

  const auto started = Clock::now();
  a.Start();
  b.Start();
  // Kill node 1 once a quarter of A's records are committed (counted on
  // node 2, which sees them only through replication).
  const std::string count_a =
      absl::StrCat("SELECT COUNT(*) FROM ", database,
                   ".records WHERE source = '", a.source, "'");
  int64_t committed = 0;
  while (!a.done && committed < static_cast<int64_t>(a.ids.size() / 4)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string n = cluster->Sql(2, count_a);
    if (!absl::SimpleAtoi(n, &committed)) committed = 0;
  }
  ASSERT_FALSE(a.done) << "import A finished before the kill: " << a.result.out
                       << a.result.err;
  auto killed = cluster->Fixture("kill", 1);
  ASSERT_TRUE(killed.ok() && killed->exit_code == 0) << killed->err;
  const auto killed_at = Clock::now();
  EXPECT_FALSE(a.done) << "import A finished while node 1 was being killed";

  a.thread.join();
  b.thread.join();
  const auto finished = Clock::now();
  auto seconds = [](Clock::duration d) {
    return std::chrono::duration<double>(d).count();
  };
  std::cout << "import A: " << committed << " of " << a.ids.size()
            << " records committed when node 1 was killed after "
            << seconds(killed_at - started) << " s; both imports done after "
            << seconds(finished - started) << " s\n"
            << a.result.err << b.result.err;
  EXPECT_EQ(a.result.exit_code, 0) << a.result.out << a.result.err << "\n"
                                   << a.hub->Log();
  EXPECT_EQ(b.result.exit_code, 0) << b.result.out << b.result.err << "\n"
                                   << b.hub->Log();

  // Hub A's store moved to the next node of its list (hub B is on node 3).
  EXPECT_NE(cluster->Sql(2, absl::StrCat("SELECT COUNT(*) FROM "
                                         "information_schema.PROCESSLIST "
                                         "WHERE DB = '",
                                         database, "'")),
            "0")
      << "hub A has no connection to node 2";

  // Through both surviving hubs (A now on node 2).
  std::set<RecordKey> input;
  for (const Import* import : {&a, &b}) {
    for (const std::string& id : import->ids)
      input.insert({import->source, id});
  }
  ExpectEveryRecordOnceInOneEntity(*a.hub, input);
  ExpectEveryRecordOnceInOneEntity(*b.hub, input);

  // The killed node comes back (incremental state transfer from a survivor)
  // and holds exactly the survivors' data.
  const auto restart_begin = Clock::now();
  auto restarted = cluster->Fixture("restart", 1);
  ASSERT_TRUE(restarted.ok() && restarted->exit_code == 0) << restarted->err;
  std::cout << "node 1 rejoined in " << seconds(Clock::now() - restart_begin)
            << " s\n";
  EXPECT_EQ(cluster->Status(1, "wsrep_local_state_comment"), "Synced");
  EXPECT_EQ(cluster->Status(1, "wsrep_cluster_size"), "3");
  std::string tables;
  for (const char* table : {"records", "entities", "redirects", "meta"}) {
    absl::StrAppend(&tables, tables.empty() ? "" : ", ", database, ".", table);
  }
  const std::string counts = absl::StrCat(
      "SELECT COUNT(*) FROM ", database,
      ".records UNION ALL SELECT COUNT(*) FROM ", database, ".entities");
  const std::string survivor_counts = cluster->Sql(2, counts);
  EXPECT_EQ(survivor_counts.substr(0, survivor_counts.find('\n')),
            std::to_string(input.size()));
  const std::string checksums =
      cluster->Sql(2, "CHECKSUM TABLE " + tables + " EXTENDED");
  for (int node : {1, 3}) {
    EXPECT_EQ(cluster->Sql(node, counts), survivor_counts) << "node " << node;
    EXPECT_EQ(cluster->Sql(node, "CHECKSUM TABLE " + tables + " EXTENDED"),
              checksums)
        << "node " << node;
  }
  EXPECT_TRUE(a.hub->Stop().ok()) << a.hub->Log();
  EXPECT_TRUE(b.hub->Stop().ok()) << b.hub->Log();
}

// A node that hangs instead of dying (SIGSTOP: its sockets stay open, so no
// reset or refusal ever reaches the hub; also what a node stalled by its
// machine looks like). The hub must not wait on it for longer than a
// client's deadline: its statements there time out, and it moves to the
// next node, so an import started after the hang finishes with no call left
// unanswered for the client's minute.
TEST(GaleraFailoverTest, ImportFinishesWhileTheHubsNodeHangs) {
  absl::StatusOr<Cluster> cluster = Cluster::FromEnv();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  for (int node = 1; node <= 3; ++node) {
    ASSERT_EQ(cluster->Status(node, "wsrep_cluster_size"), "3") << node;
  }
  ScopedTempDir dir;
  auto generated = RunCommand(
      {MDM_GEN_CSV_BINARY, "--out", dir.File("data"), "--count", "600",
       "--seed", "11", "--bad-value-rate", "0", "--sources", "erp,finance"});
  ASSERT_TRUE(generated.ok()) << generated.status();
  ASSERT_EQ(generated->exit_code, 0) << generated->err;

  const std::string database = absl::StrCat("mdm_galera_hang", getpid());
  HubProcess::Options options;
  options.store_url = cluster->StoreUrl(1, database);
  options.extra_env = {
      absl::StrCat("MDM_MYSQL_PASSWORD=", cluster->account.password)};
  auto hub = HubProcess::Start(dir.path(), options);
  ASSERT_TRUE(hub.ok()) << hub.status();
  // The hub's connections are on node 1 once this is in.
  auto first = (*hub)->Mdmctl({"--timeout", "60", "import", "--source", "erp",
                               dir.File("data/erp.csv")});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->exit_code, 0) << first->err;

  auto frozen = cluster->Fixture("freeze", 1);
  ASSERT_TRUE(frozen.ok() && frozen->exit_code == 0) << frozen->err;
  const auto hung_at = Clock::now();
  auto second =
      (*hub)->Mdmctl({"--timeout", "60", "import", "--source", "finance",
                      "--retries", "2", dir.File("data/finance.csv")});
  const double seconds =
      std::chrono::duration<double>(Clock::now() - hung_at).count();
  auto thawed = cluster->Fixture("thaw", 1);
  std::cout << "import through a hung node: " << seconds << " s\n";
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->exit_code, 0) << second->out << second->err << "\n"
                                  << (*hub)->Log();
  ASSERT_TRUE(thawed.ok() && thawed->exit_code == 0) << thawed->err;
  EXPECT_TRUE((*hub)->Stop().ok()) << (*hub)->Log();
}

}  // namespace
}  // namespace mdm::integration
