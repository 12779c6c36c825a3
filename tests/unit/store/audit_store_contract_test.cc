// The AuditStore contract (hub/store/audit_store.h), run on every backend
// that instantiates AuditStoreContractTest (sqlite_store_test.cc,
// mysql_store_test.cc).
#include "hub/store/audit_store.h"
#include "tests/unit/store/side_store_contract_test.h"
#include "tests/unit/store/store_test_util.h"

namespace mdm::testing {
namespace {

AuditEvent EventOf(std::string principal, std::string method, int64_t at_us,
                   int code) {
  AuditEvent e;
  e.at_us = at_us;
  e.principal = std::move(principal);
  e.method = std::move(method);
  e.request_id = "req-" + std::to_string(at_us);
  e.target = "erp/C-1";
  e.code = code;
  e.message = code == 0 ? "" : "role reader may not call it";
  return e;
}

AuditQuery Query(std::string principal, std::string method,
                 int64_t since_us = 0, int64_t until_us = 0) {
  AuditQuery q;
  q.principal = std::move(principal);
  q.method = std::move(method);
  q.since_us = since_us;
  q.until_us = until_us;
  return q;
}

constexpr char kUpsert[] = "/mdm.v1.CustomerHub/UpsertRecord";
constexpr char kDelete[] = "/mdm.v1.CustomerHub/DeleteRecord";

TEST_P(AuditStoreContractTest, AppendedEventsComeBackInOrderWithGrowingIds) {
  auto store = Must(GetParam().audit(dir_));
  const AuditEvent a = EventOf("token:erp", kUpsert, 100, 0);
  const AuditEvent b = EventOf("token:bob", kDelete, 200, 7);
  const int64_t id_a = Must(store->Append(a));
  const int64_t id_b = Must(store->Append(b));
  EXPECT_GT(id_b, id_a);
  std::vector<AuditEvent> all = Must(store->List(AuditQuery{}));
  ASSERT_EQ(all.size(), 2u);
  AuditEvent want_a = a, want_b = b;
  want_a.id = id_a;
  want_b.id = id_b;
  EXPECT_EQ(all[0], want_a);
  EXPECT_EQ(all[1], want_b);
}

TEST_P(AuditStoreContractTest, FiltersCombineAndPagesFollowTheId) {
  auto store = Must(GetParam().audit(dir_));
  MDM_ASSERT_OK(store->Append(EventOf("token:erp", kUpsert, 100, 0)));
  MDM_ASSERT_OK(store->Append(EventOf("token:bob", kUpsert, 200, 0)));
  MDM_ASSERT_OK(store->Append(EventOf("token:erp", kDelete, 300, 0)));
  MDM_ASSERT_OK(store->Append(EventOf("token:erp", kUpsert, 400, 7)));

  AuditQuery by_principal = Query("token:erp", "");
  EXPECT_EQ(Must(store->List(by_principal)).size(), 3u);
  AuditQuery both = Query("token:erp", kUpsert);
  std::vector<AuditEvent> got = Must(store->List(both));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].at_us, 100);
  EXPECT_EQ(got[1].at_us, 400);
  AuditQuery window = Query("", "", 200, 400);
  got = Must(store->List(window));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].at_us, 200);
  EXPECT_EQ(got[1].at_us, 300);

  AuditQuery page;
  page.limit = 3;
  got = Must(store->List(page));
  ASSERT_EQ(got.size(), 3u);
  page.after_id = got.back().id;
  got = Must(store->List(page));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at_us, 400);
}

TEST_P(AuditStoreContractTest, EventsSurviveReopening) {
  {
    auto store = Must(GetParam().audit(dir_));
    MDM_ASSERT_OK(store->Append(EventOf("token:erp", kUpsert, 100, 0)));
  }
  auto again = Must(GetParam().audit(dir_));
  std::vector<AuditEvent> got = Must(again->List(AuditQuery{}));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].principal, "token:erp");
  // A new event after reopening still gets a greater id.
  EXPECT_GT(Must(again->Append(EventOf("token:erp", kDelete, 200, 0))),
            got[0].id);
}

TEST_P(AuditStoreContractTest, NonPositiveLimitIsInvalidArgument) {
  auto store = Must(GetParam().audit(dir_));
  AuditQuery none;
  none.limit = 0;
  EXPECT_EQ(store->List(none).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mdm::testing
