#include "hub/access/source_binding.h"

#include <gtest/gtest.h>

#include "mdm/v1/connectors.pb.h"
#include "mdm/v1/facts.pb.h"
#include "mdm/v1/hub.pb.h"

namespace mdm::access {
namespace {

const Principal kErp{"cert:erp", Role::kConnector, "erp", false};

TEST(SourceBinding, ConnectorWritesItsOwnSource) {
  v1::UpsertRecordRequest req;
  req.mutable_record()->set_source("erp");
  EXPECT_TRUE(CheckSourceBinding(kErp, req).ok());
}

TEST(SourceBinding, ConnectorMayNotWriteAnotherSource) {
  v1::UpsertRecordRequest req;
  req.mutable_record()->set_source("finance");
  absl::Status s = CheckSourceBinding(kErp, req);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("record.source"), absl::string_view::npos) << s;
}

TEST(SourceBinding, AnyStreamItemOfAnotherSourceIsRefused) {
  v1::IngestRecordsRequest req;
  req.add_items()->mutable_record()->set_source("erp");
  req.add_items()->mutable_record()->set_source("callcenter");
  absl::Status s = CheckSourceBinding(kErp, req);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("items[1].record.source"), absl::string_view::npos)
      << s;
}

TEST(SourceBinding, AnEmptySourceIsNotTheConnectorsSource) {
  v1::DeleteRecordRequest req;
  req.set_source_record_id("E1");
  EXPECT_FALSE(CheckSourceBinding(kErp, req).ok());
}

TEST(SourceBinding, CheckpointsOfConnectorsNamedAfterTheSource) {
  v1::CommitCheckpointRequest ok;
  ok.set_connector_id("erp-main");
  EXPECT_TRUE(CheckSourceBinding(kErp, ok).ok());
  v1::GetCheckpointRequest named;
  named.set_connector_id("connectors/erp");
  EXPECT_TRUE(CheckSourceBinding(kErp, named).ok());
  v1::CommitCheckpointRequest other;
  other.set_connector_id("erpx-main");
  EXPECT_FALSE(CheckSourceBinding(kErp, other).ok());
  v1::RegisterConnectorRequest reg;
  reg.set_connector_id("erp-main");
  reg.set_source("finance");
  EXPECT_FALSE(CheckSourceBinding(kErp, reg).ok());
}

TEST(SourceBinding, FactsOfAnotherSourceAreRefused) {
  v1::IngestFactsRequest req;
  req.add_facts()->set_source("erp");
  req.add_facts()->set_source("finance");
  EXPECT_FALSE(CheckSourceBinding(kErp, req).ok());
}

TEST(SourceBinding, OtherRolesAreNotBound) {
  v1::UpsertRecordRequest req;
  req.mutable_record()->set_source("finance");
  EXPECT_TRUE(
      CheckSourceBinding({"token:ops", Role::kAdmin, "", true}, req).ok());
}

}  // namespace
}  // namespace mdm::access
