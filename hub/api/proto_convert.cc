#include "hub/api/proto_convert.h"

#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"

namespace mdm::api {

int64_t MicrosFromProto(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1'000'000 + ts.nanos() / 1'000;
}

void MicrosToProto(int64_t micros, google::protobuf::Timestamp* out) {
  if (micros == 0) return;
  out->set_seconds(micros / 1'000'000);
  out->set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1'000);
}

absl::StatusOr<SourceRecord> FromProto(const v1::SourceRecord& in,
                                       absl::string_view prefix) {
  auto field = [&](absl::string_view name) {
    return absl::StrCat(prefix, ".", name);
  };
  SourceRecord r;
  r.key.source = in.source();
  r.key.source_record_id = in.source_record_id();
  switch (in.kind()) {
    case v1::KIND_UNSPECIFIED:
    case v1::PERSON:
      r.kind = Kind::kPerson;
      break;
    case v1::ORGANIZATION:
      r.kind = Kind::kOrganization;
      break;
    default:
      return FieldError(field("kind"),
                        absl::StrCat("unknown value ", in.kind()));
  }
  switch (in.gender()) {
    case v1::GENDER_UNSPECIFIED:
      r.gender = Gender::kUnspecified;
      break;
    case v1::MALE:
      r.gender = Gender::kMale;
      break;
    case v1::FEMALE:
      r.gender = Gender::kFemale;
      break;
    default:
      return FieldError(field("gender"),
                        absl::StrCat("unknown value ", in.gender()));
  }
  r.name = in.name();
  r.national_id = in.national_id();
  r.birth_date = in.birth_date();
  r.phones.assign(in.phones().begin(), in.phones().end());
  r.emails.assign(in.emails().begin(), in.emails().end());
  r.address.line = in.address().address_line();
  r.address.city = in.address().city();
  r.address.region = in.address().region();
  r.address.postal_code = in.address().postal_code();
  r.address.country = in.address().country();
  if (in.has_updated_at()) {
    const auto& ts = in.updated_at();
    // Valid google.protobuf.Timestamp range, and nothing before the epoch.
    if (ts.seconds() < 0 || ts.seconds() > 253402300799 || ts.nanos() < 0 ||
        ts.nanos() > 999'999'999) {
      return FieldError(field("updated_at"), "out of range");
    }
    r.updated_at_us = MicrosFromProto(ts);
  }
  r.source_version = in.source_version();
  r.attributes.insert(in.attributes().begin(), in.attributes().end());
  return r;
}

void ToProto(const SourceRecord& in, v1::SourceRecord* out) {
  out->set_source(in.key.source);
  out->set_source_record_id(in.key.source_record_id);
  out->set_kind(in.kind == Kind::kOrganization ? v1::ORGANIZATION : v1::PERSON);
  out->set_name(in.name);
  out->set_national_id(in.national_id);
  out->set_birth_date(in.birth_date);
  out->set_gender(in.gender == Gender::kMale     ? v1::MALE
                  : in.gender == Gender::kFemale ? v1::FEMALE
                                                 : v1::GENDER_UNSPECIFIED);
  for (const auto& p : in.phones) out->add_phones(p);
  for (const auto& e : in.emails) out->add_emails(e);
  auto* a = out->mutable_address();
  a->set_address_line(in.address.line);
  a->set_city(in.address.city);
  a->set_region(in.address.region);
  a->set_postal_code(in.address.postal_code);
  a->set_country(in.address.country);
  MicrosToProto(in.updated_at_us, out->mutable_updated_at());
  out->set_source_version(in.source_version);
  out->mutable_attributes()->insert(in.attributes.begin(), in.attributes.end());
}

void ToProto(const FieldWarning& in, v1::FieldWarning* out) {
  out->set_field(in.field);
  out->set_value(in.value);
  out->set_reason(in.reason);
}

namespace {

void ValueToProto(const GoldenValue& in, v1::GoldenValue* out) {
  out->set_value(in.value);
  out->set_normalized(in.normalized);
  out->set_support(in.support);
  auto* l = out->mutable_lineage();
  l->set_source(in.lineage.record.source);
  l->set_source_record_id(in.lineage.record.source_record_id);
  l->set_rule(in.lineage.rule);
  MicrosToProto(in.lineage.updated_at_us, l->mutable_updated_at());
}

void OptionalToProto(const std::optional<GoldenValue>& in,
                     v1::GoldenValue* out) {
  if (in) ValueToProto(*in, out);
}

}  // namespace

void ToProto(const GoldenRecord& in, v1::GoldenRecord* out) {
  out->set_name(absl::StrCat("customers/", in.golden_id));
  out->set_golden_id(in.golden_id);
  out->set_kind(in.kind == Kind::kOrganization ? v1::ORGANIZATION : v1::PERSON);
  if (in.full_name) OptionalToProto(in.full_name, out->mutable_full_name());
  if (in.national_id)
    OptionalToProto(in.national_id, out->mutable_national_id());
  if (in.birth_date) OptionalToProto(in.birth_date, out->mutable_birth_date());
  if (in.gender) OptionalToProto(in.gender, out->mutable_gender());
  for (const auto& p : in.phones) ValueToProto(p, out->add_phones());
  for (const auto& e : in.emails) ValueToProto(e, out->add_emails());
  for (const auto& a : in.addresses) ValueToProto(a, out->add_addresses());
  if (in.address_line)
    OptionalToProto(in.address_line, out->mutable_address_line());
  if (in.city) OptionalToProto(in.city, out->mutable_city());
  if (in.region) OptionalToProto(in.region, out->mutable_region());
  if (in.postal_code)
    OptionalToProto(in.postal_code, out->mutable_postal_code());
  if (in.country) OptionalToProto(in.country, out->mutable_country());
  for (const auto& [k, v] : in.attributes) {
    ValueToProto(v, &(*out->mutable_attributes())[k]);
  }
  out->set_version(in.version);
  out->set_etag(in.etag);
  out->set_record_count(static_cast<int32_t>(in.members.size()));
  for (const RecordKey& m : in.members) {
    auto* x = out->add_xrefs();
    x->set_source(m.source);
    x->set_source_record_id(m.source_record_id);
    x->set_golden_id(in.golden_id);
  }
  MicrosToProto(in.create_time_us, out->mutable_create_time());
  MicrosToProto(in.update_time_us, out->mutable_update_time());
  for (const auto& id : in.merged_ids) out->add_merged_ids(id);
}

void ToProto(const GoldenValue& in, v1::GoldenValue* out) {
  ValueToProto(in, out);
}

void ToProto(const StoredRecord& in, v1::StoredRecord* out) {
  ToProto(in.record, out->mutable_record());
  out->set_golden_id(in.golden_id);
  for (const auto& w : in.warnings) ToProto(w, out->add_warnings());
}

void ToProto(const match::FieldScore& in, v1::FieldScore* out) {
  out->set_field(in.field);
  out->set_level(in.level);
  out->set_weight(in.weight);
  out->set_tf_adjustment(in.tf_adjustment);
}

void ToProto(const service::Candidate& in, v1::Candidate* out) {
  out->set_golden_id(in.golden_id);
  out->set_score(in.score);
  out->set_match_probability(in.probability);
  out->set_decision(in.link ? "link" : "possible");
  for (const auto& f : in.fields) ToProto(f, out->add_field_scores());
  ToProto(in.golden, out->mutable_golden_record());
}

v1::Outcome ToProto(service::Outcome outcome) {
  switch (outcome) {
    case service::Outcome::kCreated:
      return v1::CREATED;
    case service::Outcome::kLinked:
      return v1::LINKED;
    case service::Outcome::kMerged:
      return v1::MERGED;
    case service::Outcome::kUpdated:
      return v1::UPDATED;
    case service::Outcome::kUnchanged:
      return v1::UNCHANGED;
    case service::Outcome::kStale:
      return v1::STALE;
    case service::Outcome::kQuarantined:
      return v1::QUARANTINED;
  }
  return v1::OUTCOME_UNSPECIFIED;
}

}  // namespace mdm::api
