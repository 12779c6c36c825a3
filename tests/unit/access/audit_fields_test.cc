#include "hub/access/audit_fields.h"

#include <gtest/gtest.h>

#include "mdm/v1/connectors.pb.h"
#include "mdm/v1/facts.pb.h"
#include "mdm/v1/hub.pb.h"

namespace mdm::access {
namespace {

TEST(AuditFields, UpsertTargetsTheNestedRecordKeyAndCarriesItsRequestId) {
  v1::UpsertRecordRequest req;
  req.mutable_record()->set_source("erp");
  req.mutable_record()->set_source_record_id("C-1");
  req.set_request_id("r-42");
  EXPECT_EQ(AuditTargetOf(req), "erp/C-1");
  EXPECT_EQ(RequestIdOf(req), "r-42");
}

TEST(AuditFields, DeleteAndConnectorTargets) {
  v1::DeleteRecordRequest del;
  del.set_source("finance");
  del.set_source_record_id("F-9");
  EXPECT_EQ(AuditTargetOf(del), "finance/F-9");
  v1::CommitCheckpointRequest commit;
  commit.set_connector_id("erp-main");
  EXPECT_EQ(AuditTargetOf(commit), "connectors/erp-main");
  EXPECT_EQ(RequestIdOf(commit), "");
}

TEST(AuditFields, RepeatedItemsNameTheFirstAndCountTheRest) {
  v1::IngestRecordsRequest req;
  for (const char* id : {"A", "B", "C"}) {
    v1::SourceRecord* r = req.add_items()->mutable_record();
    r->set_source("erp");
    r->set_source_record_id(id);
  }
  EXPECT_EQ(AuditTargetOf(req), "erp/A (+2 more)");
  v1::IngestFactsRequest one;
  one.add_facts()->set_source("erp");
  one.mutable_facts(0)->set_source_record_id("A");
  EXPECT_EQ(AuditTargetOf(one), "erp/A");
  EXPECT_EQ(AuditTargetOf(v1::IngestRecordsRequest()), "");
}

TEST(AuditFields, ClipCutsOnACharacterBoundary) {
  EXPECT_EQ(ClipUtf8("abc", 5), "abc");
  EXPECT_EQ(ClipUtf8("abcdef", 3), "abc");
  // "é" is two bytes: cutting after its first byte drops it whole.
  EXPECT_EQ(ClipUtf8("a\xC3\xA9z", 2), "a");
}

}  // namespace
}  // namespace mdm::access
