// The ERP and finance connectors end to end against a real MariaDB (ctest
// fixture `mariadb`) holding the source systems, the real connector
// binaries and the real mdm-hub on 127.0.0.1; the end-to-end accuracy test
// adds the call-center connector and compares with `mdmctl import` of the
// same records; the benchmark measures connector throughput against the
// hub's own streaming ingest in the same run.
#include <unistd.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mdm/v1/facts.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/connector_process.h"
#include "tests/integration/hub_process.h"
#include "tests/unit/store/mysql_test_server.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;
using Ms = std::chrono::milliseconds;

const testing::MysqlTestServer& Server() {
  static const auto* server = [] {
    auto s = testing::MysqlTestServer::FromEnv();
    if (!s.ok()) {
      ADD_FAILURE() << s.status();
      return new testing::MysqlTestServer();
    }
    return new testing::MysqlTestServer(*s);
  }();
  return *server;
}

constexpr char kPasswordEnv[] = "MDM_TEST_SOURCE_PASSWORD";

// Runs SQL as root through the mariadb client; fails the test on error.
void Sql(const std::string& db, const std::string& sql) {
  std::vector<std::string> argv = {"mariadb",
                                   "--no-defaults",
                                   "-h",
                                   Server().host,
                                   "-P",
                                   absl::StrCat(Server().port),
                                   "-u",
                                   Server().admin_user,
                                   "--default-character-set=utf8mb4",
                                   "-e",
                                   sql};
  if (!db.empty()) argv.push_back(db);
  absl::StatusOr<CommandResult> r = RunCommand(argv);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->exit_code, 0) << sql.substr(0, 300) << "\n" << r->err;
}

std::string FreshDatabase(const std::string& what) {
  static std::atomic<int> n{0};
  return absl::StrCat("mdm_", what, "_", getpid(), "_", n++);
}

// A source database with the connector's schema, readable by the hub's
// test account.
std::string SourceDatabase(const std::string& type) {
  const std::string db = FreshDatabase(type);
  Sql("", absl::StrCat("CREATE DATABASE ", db, " CHARACTER SET utf8mb4"));
  Sql(db, absl::StrCat("source ", SourceDir(), "/connectors/", type,
                       "/schema.sql"));
  return db;
}

nlohmann::json Config(const std::string& id, const std::string& type,
                      const std::string& db, const std::string& dead_letter,
                      int poll_ms) {
  return {{"connector_id", id},
          {"source", type},
          {"type", type},
          {"dead_letter", dead_letter},
          {"poll_interval_ms", poll_ms},
          {"batch_size", 500},
          {"backoff_initial_ms", 100},
          {"backoff_max_ms", 1000},
          {"stats_interval_ms", 2000},
          {"settings",
           {{"host", Server().host},
            {"port", Server().port},
            {"user", Server().user},
            {"database", db},
            {"password_env", kPasswordEnv}}}};
}

std::vector<std::string> ConnectorEnv() {
  return {absl::StrCat(kPasswordEnv, "=", Server().password)};
}

std::vector<std::string> DeadLetters(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(ReadFileOrEmpty(path));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

absl::StatusOr<v1::GoldenRecord> GoldenOf(HubProcess& hub,
                                          const std::string& source,
                                          const std::string& id) {
  auto stub = v1::CustomerHub::NewStub(hub.Connect());
  v1::LookupXrefRequest req;
  req.set_source(source);
  req.set_source_record_id(id);
  grpc::ClientContext ctx;
  v1::Xref xref;
  grpc::Status s = stub->LookupXref(&ctx, req, &xref);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                        s.error_message());
  }
  v1::GetGoldenRecordRequest get;
  get.set_golden_id(xref.golden_id());
  grpc::ClientContext ctx2;
  v1::GoldenRecord g;
  s = stub->GetGoldenRecord(&ctx2, get, &g);
  if (!s.ok()) return absl::InternalError(s.error_message());
  return g;
}

class SqlConnectorsTest : public ::testing::Test {
 protected:
  ScopedTempDir tmp_;
};

TEST_F(SqlConnectorsTest,
       ErpUpdateAndDeleteReachTheGoldenRecordWithinOnePollInterval) {
  const std::string db = SourceDatabase("erp");
  Sql(db,
      "INSERT INTO customers (customer_code, name, phone, email, updated_at)"
      " VALUES ('C1', '王小明', '+86 138 0013 8000', 'wxm@example.com',"
      " '2024-01-01 00:00:01'),"
      " ('C2', '李娜', '+86 139 1111 2222', 'lina@example.com',"
      " '2024-01-01 00:00:02'),"
      " ('C3', 'Acme Trading Co., Ltd.', '021-5888 6677', NULL,"
      " '2024-01-01 00:00:03');"
      "INSERT INTO sales_orders (order_no, customer_id, amount, profit,"
      " ordered_at, updated_at) VALUES ('SO-1', 1, 1280.50, 99.00,"
      " '2024-01-02 10:00:00', '2024-01-02 10:00:00')");
  auto hub = HubProcess::Start(tmp_.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  constexpr int kPollMs = 1000;
  auto erp = ConnectorProcess::Start(
      tmp_.path(),
      Config("erp-main", "erp", db, tmp_.File("dead.jsonl"), kPollMs),
      (*hub)->target(), ConnectorEnv());
  ASSERT_TRUE(erp.ok()) << erp.status();
  HubReader reader((*hub)->Connect());
  ASSERT_TRUE(WaitFor([&] { return reader.CountXrefs("erp") == 3; },
                      std::chrono::seconds(60)))
      << (*erp)->Log();
  EXPECT_TRUE(WaitFor([&] { return reader.CountFacts("erp") == 1; }, Ms(5000)));

  // An update: ON UPDATE CURRENT_TIMESTAMP(6) stamps it now, newer than
  // anything the hub holds.
  auto start = std::chrono::steady_clock::now();
  Sql(db, "UPDATE customers SET name = '王大明' WHERE customer_code = 'C1'");
  EXPECT_TRUE(WaitFor(
      [&] {
        auto g = GoldenOf(**hub, "erp", "C1");
        return g.ok() && g->full_name().value() == "王大明";
      },
      Ms(10000)));
  const auto update_ms =
      std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - start);

  // A soft delete retracts the record: its golden record is gone.
  start = std::chrono::steady_clock::now();
  Sql(db, "UPDATE customers SET deleted = 1 WHERE customer_code = 'C2'");
  EXPECT_TRUE(WaitFor(
      [&] {
        return GoldenOf(**hub, "erp", "C2").status().code() ==
               absl::StatusCode::kNotFound;
      },
      Ms(10000)));
  const auto delete_ms =
      std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - start);
  std::printf(
      "[ figures ] poll interval %d ms: update visible after %lld ms,"
      " delete after %lld ms\n",
      kPollMs, static_cast<long long>(update_ms.count()),
      static_cast<long long>(delete_ms.count()));
  // One poll interval, plus the time to deliver one small batch.
  EXPECT_LE(update_ms.count(), kPollMs + 500);
  EXPECT_LE(delete_ms.count(), kPollMs + 500);
  EXPECT_EQ(reader.CountXrefs("erp"), 2);
}

TEST_F(SqlConnectorsTest, ErpMalformedRowsLandInTheDeadLetterAndTheRestFlows) {
  const std::string db = SourceDatabase("erp");
  // 400 characters fit the column; 1,200 bytes exceed what the hub takes.
  std::string long_address;
  for (int i = 0; i < 200; ++i) long_address += "长";
  Sql(db, absl::StrCat(
              "INSERT INTO customers (id, customer_code, name, address) VALUES"
              " (1, 'C1', '张伟', NULL), (2, '', '无编号', NULL),"
              " (3, 'C3', '地址太长', '",
              long_address, long_address,
              "'), (4, 'C4', '赵敏', NULL);"
              "INSERT INTO sales_orders (order_no, customer_id, amount,"
              " ordered_at) VALUES ('SO-1', 1, 10.00, NOW()),"
              " ('SO-2', 1, NULL, NOW()), ('SO-3', 999, 5.00, NOW())"));
  auto hub = HubProcess::Start(tmp_.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  auto erp = ConnectorProcess::Start(
      tmp_.path(), Config("erp-bad", "erp", db, tmp_.File("dead.jsonl"), 200),
      (*hub)->target(), ConnectorEnv());
  ASSERT_TRUE(erp.ok()) << erp.status();
  HubReader reader((*hub)->Connect());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto c = reader.Connector("erp-bad");
        return c.ok() && c->counters().records_rejected() >= 4;
      },
      std::chrono::seconds(60)))
      << (*erp)->Log();
  EXPECT_EQ(reader.CountXrefs("erp"), 2);  // C1, C4
  EXPECT_EQ(reader.CountFacts("erp"), 1);  // SO-1
  const std::string dead = ReadFileOrEmpty(tmp_.File("dead.jsonl"));
  const std::vector<std::string> letters = DeadLetters(tmp_.File("dead.jsonl"));
  ASSERT_EQ(letters.size(), 4u) << dead;
  EXPECT_THAT(dead, HasSubstr("customers id=2"));
  EXPECT_THAT(dead, HasSubstr("without customer_code or name"));
  EXPECT_THAT(dead, HasSubstr("customers id=3"));
  EXPECT_THAT(dead, HasSubstr("hub refused"));
  EXPECT_THAT(dead, HasSubstr("sales_orders"));
  EXPECT_THAT(dead, HasSubstr("order without order_no, amount or a known"));
}

TEST_F(SqlConnectorsTest,
       FinanceCarriesCreditCodesAndTurnsOverdueInvoicesIntoFacts) {
  const std::string db = SourceDatabase("finance");
  Sql(db,
      "INSERT INTO fin_customers (id, account_no, kind, name, credit_code,"
      " phone) VALUES (1, 'FIN-1', 'company', '北京星河远景科技有限公司',"
      " '91110108789123453U', '010-82881234'),"
      " (2, 'FIN-2', 'company', '坏代码公司', '12345', NULL);"
      "INSERT INTO invoices (id, invoice_no, customer_id, amount, issued_at,"
      " due_date, status) VALUES (1, 'INV-1', 1, 5000.00,"
      " '2024-01-01 00:00:00', '2024-02-01', 'overdue');"
      "INSERT INTO payments (id, payment_no, customer_id, invoice_id, amount,"
      " paid_at, due_date) VALUES (1, 'PAY-1', 1, 1, 5000.00,"
      " '2024-02-11 09:00:00', '2024-02-01');"
      "INSERT INTO credit_lines (id, credit_limit, rating) VALUES"
      " (1, 200000.00, 'AA')");
  auto hub = HubProcess::Start(tmp_.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  auto finance = ConnectorProcess::Start(
      tmp_.path(),
      Config("finance-main", "finance", db, tmp_.File("dead.jsonl"), 200),
      (*hub)->target(), ConnectorEnv());
  ASSERT_TRUE(finance.ok()) << finance.status();
  HubReader reader((*hub)->Connect());
  ASSERT_TRUE(WaitFor([&] { return reader.CountFacts("finance") == 3; },
                      std::chrono::seconds(60)))
      << (*finance)->Log();
  auto g = GoldenOf(**hub, "finance", "FIN-1");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->kind(), v1::ORGANIZATION);
  EXPECT_EQ(g->national_id().value(), "91110108789123453U");

  auto stub = v1::Facts::NewStub((*hub)->Connect());
  v1::ListFactsRequest req;
  req.set_source("finance");
  req.set_source_record_id("FIN-1");
  grpc::ClientContext ctx;
  v1::ListFactsResponse facts;
  ASSERT_TRUE(stub->ListFacts(&ctx, req, &facts).ok());
  std::map<std::string, v1::Fact> by_id;
  for (const v1::Fact& f : facts.facts()) by_id[f.fact_id()] = f;
  ASSERT_EQ(by_id.size(), 3u);
  const v1::Transaction& invoice = by_id["invoice/INV-1"].transaction();
  EXPECT_EQ(invoice.status(), "overdue");
  EXPECT_EQ(invoice.amount(), "5000.00");
  EXPECT_TRUE(by_id["invoice/INV-1"].attributes().contains("days_overdue"));
  EXPECT_EQ(by_id["payment/PAY-1"].transaction().status(), "late");
  EXPECT_EQ(by_id["payment/PAY-1"].attributes().at("days_late"), "10");
  EXPECT_EQ(by_id["credit_line/FIN-1"].transaction().status(), "AA");
  // The company with a malformed credit code is a dead letter.
  EXPECT_THAT(ReadFileOrEmpty(tmp_.File("dead.jsonl")),
              HasSubstr("is not 18 characters"));
}

// Loads the generator's output into fresh ERP and finance databases.
struct GeneratedSources {
  std::string dir, erp_db, finance_db;
  std::map<std::string, std::pair<int64_t, int64_t>> counts;  // recs, facts
};

GeneratedSources Generate(const std::string& dir, int count) {
  GeneratedSources g;
  g.dir = dir + "/gen";
  absl::StatusOr<CommandResult> r = RunCommand(
      {GenSourcesBinary(), "--out", g.dir, "--count", absl::StrCat(count)});
  EXPECT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->err : "");
  g.erp_db = SourceDatabase("erp");
  g.finance_db = SourceDatabase("finance");
  Sql(g.erp_db, absl::StrCat("source ", g.dir, "/erp.sql"));
  Sql(g.finance_db, absl::StrCat("source ", g.dir, "/finance.sql"));
  std::istringstream counts(ReadFileOrEmpty(g.dir + "/counts.txt"));
  std::string source, w1, w2;
  int64_t records = 0, facts = 0;
  while (counts >> source >> w1 >> records >> w2 >> facts) {
    g.counts[source] = {records, facts};
  }
  return g;
}

// The ERP and finance connectors ("erp-SUFFIX", "finance-SUFFIX") on the
// generated databases, dead letters in DIR/TYPE.dead.jsonl.
std::vector<std::unique_ptr<ConnectorProcess>> StartSqlConnectors(
    const GeneratedSources& gen, const std::string& dir, const std::string& hub,
    const std::string& suffix, int batch_size) {
  std::vector<std::unique_ptr<ConnectorProcess>> out;
  for (const auto& [type, db] :
       {std::pair<std::string, std::string>{"erp", gen.erp_db},
        {"finance", gen.finance_db}}) {
    nlohmann::json config =
        Config(type + "-" + suffix, type, db,
               absl::StrCat(dir, "/", type, ".dead.jsonl"), 200);
    config["batch_size"] = batch_size;
    auto c = ConnectorProcess::Start(dir, config, hub, ConnectorEnv());
    if (!c.ok()) {
      ADD_FAILURE() << c.status();
      continue;
    }
    out.push_back(*std::move(c));
  }
  return out;
}

TEST_F(SqlConnectorsTest, ErpKill9RepeatedlyStillDeliversEveryRowExactlyOnce) {
  GeneratedSources gen = Generate(tmp_.path(), 6000);
  const auto [records, facts] = gen.counts["erp"];
  ASSERT_GT(records, 1000);
  auto hub = HubProcess::Start(tmp_.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  nlohmann::json config =
      Config("erp-kill", "erp", gen.erp_db, tmp_.File("dead.jsonl"), 100);
  config["batch_size"] = 50;
  auto erp = ConnectorProcess::Start(tmp_.path(), config, (*hub)->target(),
                                     ConnectorEnv());
  ASSERT_TRUE(erp.ok()) << erp.status();
  // Each kill lands after at least one more commit, at a random moment of
  // the batch in flight.
  HubReader reader((*hub)->Connect());
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pause_ms(0, 100);
  for (int round = 0; round < 6; ++round) {
    const int64_t before = reader.Generation("erp-kill");
    ASSERT_TRUE(WaitFor([&] { return reader.Generation("erp-kill") > before; },
                        std::chrono::seconds(60)))
        << (*erp)->Log();
    std::this_thread::sleep_for(Ms(pause_ms(rng)));
    (*erp)->Kill9();
    ASSERT_TRUE((*erp)->Restart().ok());
  }
  EXPECT_TRUE(WaitFor(
      [&] {
        return reader.CountXrefs("erp") == records &&
               reader.CountFacts("erp") == facts;
      },
      std::chrono::seconds(240)))
      << (*erp)->Log();
  std::this_thread::sleep_for(Ms(500));
  EXPECT_EQ(reader.CountXrefs("erp"), records);
  EXPECT_EQ(reader.CountFacts("erp"), facts);
  EXPECT_EQ(ReadFileOrEmpty(tmp_.File("dead.jsonl")), "");
  const int resumed = (*erp)->ResumedStarts();
  std::printf(
      "[ figures ] %lld customers + %lld orders, 6 kills, %d restarts resumed "
      "from a committed checkpoint\n",
      static_cast<long long>(records), static_cast<long long>(facts), resumed);
  EXPECT_GE(resumed, 3);
}

// Pairwise precision and recall of a (source,id,cluster) CSV against the
// truth CSV of the same shape (DESIGN §8).
struct Accuracy {
  double precision = 0, recall = 0, f1 = 0;
};

std::map<std::string, std::string> ReadClusters(const std::string& csv) {
  std::map<std::string, std::string> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f = absl::StrSplit(line, ',');
    if (f.size() == 3) out[f[0] + "," + f[1]] = f[2];
  }
  return out;
}

Accuracy PairwiseAccuracy(const std::string& predicted_csv,
                          const std::string& truth_csv) {
  const auto predicted = ReadClusters(predicted_csv);
  const auto truth = ReadClusters(truth_csv);
  std::map<std::string, int64_t> pred_size, truth_size;
  std::map<std::pair<std::string, std::string>, int64_t> both;
  for (const auto& [key, cluster] : truth) {
    auto it = predicted.find(key);
    if (it == predicted.end()) continue;
    ++pred_size[it->second];
    ++truth_size[cluster];
    ++both[{it->second, cluster}];
  }
  auto pairs = [](int64_t n) { return n * (n - 1) / 2; };
  int64_t p = 0, t = 0, tp = 0;
  for (const auto& [c, n] : pred_size) p += pairs(n);
  for (const auto& [c, n] : truth_size) t += pairs(n);
  for (const auto& [c, n] : both) tp += pairs(n);
  Accuracy a;
  a.precision = p ? static_cast<double>(tp) / p : 1;
  a.recall = t ? static_cast<double>(tp) / t : 1;
  a.f1 = a.precision + a.recall > 0
             ? 2 * a.precision * a.recall / (a.precision + a.recall)
             : 0;
  return a;
}

nlohmann::json CallcenterConfig(const std::string& logs,
                                const std::string& dead_letter) {
  return {{"connector_id", "callcenter-main"},
          {"source", "callcenter"},
          {"type", "callcenter"},
          {"dead_letter", dead_letter},
          {"poll_interval_ms", 200},
          {"settings", {{"directory", logs}}}};
}

TEST_F(SqlConnectorsTest,
       EndToEndThreeConnectorsMatchTheGroundTruthLikeAnImport) {
  GeneratedSources gen = Generate(tmp_.path(), 1500);
  ScopedTempDir via_connectors, via_import;
  auto hub = HubProcess::Start(via_connectors.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  std::vector<std::unique_ptr<ConnectorProcess>> connectors =
      StartSqlConnectors(gen, tmp_.path(), (*hub)->target(), "main", 500);
  auto cc = ConnectorProcess::Start(
      tmp_.path(),
      CallcenterConfig(gen.dir + "/callcenter", tmp_.File("cc.dead.jsonl")),
      (*hub)->target());
  ASSERT_TRUE(cc.ok()) << cc.status();
  HubReader reader((*hub)->Connect());
  for (const auto& [source, counts] : gen.counts) {
    EXPECT_TRUE(WaitFor(
        [&, source = source, counts = counts] {
          return reader.CountXrefs(source) == counts.first &&
                 reader.CountFacts(source) == counts.second;
        },
        std::chrono::seconds(180)))
        << source << ": " << reader.CountXrefs(source) << " records, "
        << reader.CountFacts(source) << " facts";
  }
  absl::StatusOr<CommandResult> exported = (*hub)->Mdmctl({"export", "xref"});
  ASSERT_TRUE(exported.ok() && exported->exit_code == 0);

  // The same records through `mdmctl import` into a fresh hub.
  auto baseline = HubProcess::Start(via_import.path());
  ASSERT_TRUE(baseline.ok()) << baseline.status();
  for (const char* source : {"erp", "finance", "callcenter"}) {
    absl::StatusOr<CommandResult> imported = (*baseline)->Mdmctl(
        {"import", "--source", source, gen.dir + "/" + source + ".csv"});
    ASSERT_TRUE(imported.ok());
    EXPECT_NE(imported->exit_code, 1) << imported->err;
  }
  absl::StatusOr<CommandResult> baseline_xref =
      (*baseline)->Mdmctl({"export", "xref"});
  ASSERT_TRUE(baseline_xref.ok() && baseline_xref->exit_code == 0);

  const std::string truth = ReadFileOrEmpty(gen.dir + "/truth.csv");
  const Accuracy connectors_acc = PairwiseAccuracy(exported->out, truth);
  const Accuracy import_acc = PairwiseAccuracy(baseline_xref->out, truth);
  std::printf(
      "[ figures ] connectors: precision %.3f recall %.3f F1 %.3f; "
      "mdmctl import of the same records: precision %.3f recall %.3f F1 "
      "%.3f\n",
      connectors_acc.precision, connectors_acc.recall, connectors_acc.f1,
      import_acc.precision, import_acc.recall, import_acc.f1);
  EXPECT_GE(connectors_acc.f1, import_acc.f1 - 0.01);
  EXPECT_GE(connectors_acc.f1, 0.9);
  for (const char* source : {"erp", "finance", "cc"}) {
    EXPECT_EQ(ReadFileOrEmpty(tmp_.File(std::string(source) + ".dead.jsonl")),
              "")
        << source;
  }
}

// Connector throughput from MariaDB into the hub and, in the same run, the
// hub's own streaming ingest (`mdmctl import`) of the same customer records.
// Customers only (the fact tables are emptied first), so both sides resolve
// exactly the same records.
TEST_F(SqlConnectorsTest, BenchmarkConnectorThroughputAgainstHubIngest) {
  constexpr int kRecords = 30000;
  GeneratedSources gen = Generate(tmp_.path(), kRecords);
  Sql(gen.erp_db, "DELETE FROM sales_orders");
  Sql(gen.finance_db,
      "DELETE FROM invoices; DELETE FROM payments; DELETE FROM credit_lines");
  ScopedTempDir via_connectors, via_import;
  const int64_t rows = gen.counts["erp"].first + gen.counts["finance"].first;
  auto hub = HubProcess::Start(via_connectors.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  HubReader reader((*hub)->Connect());
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<ConnectorProcess>> connectors =
      StartSqlConnectors(gen, tmp_.path(), (*hub)->target(), "bench", 1000);
  auto acknowledged = [&] {
    int64_t n = 0;
    for (const char* id : {"erp-bench", "finance-bench"}) {
      auto c = reader.Connector(id);
      if (c.ok()) n += c->counters().records_acknowledged();
    }
    return n;
  };
  ASSERT_TRUE(WaitFor([&] { return acknowledged() >= rows; },
                      std::chrono::seconds(600)));
  const double connector_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  auto baseline = HubProcess::Start(via_import.path());
  ASSERT_TRUE(baseline.ok()) << baseline.status();
  int64_t imported_records = 0;
  const auto import_start = std::chrono::steady_clock::now();
  for (const char* source : {"erp", "finance"}) {
    absl::StatusOr<CommandResult> r =
        (*baseline)->Mdmctl({"import", "--source", source, "--batch-size",
                             "1000", gen.dir + "/" + source + ".csv"});
    ASSERT_TRUE(r.ok());
    imported_records += gen.counts[source].first;
  }
  const double import_s = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - import_start)
                              .count();
  const double connector_rate = rows / connector_s;
  const double import_rate = imported_records / import_s;
  std::printf(
      "[ figures ] connectors: %lld customer rows from MariaDB in %.1f s = "
      "%.0f rows/s; mdmctl import of the same records: %lld in %.1f s = "
      "%.0f records/s; ratio %.2f\n",
      static_cast<long long>(rows), connector_s, connector_rate,
      static_cast<long long>(imported_records), import_s, import_rate,
      connector_rate / import_rate);
  EXPECT_GT(connector_rate, 0);
}

}  // namespace
}  // namespace mdm::integration
