// Customer 360 end to end: the real mdm-hub and mdmctl on 127.0.0.1. Two
// records of one person arrive as two customers, each with its own facts;
// a third record bridging them merges the two, and the profile, scores,
// segments, credit level and steward flags follow the merge.
#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/hub_process.h"

namespace mdm::integration {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// An ISO date `days` before now (UTC), so recency rules see recent facts.
std::string DaysAgo(int days) {
  const std::time_t t =
      std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<std::string> Strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& v : j) out.push_back(v.get<std::string>());
  return out;
}

std::string FlagValue(const nlohmann::json& profile, const std::string& name,
                      const std::string& origin) {
  for (const auto& f : profile.value("flags", nlohmann::json::array())) {
    if (f.value("name", "") == name && f.value("origin", "") == origin)
      return f.value("value", "");
  }
  return "";
}

class InsightEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
  }

  void TearDown() override {
    if (hub_ != nullptr && hub_->running()) {
      absl::Status stopped = hub_->Stop();
      EXPECT_TRUE(stopped.ok()) << stopped;
    }
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    std::ofstream(path) << text;
    return path;
  }

  // Runs mdmctl and expects exit 0; returns stdout.
  std::string Ctl(const std::vector<std::string>& args) {
    auto result = hub_->Mdmctl(args);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return "";
    EXPECT_EQ(result->exit_code, 0) << result->err << "\n" << hub_->Log();
    return result->out;
  }

  nlohmann::json Profile(const std::vector<std::string>& lookup) {
    std::vector<std::string> args = {"-o", "json", "profile"};
    args.insert(args.end(), lookup.begin(), lookup.end());
    return nlohmann::json::parse(Ctl(args), nullptr, false);
  }

  std::string GoldenOf(const std::string& source, const std::string& id) {
    std::string out = Ctl({"xref", source, id});
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
      out.pop_back();
    return out;
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
};

TEST_F(InsightEndToEndTest, ProfileScoresAndSegmentsFollowAMerge) {
  // The same person in ERP (name + phone) and finance (name + e-mail): a
  // name alone links nothing, so two customers.
  Ctl({"import", "--source", "erp",
       Write("erp.csv",
             "source_record_id,name,phones\n"
             "E1,欧阳修远,+86 137 2468 1357\n")});
  Ctl({"import", "--source", "finance",
       Write("finance.csv",
             "source_record_id,name,emails\n"
             "F1,欧阳修远,ouyang.xiuyuan@example.org\n")});
  const std::string a = GoldenOf("erp", "E1");
  const std::string b = GoldenOf("finance", "F1");
  ASSERT_FALSE(a.empty());
  ASSERT_NE(a, b);

  // ERP: six orders over the year (3 per half), 2,000 each, profit 1,000.
  std::string erp =
      "source_record_id,txn_id,kind,amount,currency,occurred_at,profit\n";
  for (int d : {10, 60, 120, 200, 260, 330})
    absl::StrAppend(&erp, "E1,o", d, ",order,2000,CNY,", DaysAgo(d), ",1000\n");
  EXPECT_THAT(
      Ctl({"import-facts", "--source", "erp", Write("erp_txn.csv", erp)}),
      HasSubstr("imported 6 transactions"));
  // Finance: two orders of 5,000 (profit 3,000) and an invoice 30 days
  // overdue.
  Ctl({"import-facts", "--source", "finance",
       Write("fin_txn.csv",
             absl::StrCat("source_record_id,txn_id,kind,amount,currency,"
                          "occurred_at,profit,status\n"
                          "F1,o1,order,5000,CNY,",
                          DaysAgo(20), ",3000,\n", "F1,o2,order,5000,CNY,",
                          DaysAgo(40), ",3000,\n", "F1,i1,invoice,5000,CNY,",
                          DaysAgo(70), ",,overdue\n"))});
  Ctl({"import-facts", "--source", "erp",
       Write("calls.csv",
             absl::StrCat("source_record_id,interaction_id,channel,occurred_at,"
                          "topic,outcome,complaint\n"
                          "E1,c1,phone,",
                          DaysAgo(3), ",delivery late,open,true\n"))});

  nlohmann::json pa = Profile({a});
  ASSERT_FALSE(pa.is_discarded());
  EXPECT_THAT(Strings(pa["segments"]),
              ElementsAre("potential", "frequent_buyer"));
  EXPECT_EQ(pa["transactions"].value("purchasesInWindow", 0), 6);
  EXPECT_EQ(pa["credit"].value("level", ""), "unrated");
  EXPECT_EQ(pa["recentInteractions"].size(), 1u);
  nlohmann::json pb = Profile({b});
  EXPECT_THAT(Strings(pb["segments"]), ElementsAre("potential"));
  EXPECT_EQ(pb["credit"].value("level", ""), "B");
  EXPECT_TRUE(Ctl({"segment", "key", "--all"}).find(a) == std::string::npos);

  // A steward blacklists B before the merge.
  Ctl({"flag", b, "blacklist", "true", "--reason", "fraud", "--by", "ann"});
  EXPECT_EQ(FlagValue(Profile({b}), "blacklist", "STEWARD"), "true");

  // The call center knows the phone and the e-mail: the bridge merges A, B.
  Ctl({"import", "--source", "callcenter",
       Write("cc.csv",
             "source_record_id,name,phones,emails\n"
             "C1,欧阳修远,13724681357,OuYang.XiuYuan@Example.org\n")});
  const std::string survivor = GoldenOf("callcenter", "C1");
  ASSERT_TRUE(survivor == a || survivor == b) << survivor;

  // Either old id (one redirects) and a phone lookup give the merged view.
  for (const std::vector<std::string>& lookup :
       {std::vector<std::string>{a}, std::vector<std::string>{b},
        std::vector<std::string>{"--phone", "137-2468-1357"}}) {
    nlohmann::json p = Profile(lookup);
    ASSERT_FALSE(p.is_discarded());
    EXPECT_EQ(p["golden"].value("goldenId", ""), survivor);
    EXPECT_EQ(p["transactions"].value("purchasesInWindow", 0), 8);
    EXPECT_DOUBLE_EQ(p["transactions"].value("monetary", 0.0), 22000);
    EXPECT_DOUBLE_EQ(p["scores"].value("profit", 0.0), 12000);
    EXPECT_THAT(Strings(p["segments"]),
                ElementsAre("key", "high_value", "frequent_buyer"));
    EXPECT_EQ(p["credit"].value("level", ""), "B");
    EXPECT_EQ(FlagValue(p, "blacklist", "STEWARD"), "true");
    EXPECT_EQ(FlagValue(p, "blacklist", "COMPUTED"), "false");
  }
  EXPECT_THAT(Ctl({"segment", "key", "--all"}), HasSubstr(survivor));
  EXPECT_THAT(Ctl({"profile", survivor}), HasSubstr("key, high_value"));

  // New facts on a member change the profile at once (cache invalidated).
  Ctl({"import-facts", "--source", "callcenter",
       Write("cc_txn.csv",
             absl::StrCat("source_record_id,txn_id,kind,amount,currency,"
                          "occurred_at,profit\n"
                          "C1,r1,refund,-22000,CNY,",
                          DaysAgo(1), ",-12000\n"))});
  nlohmann::json after_refund = Profile({survivor});
  EXPECT_DOUBLE_EQ(after_refund["transactions"].value("monetary", 0.0), 0);
  EXPECT_THAT(Strings(after_refund["segments"]),
              ElementsAre("regular", "low_value", "frequent_buyer"));
}

TEST_F(InsightEndToEndTest, SamplingInspectionIsReproducibleAndReportsWilson) {
  std::string csv = "source_record_id,name,phones\n";
  for (int i = 0; i < 12; ++i)
    absl::StrAppend(&csv, "R", i, ",Person ", i, ",+86 139 0000 00", 10 + i,
                    "\n");
  Ctl({"import", "--source", "crm", Write("crm.csv", csv)});
  const std::string first =
      Ctl({"-o", "json", "sample", "--seed", "7", "--size", "5"});
  EXPECT_EQ(first, Ctl({"-o", "json", "sample", "--seed", "7", "--size", "5"}));
  nlohmann::json sample = nlohmann::json::parse(first);
  ASSERT_EQ(sample["customers"].size(), 5u);
  EXPECT_EQ(sample.value("population", 0), 12);
  // Lineage rides along: the source record behind each sampled customer.
  EXPECT_EQ(sample["customers"][0]["records"][0].value("source", ""), "crm");
  int wrong = 0;
  for (const auto& c : sample["customers"]) {
    const std::string id = c["golden"].value("goldenId", "");
    std::vector<std::string> args = {"verdict", "--seed", "7", id};
    if (wrong++ == 0) args.push_back("--wrong");
    Ctl(args);
  }
  // 1 wrong of 5: Wilson 95% interval [3.6%, 62.4%].
  EXPECT_THAT(Ctl({"inspection", "--seed", "7"}),
              HasSubstr("5 inspected, 1 wrong: error rate 20.0% (95% Wilson "
                        "interval 3.6% to 62.4%)"));
}

TEST_F(InsightEndToEndTest, QualityReportKeepsSnapshotsSoDecayShows) {
  Ctl({"import", "--source", "erp",
       Write("a.csv",
             "source_record_id,name,phones,birth_date\n"
             "1,Wang Wei,+86 138 0013 8000,1980-01-02\n"
             "2,Li Lei,12,\n")});
  Ctl({"quality", "--snapshot"});
  Ctl({"import", "--source", "erp",
       Write("b.csv", "source_record_id,name\n3,Zhao Min\n4,Sun Li\n")});
  nlohmann::json report =
      nlohmann::json::parse(Ctl({"-o", "json", "quality", "--snapshot"}));
  ASSERT_EQ(report["history"].size(), 2u);
  auto phones = [](const nlohmann::json& r) {
    for (const auto& a : r["sources"][0]["attributes"])
      if (a.value("attribute", "") == "phones")
        return a.value("completeness", 0.0);
    return -1.0;
  };
  EXPECT_DOUBLE_EQ(phones(report["history"][0]), 1.0);
  EXPECT_DOUBLE_EQ(phones(report["history"][1]), 0.5);
  const std::string text = Ctl({"quality"});
  EXPECT_THAT(text, HasSubstr("phones"));
  EXPECT_THAT(text, HasSubstr("50.0%"));  // phone validity: one of two valid
}

}  // namespace
}  // namespace mdm::integration
