// The Python service-desk example against the real hub: stubs generated from
// our protos at build time, Debian's python3-grpcio, GetCustomerProfile by
// phone.
#include <fstream>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/hub_process.h"

namespace mdm::integration {
namespace {

using ::testing::HasSubstr;

class ServiceDeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto hub = HubProcess::Start(dir_.path());
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = std::move(*hub);
    std::ofstream(dir_.File("c.csv"))
        << "source_record_id,name,phones\nK1,王小明,+86 138 0013 8000\n";
    std::ofstream(dir_.File("t.csv"))
        << "source_record_id,txn_id,kind,amount,currency,occurred_at,profit\n"
           "K1,o1,order,880.50,CNY,2020-01-05T10:00:00Z,100\n";
    std::ofstream(dir_.File("i.csv"))
        << "source_record_id,interaction_id,channel,occurred_at,topic,"
           "outcome,complaint\n"
           "K1,c1,phone,2020-02-01T09:30:00Z,washer repair,technician sent,"
           "true\n";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"import", "--source", "erp",
                                   dir_.File("c.csv")},
          std::vector<std::string>{"import-facts", "--source", "erp",
                                   dir_.File("t.csv")},
          std::vector<std::string>{"import-facts", "--source", "erp",
                                   dir_.File("i.csv")}}) {
      auto r = hub_->Mdmctl(args);
      ASSERT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->err : "");
    }
  }

  absl::StatusOr<CommandResult> WhoIsCalling(const std::string& phone) {
    return RunCommand(
        {"/usr/bin/python3", SourceDir() + "/clients/examples/service_desk.py",
         "--hub", hub_->target(), "--stubs", MDM_PY_STUBS_DIR, phone});
  }

  ScopedTempDir dir_;
  std::unique_ptr<HubProcess> hub_;
};

TEST_F(ServiceDeskTest, AnswersWhoIsCallingForAnyPhoneFormatting) {
  auto r = WhoIsCalling("0086 138-0013-8000");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->exit_code, 0) << r->err;
  EXPECT_THAT(r->out, HasSubstr("caller: 王小明 (G"));
  EXPECT_THAT(r->out, HasSubstr("status: churned"));
  EXPECT_THAT(r->out,
              HasSubstr("washer repair -> technician sent (complaint)"));
}

TEST_F(ServiceDeskTest, UnknownCallerExitsThree) {
  auto r = WhoIsCalling("+86 139 1111 2222");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 3) << r->err;
  EXPECT_THAT(r->out, HasSubstr("unknown caller"));
}

}  // namespace
}  // namespace mdm::integration
