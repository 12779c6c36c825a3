// Several mdm-hub replicas on one MariaDB database (DESIGN §7: "several hub
// replicas on one MySQL-family database must produce the same entities as one
// hub"). Three real hubs share a fresh database and each takes one stream of
// `mdmctl import` calls of the same generated customers, shuffled differently
// and overlapping (see replica_workload.h: the same record sent to two hubs at
// once, records in two versions sent to different hubs). The result must be
// what one hub makes of the same data on a database of its own:
//  - the same partition of the records (groups compared as sets of records,
//    whatever golden ids were minted);
//  - every input record has exactly one xref, nothing lost or extra;
//  - every golden id names one group: served under its own id (not redirected
//    to another id in use) with exactly its group as members, by every
//    replica (no replica serves a stale cache);
//  - no lost update: every stored record is the newest version sent;
//  - no orphan: every golden id of the xref is served, every live entity in
//    the database has records, every member of a golden record is live.
//
// The comparison with one hub is only meaningful if one hub's result does not
// depend on the order of the data; SingleHubResultDoesNotDependOnOrder checks
// that for the very data used here. The same three streams into a single hub
// (ThreeConcurrentStreamsIntoOneHubResolveLikeOneHub) check the harness and
// the hub's own concurrency, so that a failure with three replicas points at
// the replicas.
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"
#include "tests/integration/partition.h"
#include "tests/integration/replica_workload.h"
#include "tests/integration/test_data.h"
#include "tests/unit/store/mysql_test_server.h"

namespace mdm::integration {
namespace {

const std::vector<std::string> kSources = {"erp", "finance", "callcenter"};
constexpr int kStreams = 3;
// A few thousand generated customers: 3,000 person records of about 2,150
// entities, a quarter of the records in groups of 2 to 4. Clear clusters
// only: no misspelled names and no organizations, because the hub scores a
// misspelled Latin name, or a company's English name against its Chinese
// one, differently depending on which of the two records it already holds
// (found with this test: such a pair links in one order and not in the
// other), which would make even one hub's result depend on the order of the
// data. The seed is fixed, so the data checked for order independence below
// is the data used.
const std::vector<std::string> kGeneratorFlags = {
    "--count",          "3000", "--seed",      "42",
    "--name-typo-rate", "0",    "--org-share", "0"};
// Rows per `mdmctl import` call (one source per call), and records per
// IngestRecords message: small batches give the replicas many chances to
// interleave their transactions.
constexpr int kChunkRows = 150;
constexpr char kBatchSize[] = "25";
// How many examples of one kind of finding a failure message shows.
constexpr size_t kExamples = 5;

// What the checks found, by kind: counted, a few examples kept for the
// failure message.
class Findings {
 public:
  void Add(const std::string& kind, std::string example) {
    Kind& k = kinds_[kind];
    ++k.count;
    ++total_;
    if (k.examples.size() < kExamples) k.examples.push_back(std::move(example));
  }
  int64_t total() const { return total_; }
  std::string Summary() const {
    std::string out;
    for (const auto& [kind, k] : kinds_) {
      absl::StrAppend(&out, "\n", kind, ": ", k.count, ", e.g.\n    ",
                      absl::StrJoin(k.examples, "\n    "));
    }
    return out;
  }

 private:
  struct Kind {
    int64_t count = 0;
    std::vector<std::string> examples;
  };
  std::map<std::string, Kind> kinds_;
  int64_t total_ = 0;
};

std::string KeyText(const RecordKey& key) {
  return absl::StrCat(key.first, "/", key.second);
}

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::MysqlTestServer> server =
        testing::MysqlTestServer::FromEnv();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *server;
    const std::string data = dir_.File("data");
    std::vector<std::string> gen_argv = {MDM_GEN_CSV_BINARY, "--out", data};
    gen_argv.insert(gen_argv.end(), kGeneratorFlags.begin(),
                    kGeneratorFlags.end());
    absl::StatusOr<CommandResult> gen = RunCommand(gen_argv);
    ASSERT_TRUE(gen.ok()) << gen.status();
    ASSERT_EQ(gen->exit_code, 0) << gen->err;
    WorkloadOptions options;
    options.streams = kStreams;
    absl::StatusOr<Workload> workload = BuildWorkload(data, kSources, options);
    ASSERT_TRUE(workload.ok()) << workload.status();
    workload_ = *std::move(workload);
  }

  // Runs SQL as the server's admin over TCP; the output is tab-separated
  // without headers.
  absl::StatusOr<std::string> AdminSql(const std::string& sql) const {
    absl::StatusOr<CommandResult> r = RunCommand(
        {"mariadb", "--no-defaults", "--batch", "--skip-column-names",
         absl::StrCat("--host=", server_.host),
         absl::StrCat("--port=", server_.port),
         absl::StrCat("--user=", server_.admin_user), "-e", sql});
    if (!r.ok()) return r.status();
    if (r->exit_code != 0) {
      return absl::InternalError(
          absl::StrCat("mariadb -e ", sql, ": ", r->err));
    }
    return r->out;
  }

  // A new database name for this process; dropped first in case a process
  // with the same pid left one behind on this server.
  absl::StatusOr<std::string> FreshDatabase(const std::string& tag) const {
    const std::string name = absl::StrCat("mdm_replicas_", getpid(), "_", tag);
    absl::StatusOr<std::string> dropped =
        AdminSql(absl::StrCat("DROP DATABASE IF EXISTS ", name));
    if (!dropped.ok()) return dropped.status();
    return name;
  }

  // Starts a hub on `database` (the hub creates it) in a directory of its own
  // under the test's directory.
  absl::StatusOr<std::unique_ptr<HubProcess>> StartHub(
      const std::string& database, const std::string& name) const {
    const std::string dir = dir_.File(name);
    if (mkdir(dir.c_str(), 0755) != 0) {
      return absl::InternalError(absl::StrCat("mkdir ", dir));
    }
    HubProcess::Options options;
    options.store_url =
        absl::StrCat("mysql://", server_.user, "@", server_.host, ":",
                     server_.port, "/", database);
    options.extra_env = {absl::StrCat("MDM_MYSQL_PASSWORD=", server_.password)};
    options.extra_flags = {"--log_level=warn"};
    return HubProcess::Start(dir, options);
  }

  // Imports `files` into `hub` one after another; "" when every call exited
  // 0, else what went wrong.
  static std::string ImportAll(const HubProcess& hub,
                               const std::vector<ImportFile>& files) {
    for (const ImportFile& file : files) {
      absl::StatusOr<CommandResult> r =
          hub.Mdmctl({"import", "--source", file.source, "--batch-size",
                      kBatchSize, file.path});
      if (!r.ok()) return r.status().ToString();
      if (r->exit_code != 0) {
        return absl::StrCat("mdmctl import ", file.path, " exited ",
                            r->exit_code, ": ", r->err);
      }
    }
    return "";
  }

  absl::StatusOr<std::vector<ImportFile>> WriteStream(
      const std::string& prefix, const std::vector<Delivery>& stream) const {
    return WriteImportFiles(dir_.path(), prefix, workload_.headers, stream,
                            kChunkRows);
  }

  static absl::StatusOr<Clustering> ExportXref(const HubProcess& hub) {
    absl::StatusOr<CommandResult> r = hub.Mdmctl({"export", "xref"});
    if (!r.ok()) return r.status();
    if (r->exit_code != 0) {
      return absl::InternalError(absl::StrCat("export xref: ", r->err));
    }
    return ParseClustering(r->out, "source,source_record_id,golden_id");
  }

  // One hub on a fresh database imports all the data in the order of
  // `stream`; returns its xref.
  absl::StatusOr<Clustering> SingleHubRun(
      const std::string& tag, const std::vector<Delivery>& stream) const {
    absl::StatusOr<std::string> database = FreshDatabase(tag);
    if (!database.ok()) return database.status();
    absl::StatusOr<std::vector<ImportFile>> files = WriteStream(tag, stream);
    if (!files.ok()) return files.status();
    absl::StatusOr<std::unique_ptr<HubProcess>> hub = StartHub(*database, tag);
    if (!hub.ok()) return hub.status();
    const std::string failed = ImportAll(**hub, *files);
    if (!failed.empty()) return absl::InternalError(failed);
    absl::StatusOr<Clustering> xref = ExportXref(**hub);
    absl::Status stopped = (*hub)->Stop();
    if (!stopped.ok()) return stopped;
    return xref;
  }

  // Checks every golden id of `xref` as `hub` serves it: under its own id,
  // with exactly its group as members, whose stored records carry that id and
  // are the newest version sent.
  Findings CheckGoldenRecords(const HubProcess& hub,
                              const Clustering& xref) const {
    std::map<std::string, RecordGroup> groups;
    for (const auto& [key, golden_id] : xref) groups[golden_id].insert(key);
    Findings findings;
    auto stub = v1::CustomerHub::NewStub(hub.Connect());
    std::vector<std::string> ids;
    for (const auto& [golden_id, unused] : groups) ids.push_back(golden_id);
    constexpr size_t kBatch = 1000;  // BatchGetGoldenRecords' limit
    for (size_t start = 0; start < ids.size(); start += kBatch) {
      v1::BatchGetGoldenRecordsRequest request;
      for (size_t i = start; i < std::min(ids.size(), start + kBatch); ++i) {
        request.add_golden_ids(ids[i]);
      }
      v1::BatchGetGoldenRecordsResponse response;
      grpc::ClientContext context;
      grpc::Status status =
          stub->BatchGetGoldenRecords(&context, request, &response);
      if (!status.ok()) {
        findings.Add("RPC failed", absl::StrCat("BatchGetGoldenRecords from ",
                                                request.golden_ids(0), ": ",
                                                status.error_message()));
        continue;
      }
      for (int i = 0; i < response.records_size(); ++i) {
        CheckMembers(request.golden_ids(i), response.records(i), groups,
                     findings);
      }
    }
    for (const std::string& golden_id : ids) {
      CheckStoredRecords(*stub, golden_id, groups[golden_id], findings);
    }
    return findings;
  }

  // `golden` as served for `requested`: a different id means `requested` was
  // merged away yet still names records, so one entity has two golden ids.
  static void CheckMembers(const std::string& requested,
                           const v1::GoldenRecord& golden,
                           const std::map<std::string, RecordGroup>& groups,
                           Findings& findings) {
    if (golden.golden_id() != requested) {
      findings.Add(
          "duplicate golden id (served as another id)",
          absl::StrCat(requested, " is served as ", golden.golden_id()));
      return;
    }
    const RecordGroup& group = groups.at(requested);
    RecordGroup members;
    for (const v1::Xref& x : golden.xrefs()) {
      members.emplace(x.source(), x.source_record_id());
    }
    if (members != group) {
      findings.Add("golden record's members differ from its xref group",
                   absl::StrCat(requested, " has ", members.size(),
                                " members, the xref gives it ", group.size()));
    }
  }

  void CheckStoredRecords(v1::CustomerHub::Stub& stub,
                          const std::string& golden_id,
                          const RecordGroup& group, Findings& findings) const {
    RecordGroup listed;
    v1::ListEntityRecordsRequest request;
    request.set_golden_id(golden_id);
    request.set_page_size(1000);
    do {
      v1::ListEntityRecordsResponse page;
      grpc::ClientContext context;
      grpc::Status status = stub.ListEntityRecords(&context, request, &page);
      if (!status.ok()) {
        findings.Add("RPC failed", absl::StrCat("ListEntityRecords ", golden_id,
                                                ": ", status.error_message()));
        return;
      }
      for (const v1::StoredRecord& stored : page.records()) {
        const v1::SourceRecord& r = stored.record();
        const RecordKey key(r.source(), r.source_record_id());
        listed.insert(key);
        if (stored.golden_id() != golden_id) {
          findings.Add("stored record names another golden id",
                       absl::StrCat(KeyText(key), " listed under ", golden_id,
                                    " says ", stored.golden_id()));
        }
        auto revision = r.attributes().find("revision");
        auto newest = workload_.newest_updated_at.find(key);
        if (revision == r.attributes().end() || revision->second != "new" ||
            (newest != workload_.newest_updated_at.end() &&
             r.updated_at().seconds() != newest->second)) {
          findings.Add("lost update (older version stored)", KeyText(key));
        }
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    if (listed != group) {
      findings.Add("entity's records differ from its xref group",
                   absl::StrCat(golden_id, " lists ", listed.size(),
                                " records, the xref gives it ", group.size()));
    }
  }

  // Live entities in `database` without a live record: invisible through
  // the API, which cannot list entities, so read from the store's tables.
  absl::StatusOr<int64_t> OrphanEntities(const std::string& database) const {
    absl::StatusOr<std::string> out = AdminSql(absl::StrCat(
        "SELECT COUNT(*) FROM ", database, ".entities e WHERE e.deleted = 0 ",
        "AND NOT EXISTS (SELECT 1 FROM ", database,
        ".records r WHERE r.golden_id = e.golden_id)"));
    if (!out.ok()) return out.status();
    int64_t count = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(*out), &count)) {
      return absl::InternalError(absl::StrCat("unexpected answer: ", *out));
    }
    return count;
  }

  // Runs the workload's streams concurrently, stream i into hub i % replicas
  // of `replicas` hubs on one fresh database, and checks the result against
  // one hub importing the same data alone.
  void CheckConcurrentStreams(int replicas) {
    absl::StatusOr<Clustering> single =
        SingleHubRun("single", SingleStream(workload_, 1));
    ASSERT_TRUE(single.ok()) << single.status();

    absl::StatusOr<std::string> database = FreshDatabase("shared");
    ASSERT_TRUE(database.ok()) << database.status();
    std::vector<std::unique_ptr<HubProcess>> hubs;
    for (int h = 0; h < replicas; ++h) {
      absl::StatusOr<std::unique_ptr<HubProcess>> hub =
          StartHub(*database, absl::StrCat("replica", h));
      ASSERT_TRUE(hub.ok()) << hub.status();
      hubs.push_back(*std::move(hub));
    }
    std::vector<std::vector<ImportFile>> files;
    for (int i = 0; i < kStreams; ++i) {
      absl::StatusOr<std::vector<ImportFile>> stream =
          WriteStream(absl::StrCat("stream", i), workload_.streams[i]);
      ASSERT_TRUE(stream.ok()) << stream.status();
      files.push_back(*std::move(stream));
    }
    std::vector<std::string> failures(kStreams);
    {
      std::vector<std::thread> streams;
      for (int i = 0; i < kStreams; ++i) {
        streams.emplace_back(
            [&, i] { failures[i] = ImportAll(*hubs[i % replicas], files[i]); });
      }
      for (std::thread& t : streams) t.join();
    }
    for (int i = 0; i < kStreams; ++i) {
      EXPECT_EQ(failures[i], "") << "stream " << i;
    }

    absl::StatusOr<Clustering> xref = ExportXref(*hubs[0]);
    ASSERT_TRUE(xref.ok()) << "every live record has one xref: "
                           << xref.status();
    std::set<RecordKey> exported;
    for (const auto& [key, unused] : *xref) exported.insert(key);
    std::vector<RecordKey> lost;
    std::set_difference(workload_.records.begin(), workload_.records.end(),
                        exported.begin(), exported.end(),
                        std::back_inserter(lost));
    EXPECT_TRUE(lost.empty()) << lost.size() << " input records have no "
                              << "xref, e.g. " << KeyText(lost.front());
    EXPECT_EQ(exported.size(), workload_.records.size())
        << "the xref has records that were never sent";

    const std::string name = absl::StrCat(replicas, " replica(s)");
    EXPECT_EQ(
        DescribePartitionDifference(PartitionOf(*xref), PartitionOf(*single),
                                    name, "one hub alone"),
        "");

    for (int h = 0; h < replicas; ++h) {
      SCOPED_TRACE(absl::StrCat("replica ", h));
      absl::StatusOr<Clustering> own = ExportXref(*hubs[h]);
      ASSERT_TRUE(own.ok()) << own.status();
      EXPECT_TRUE(*own == *xref) << "replicas export different xrefs";
      const Findings findings = CheckGoldenRecords(*hubs[h], *xref);
      EXPECT_EQ(findings.total(), 0) << findings.Summary();
    }

    absl::StatusOr<int64_t> orphans = OrphanEntities(*database);
    ASSERT_TRUE(orphans.ok()) << orphans.status();
    EXPECT_EQ(*orphans, 0) << "live entities without records";

    for (auto& hub : hubs) {
      absl::Status stopped = hub->Stop();
      EXPECT_TRUE(stopped.ok()) << stopped;
    }
    std::fprintf(stderr,
                 "%zu records, %lld sent in two streams at once, %zu in two "
                 "versions; %zu groups\n",
                 workload_.records.size(),
                 static_cast<long long>(workload_.same_record_count),
                 workload_.newest_updated_at.size(), PartitionOf(*xref).size());
  }

  testing::MysqlTestServer server_;
  ScopedTempDir dir_;
  Workload workload_;
};

// Every pair of records meets in the opposite order in a stream and in its
// reverse: the strongest test of order independence with two runs.
TEST_F(ReplicasTest, SingleHubResultDoesNotDependOnOrder) {
  std::vector<Delivery> stream = SingleStream(workload_, 1);
  absl::StatusOr<Clustering> forward = SingleHubRun("forward", stream);
  ASSERT_TRUE(forward.ok()) << forward.status();
  std::reverse(stream.begin(), stream.end());
  absl::StatusOr<Clustering> backward = SingleHubRun("backward", stream);
  ASSERT_TRUE(backward.ok()) << backward.status();
  EXPECT_EQ(
      DescribePartitionDifference(PartitionOf(*forward), PartitionOf(*backward),
                                  "forward", "reversed"),
      "")
      << "the generated data resolves differently in another order: the "
         "replica test cannot compare with a single hub on it";
}

// The three streams into one hub: what the replica test checks, without the
// replicas. It passes when one hub serializes its own concurrent calls, and
// shows that a failure of the replica test comes from the replicas.
TEST_F(ReplicasTest, ThreeConcurrentStreamsIntoOneHubResolveLikeOneHub) {
  CheckConcurrentStreams(1);
}

TEST_F(ReplicasTest, ThreeReplicasResolveOverlappingStreamsLikeOneHub) {
  CheckConcurrentStreams(3);
}

}  // namespace
}  // namespace mdm::integration
