#include "hub/service/content_hash.h"

#include "hub/common/fnv1a.h"

namespace mdm::service {

uint64_t ContentHash(const SourceRecord& r) {
  Fnv1a h;
  h.Bytes(r.key.source);
  h.Bytes(r.key.source_record_id);
  h.Int(static_cast<uint64_t>(r.kind));
  h.Bytes(r.name);
  h.Bytes(r.national_id);
  h.Bytes(r.birth_date);
  h.Int(static_cast<uint64_t>(r.gender));
  h.Int(r.phones.size());
  for (const auto& p : r.phones) h.Bytes(p);
  h.Int(r.emails.size());
  for (const auto& e : r.emails) h.Bytes(e);
  h.Bytes(r.address.line);
  h.Bytes(r.address.city);
  h.Bytes(r.address.region);
  h.Bytes(r.address.postal_code);
  h.Bytes(r.address.country);
  h.Int(r.attributes.size());
  for (const auto& [k, v] : r.attributes) {
    h.Bytes(k);
    h.Bytes(v);
  }
  return h.value();
}

}  // namespace mdm::service
