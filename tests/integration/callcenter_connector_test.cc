// The call-center connector end to end: the real mdm-connector-callcenter
// binary follows real log files into the real mdm-hub over gRPC on
// 127.0.0.1. Crashes (SIGKILL at random points), a hub that goes away
// mid-stream, malformed lines, graceful stop, and `mdmctl connectors`.
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/connector_process.h"
#include "tests/integration/hub_process.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// One call of caller `caller` (1-based): customer CC-<caller>.
std::string CallLine(int call, int caller) {
  return absl::StrFormat(
      R"({"call_id":"CALL-%06d","time":"2024-05-%02dT%02d:%02d:00+08:00",)"
      R"("customer_id":"CC-%04d","caller_name":"客户%d号",)"
      R"("caller_phone":"+86 139 %04d %04d","topic":"billing",)"
      R"("complaint":%s,"outcome":"resolved"})",
      call, 1 + call / 1000, (call / 60) % 24, call % 60, caller, caller,
      caller, call % 10000, call % 7 == 0 ? "true" : "false");
}

// Appends calls [first, last) to the day file of each call, 1,000 calls a
// day (so the logs rotate), callers cycling over `callers`.
void WriteCalls(const std::string& dir, int first, int last, int callers) {
  std::map<std::string, std::string> files;
  for (int c = first; c < last; ++c) {
    files[absl::StrFormat("%s/interactions-202405%02d.jsonl", dir,
                          1 + c / 1000)] += CallLine(c, 1 + c % callers) + "\n";
  }
  for (const auto& [path, text] : files) {
    std::ofstream(path, std::ios::app) << text;
  }
}

nlohmann::json Config(const std::string& id, const std::string& logs,
                      const std::string& dead_letter) {
  return {{"connector_id", id},        {"source", "callcenter"},
          {"type", "callcenter"},      {"dead_letter", dead_letter},
          {"poll_interval_ms", 100},   {"batch_size", 200},
          {"backoff_initial_ms", 100}, {"backoff_max_ms", 1000},
          {"stats_interval_ms", 1000}, {"settings", {{"directory", logs}}}};
}

class CallcenterConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logs_ = tmp_.File("logs");
    std::filesystem::create_directories(logs_);
  }

  ScopedTempDir tmp_;
  std::string logs_;
};

TEST_F(CallcenterConnectorTest,
       Kill9RepeatedlyStillDeliversEveryCallExactlyOnce) {
  constexpr int kCalls = 4000, kCallers = 900;
  WriteCalls(logs_, 0, 3000, kCallers);
  auto hub = HubProcess::Start(tmp_.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  auto connector = ConnectorProcess::Start(
      tmp_.path(), Config("cc-kill", logs_, tmp_.File("dead.jsonl")),
      (*hub)->target());
  ASSERT_TRUE(connector.ok()) << connector.status();

  // Each kill lands after the connector committed at least once more, at a
  // random moment of the batch in flight.
  HubReader reader((*hub)->Connect());
  std::mt19937 rng(20240501);
  std::uniform_int_distribution<int> pause_ms(0, 150);
  for (int round = 0; round < 6; ++round) {
    const int64_t before = reader.Generation("cc-kill");
    ASSERT_TRUE(WaitFor([&] { return reader.Generation("cc-kill") > before; },
                        std::chrono::seconds(60)))
        << (*connector)->Log();
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    (*connector)->Kill9();
    // The telephony system keeps writing while the connector is down, the
    // last line of the day file half-written for a moment.
    if (round == 2) WriteCalls(logs_, 3000, 3500, kCallers);
    ASSERT_TRUE((*connector)->Restart().ok());
  }
  std::ofstream(absl::StrCat(logs_, "/interactions-20240504.jsonl"),
                std::ios::app)
      << CallLine(3500, 1).substr(0, 40);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    std::ofstream f(absl::StrCat(logs_, "/interactions-20240504.jsonl"),
                    std::ios::app);
    f << CallLine(3500, 1).substr(40) << "\n";
  }
  WriteCalls(logs_, 3501, kCalls, kCallers);

  EXPECT_TRUE(WaitFor([&] { return reader.CountFacts("callcenter") >= kCalls; },
                      std::chrono::seconds(120)))
      << (*connector)->Log();
  // Let any replay in flight land, then count: every call once, every
  // caller once, nothing refused.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(reader.CountFacts("callcenter"), kCalls);
  EXPECT_EQ(reader.CountXrefs("callcenter"), kCallers);
  absl::StatusOr<v1::Connector> status = reader.Connector("cc-kill");
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(status->counters().records_rejected(), 0);
  // Two changes per call (caller upsert + fact).
  EXPECT_GE(status->counters().records_acknowledged(), 2 * kCalls);
  EXPECT_EQ(ReadFileOrEmpty(tmp_.File("dead.jsonl")), "");
  const int resumed = (*connector)->ResumedStarts();
  std::printf(
      "[ figures ] %d calls, 6 kills, %d restarts resumed from a committed "
      "checkpoint; final checkpoint generation %lld\n",
      kCalls, resumed,
      static_cast<long long>(status->checkpoint().generation()));
  EXPECT_GE(resumed, 3);
}

TEST_F(CallcenterConnectorTest,
       HubStoppedMidStreamConnectorBacksOffAndResumes) {
  // A fixed port: the connector keeps its address while the hub is away.
  int port = 0;
  {
    auto probe = HubProcess::Start(tmp_.File(""));
    ASSERT_TRUE(probe.ok()) << probe.status();
    port = (*probe)->port();
    ASSERT_TRUE((*probe)->Stop().ok());
  }
  HubProcess::Options options;
  options.listen = absl::StrCat("127.0.0.1:", port);
  options.shutdown_grace_seconds = 2;
  auto hub = HubProcess::Start(tmp_.path(), options);
  ASSERT_TRUE(hub.ok()) << hub.status();
  WriteCalls(logs_, 0, 1000, 500);
  auto connector = ConnectorProcess::Start(
      tmp_.path(), Config("cc-hub-down", logs_, tmp_.File("dead.jsonl")),
      (*hub)->target());
  ASSERT_TRUE(connector.ok()) << connector.status();
  {
    HubReader reader((*hub)->Connect());
    ASSERT_TRUE(WaitFor([&] { return reader.CountFacts("callcenter") > 0; },
                        std::chrono::seconds(60)));
  }
  ASSERT_TRUE((*hub)->Stop().ok());
  WriteCalls(logs_, 1000, 2000, 500);
  // Down for a while: the connector retries with backoff and stays up.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE((*connector)->running()) << (*connector)->Log();
  EXPECT_THAT((*connector)->Log(), HasSubstr("retry #3"));

  // Back on the same store and port.
  hub = HubProcess::Start(tmp_.path(), options);
  ASSERT_TRUE(hub.ok()) << hub.status();
  HubReader reader((*hub)->Connect());
  EXPECT_TRUE(WaitFor([&] { return reader.CountFacts("callcenter") >= 2000; },
                      std::chrono::seconds(60)))
      << (*connector)->Log();
  EXPECT_EQ(reader.CountFacts("callcenter"), 2000);
  EXPECT_EQ(reader.CountXrefs("callcenter"), 500);

  // mdmctl shows it; the outage was reported and then cleared.
  absl::StatusOr<CommandResult> list = (*hub)->Mdmctl({"connectors", "list"});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->exit_code, 0) << list->err;
  EXPECT_THAT(list->out, HasSubstr("cc-hub-down"));
  EXPECT_THAT(list->out, HasSubstr("callcenter"));
  absl::StatusOr<CommandResult> status =
      (*hub)->Mdmctl({"-o", "json", "connectors", "status", "cc-hub-down"});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->exit_code, 0) << status->err;
  nlohmann::json j = nlohmann::json::parse(status->out);
  EXPECT_EQ(j["connectorId"], "cc-hub-down");
  EXPECT_TRUE(j.contains("lastErrorTime")) << status->out;
  EXPECT_THAT(j["checkpoint"]["position"].get<std::string>(), Not(""));
  absl::StatusOr<CommandResult> missing =
      (*hub)->Mdmctl({"connectors", "status", "nobody"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->exit_code, 1);
  EXPECT_THAT(missing->err, HasSubstr("NOT_FOUND"));
}

TEST_F(CallcenterConnectorTest,
       MalformedLinesGoToTheDeadLetterAndTheRestFlows) {
  const std::string too_long(400, 'x');  // a name the hub refuses
  std::ofstream(absl::StrCat(logs_, "/interactions-20240501.jsonl"))
      << CallLine(1, 1) << "\n"
      << "this is not json\n"
      << R"({"time":"2024-05-01T10:00:00Z","customer_id":"CC-9"})"
      << "\n"
      << R"({"call_id":"X1","time":"yesterday","customer_id":"CC-9"})"
      << "\n"
      << R"({"call_id":"X2","time":"2024-05-01T10:00:00Z","customer_id":"CC-8",)"
      << R"("caller_name":")" << too_long << too_long << too_long << R"("})"
      << "\n"
      << CallLine(2, 2) << "\n";
  auto hub = HubProcess::Start(tmp_.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  auto connector = ConnectorProcess::Start(
      tmp_.path(), Config("cc-bad", logs_, tmp_.File("dead.jsonl")),
      (*hub)->target());
  ASSERT_TRUE(connector.ok()) << connector.status();
  HubReader reader((*hub)->Connect());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto c = reader.Connector("cc-bad");
        return c.ok() && c->counters().records_rejected() >= 4;
      },
      std::chrono::seconds(60)))
      << (*connector)->Log();
  // The good calls flowed; the bad ones are in the dead letter with why.
  EXPECT_EQ(reader.CountFacts("callcenter"), 3);  // 2 good + X2's call fact
  EXPECT_EQ(reader.CountXrefs("callcenter"), 2);
  std::vector<nlohmann::json> letters;
  std::istringstream dead(ReadFileOrEmpty(tmp_.File("dead.jsonl")));
  for (std::string line; std::getline(dead, line);) {
    letters.push_back(nlohmann::json::parse(line));
  }
  ASSERT_EQ(letters.size(), 4u) << ReadFileOrEmpty(tmp_.File("dead.jsonl"));
  EXPECT_THAT(letters[0]["reason"].get<std::string>(), HasSubstr("JSON"));
  EXPECT_EQ(letters[0]["raw"], "this is not json");
  EXPECT_THAT(letters[1]["reason"].get<std::string>(), HasSubstr("call_id"));
  EXPECT_THAT(letters[2]["reason"].get<std::string>(), HasSubstr("RFC 3339"));
  EXPECT_THAT(letters[3]["reason"].get<std::string>(),
              HasSubstr("hub refused"));
  EXPECT_THAT(letters[3]["reason"].get<std::string>(), HasSubstr("name"));
  for (const auto& l : letters) {
    EXPECT_EQ(l["connector"], "cc-bad");
    EXPECT_THAT(l["origin"].get<std::string>(),
                HasSubstr("interactions-20240501.jsonl:"));
  }
}

TEST_F(CallcenterConnectorTest, SigtermStopsPromptlyWithExitZero) {
  WriteCalls(logs_, 0, 100, 50);
  auto hub = HubProcess::Start(tmp_.path());
  ASSERT_TRUE(hub.ok()) << hub.status();
  auto connector = ConnectorProcess::Start(
      tmp_.path(), Config("cc-term", logs_, tmp_.File("dead.jsonl")),
      (*hub)->target());
  ASSERT_TRUE(connector.ok()) << connector.status();
  HubReader reader((*hub)->Connect());
  ASSERT_TRUE(WaitFor([&] { return reader.CountFacts("callcenter") == 100; },
                      std::chrono::seconds(60)));
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<int> code = (*connector)->Stop(std::chrono::seconds(5));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << (*connector)->Log();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_THAT((*connector)->Log(), HasSubstr("stopping (signal)"));
}

}  // namespace
}  // namespace mdm::integration
