#include "connectors/sdk/source.h"

#include <utility>

namespace mdm::connectors {

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* out) {
  out->set_seconds(micros / 1'000'000);
  out->set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1'000);
}

int64_t MicrosOf(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1'000'000 + ts.nanos() / 1'000;
}

Change Change::Upsert(v1::SourceRecord record, std::string origin) {
  Change c;
  c.type = Type::kUpsert;
  c.source_time_us = MicrosOf(record.updated_at());
  c.record = std::move(record);
  c.origin = std::move(origin);
  return c;
}

Change Change::Delete(std::string id, int64_t deleted_at_us,
                      std::string origin) {
  Change c;
  c.type = Type::kDelete;
  c.deleted_id = std::move(id);
  c.deleted_at_us = deleted_at_us;
  c.source_time_us = deleted_at_us;
  c.origin = std::move(origin);
  return c;
}

Change Change::FactOf(v1::Fact fact, std::string origin) {
  Change c;
  c.type = Type::kFact;
  c.source_time_us = MicrosOf(fact.occurred_at());
  c.fact = std::move(fact);
  c.origin = std::move(origin);
  return c;
}

}  // namespace mdm::connectors
