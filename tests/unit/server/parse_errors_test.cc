#include "hub/server/parse_errors.h"

#include <gtest/gtest.h>

#include "mdm/v1/hub.pb.h"

namespace mdm::server {
namespace {

// The bytes of an UpsertRecordRequest whose record name is `name`, built by
// hand so the serializer does not complain about invalid UTF-8.
std::string UpsertBytes(const std::string& name) {
  v1::UpsertRecordRequest req;
  req.mutable_record()->set_source("erp");
  req.mutable_record()->set_source_record_id("E1");
  // Field 1 (record), then inside it field 4 (name), length-delimited.
  std::string inner = req.record().SerializeAsString();
  inner += '\x22';
  inner += static_cast<char>(name.size());
  inner += name;
  std::string out = "\x0a";
  out += static_cast<char>(inner.size());
  out += inner;
  return out;
}

TEST(ParseErrors, AFailedParseNamesTheFieldOnceOnItsThread) {
  CaptureProtobufParseErrors();
  v1::UpsertRecordRequest req;
  EXPECT_TRUE(req.ParseFromString(UpsertBytes("Wang")));
  EXPECT_EQ(TakeInvalidUtf8Field(), std::nullopt);
  EXPECT_FALSE(req.ParseFromString(UpsertBytes("Wang \xC3\x28")));
  EXPECT_EQ(TakeInvalidUtf8Field(), "mdm.v1.SourceRecord.name");
  EXPECT_EQ(TakeInvalidUtf8Field(), std::nullopt);  // taken
}

}  // namespace
}  // namespace mdm::server
