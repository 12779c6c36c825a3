#include "hub/store/record_codec.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/store/json_writer.h"
#include "nlohmann/json.hpp"

namespace mdm {
namespace {

using nlohmann::json;

// Thrown inside this file only, for data that parses as JSON but makes no
// sense as a row (unknown enum name, bad hash). Caught by the decoders.
struct BadField {
  std::string what;
};

// --- encoding ---------------------------------------------------------------

void PutStr(JsonWriter& w, const char* name, const std::string& value) {
  if (value.empty()) return;
  w.Key(name);
  w.String(value);
}

void PutInt(JsonWriter& w, const char* name, int64_t value) {
  if (value == 0) return;
  w.Key(name);
  w.Int(value);
}

void PutStrings(JsonWriter& w, const char* name,
                const std::vector<std::string>& values) {
  if (values.empty()) return;
  w.Key(name);
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

const char* KindName(Kind kind) {
  return kind == Kind::kOrganization ? "organization" : "person";
}

void PutKey(JsonWriter& w, const RecordKey& key) {
  w.BeginObject();
  PutStr(w, "source", key.source);
  PutStr(w, "source_record_id", key.source_record_id);
  w.EndObject();
}

void PutValue(JsonWriter& w, const GoldenValue& v) {
  w.BeginObject();
  PutStr(w, "value", v.value);
  PutStr(w, "normalized", v.normalized);
  const Lineage& l = v.lineage;
  if (!l.record.source.empty() || !l.record.source_record_id.empty() ||
      !l.rule.empty() || l.updated_at_us != 0) {
    w.Key("lineage");
    w.BeginObject();
    PutStr(w, "source", l.record.source);
    PutStr(w, "source_record_id", l.record.source_record_id);
    PutStr(w, "rule", l.rule);
    PutInt(w, "updated_at_us", l.updated_at_us);
    w.EndObject();
  }
  PutInt(w, "support", v.support);
  w.EndObject();
}

void PutValue(JsonWriter& w, const char* name,
              const std::optional<GoldenValue>& v) {
  if (!v.has_value()) return;
  w.Key(name);
  PutValue(w, *v);
}

void PutValues(JsonWriter& w, const char* name,
               const std::vector<GoldenValue>& values) {
  if (values.empty()) return;
  w.Key(name);
  w.BeginArray();
  for (const GoldenValue& v : values) PutValue(w, v);
  w.EndArray();
}

void PutConflicts(JsonWriter& w, const std::vector<AttributeConflict>& cs) {
  if (cs.empty()) return;
  w.Key("conflicts");
  w.BeginArray();
  for (const AttributeConflict& c : cs) {
    w.BeginObject();
    PutStr(w, "attribute", c.attribute);
    w.Key("values");
    w.BeginArray();
    for (const ConflictValue& v : c.values) {
      w.BeginObject();
      PutStr(w, "value", v.value);
      PutStrings(w, "sources", v.sources);
      w.Key("records");
      w.BeginArray();
      for (const RecordKey& k : v.records) PutKey(w, k);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

// Invalid UTF-8 is refused: replacing or dropping bytes would store something
// other than what the source sent.
absl::StatusOr<std::string> Finish(JsonWriter& w, const std::string& row) {
  if (!w.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(row, ": ", w.bad_key(), " is not valid UTF-8"));
  }
  return w.Release();
}

// --- decoding ---------------------------------------------------------------

// find() and range-for accept any JSON type, so shapes are checked explicitly.
const json& Object(const json& j, const char* what) {
  if (!j.is_object()) throw BadField{absl::StrCat(what, " is not an object")};
  return j;
}

const json& Array(const json& j, const char* what) {
  if (!j.is_array()) throw BadField{absl::StrCat(what, " is not an array")};
  return j;
}

void GetStr(const json& j, const char* name, std::string* out) {
  if (auto it = j.find(name); it != j.end()) it->get_to(*out);
}

template <typename Int>
void GetInt(const json& j, const char* name, Int* out) {
  if (auto it = j.find(name); it != j.end()) it->get_to(*out);
}

void GetStrings(const json& j, const char* name,
                std::vector<std::string>* out) {
  if (auto it = j.find(name); it != j.end()) it->get_to(*out);
}

Kind KindFromName(const json& j) {
  auto it = j.find("kind");
  if (it == j.end()) return Kind::kPerson;
  const auto& name = it->get_ref<const std::string&>();
  if (name == "person") return Kind::kPerson;
  if (name == "organization") return Kind::kOrganization;
  throw BadField{absl::StrCat("unknown kind \"", name, "\"")};
}

RecordKey KeyFromJson(const json& j) {
  Object(j, "record key");
  RecordKey key;
  GetStr(j, "source", &key.source);
  GetStr(j, "source_record_id", &key.source_record_id);
  return key;
}

GoldenValue ValueFromJson(const json& j) {
  Object(j, "golden value");
  GoldenValue v;
  GetStr(j, "value", &v.value);
  GetStr(j, "normalized", &v.normalized);
  if (auto it = j.find("lineage"); it != j.end()) {
    v.lineage.record = KeyFromJson(*it);
    GetStr(*it, "rule", &v.lineage.rule);
    GetInt(*it, "updated_at_us", &v.lineage.updated_at_us);
  }
  GetInt(j, "support", &v.support);
  return v;
}

void GetValue(const json& j, const char* name,
              std::optional<GoldenValue>* out) {
  if (auto it = j.find(name); it != j.end()) *out = ValueFromJson(*it);
}

void GetValues(const json& j, const char* name, std::vector<GoldenValue>* out) {
  auto it = j.find(name);
  if (it == j.end()) return;
  out->reserve(it->size());
  for (const json& v : Array(*it, name)) out->push_back(ValueFromJson(v));
}

// Parses `data` and runs `fill` on the object; any failure becomes DataLoss
// naming the row, since a row we wrote ourselves no longer reads back.
template <typename Fill>
absl::Status Decode(std::string_view data, const std::string& row, Fill fill) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::DataLossError(
        absl::StrCat(row, ": data is not a JSON object"));
  }
  try {
    fill(j);
  } catch (const json::exception& e) {
    return absl::DataLossError(absl::StrCat(row, ": ", e.what()));
  } catch (const BadField& e) {
    return absl::DataLossError(absl::StrCat(row, ": ", e.what));
  }
  return absl::OkStatus();
}

std::string RecordRowName(const RecordKey& key) {
  return absl::StrCat("records row (", key.source, ", ", key.source_record_id,
                      ")");
}

}  // namespace

absl::StatusOr<std::string> EncodeRecordData(const StoredRecord& stored) {
  const SourceRecord& r = stored.record;
  JsonWriter w;
  w.BeginObject();
  w.Key("kind");
  w.String(KindName(r.kind));
  PutStr(w, "name", r.name);
  PutStr(w, "national_id", r.national_id);
  PutStr(w, "birth_date", r.birth_date);
  if (r.gender != Gender::kUnspecified) {
    w.Key("gender");
    w.String(r.gender == Gender::kMale ? "male" : "female");
  }
  PutStrings(w, "phones", r.phones);
  PutStrings(w, "emails", r.emails);
  const Address& a = r.address;
  if (!a.line.empty() || !a.city.empty() || !a.region.empty() ||
      !a.postal_code.empty() || !a.country.empty()) {
    w.Key("address");
    w.BeginObject();
    PutStr(w, "line", a.line);
    PutStr(w, "city", a.city);
    PutStr(w, "region", a.region);
    PutStr(w, "postal_code", a.postal_code);
    PutStr(w, "country", a.country);
    w.EndObject();
  }
  PutInt(w, "source_version", r.source_version);
  if (!r.attributes.empty()) {
    w.Key("attributes");
    w.BeginObject();
    for (const auto& [name, value] : r.attributes) {
      w.Key(name);
      w.String(value);
    }
    w.EndObject();
  }
  if (!stored.warnings.empty()) {
    w.Key("warnings");
    w.BeginArray();
    for (const FieldWarning& warning : stored.warnings) {
      w.BeginObject();
      PutStr(w, "field", warning.field);
      PutStr(w, "value", warning.value);
      PutStr(w, "reason", warning.reason);
      w.EndObject();
    }
    w.EndArray();
  }
  // Hex text: a uint64 above 2^63 does not survive sqlite's or JavaScript's
  // JSON number handling.
  if (stored.content_hash != 0) {
    w.Key("content_hash");
    w.String(absl::StrCat(
        absl::Hex(stored.content_hash, absl::PadSpec::kZeroPad16)));
  }
  w.EndObject();
  return Finish(w, RecordRowName(r.key));
}

absl::Status DecodeRecordData(std::string_view data, StoredRecord* stored) {
  SourceRecord& r = stored->record;
  return Decode(data, RecordRowName(r.key), [&](const json& j) {
    r.kind = KindFromName(j);
    GetStr(j, "name", &r.name);
    GetStr(j, "national_id", &r.national_id);
    GetStr(j, "birth_date", &r.birth_date);
    r.gender = Gender::kUnspecified;
    if (auto it = j.find("gender"); it != j.end()) {
      const auto& g = it->get_ref<const std::string&>();
      if (g == "male") {
        r.gender = Gender::kMale;
      } else if (g == "female") {
        r.gender = Gender::kFemale;
      } else {
        throw BadField{absl::StrCat("unknown gender \"", g, "\"")};
      }
    }
    GetStrings(j, "phones", &r.phones);
    GetStrings(j, "emails", &r.emails);
    if (auto it = j.find("address"); it != j.end()) {
      Object(*it, "address");
      GetStr(*it, "line", &r.address.line);
      GetStr(*it, "city", &r.address.city);
      GetStr(*it, "region", &r.address.region);
      GetStr(*it, "postal_code", &r.address.postal_code);
      GetStr(*it, "country", &r.address.country);
    }
    GetInt(j, "source_version", &r.source_version);
    if (auto it = j.find("attributes"); it != j.end()) {
      it->get_to(r.attributes);
    }
    if (auto it = j.find("warnings"); it != j.end()) {
      for (const json& w : Array(*it, "warnings")) {
        Object(w, "warning");
        FieldWarning& out = stored->warnings.emplace_back();
        GetStr(w, "field", &out.field);
        GetStr(w, "value", &out.value);
        GetStr(w, "reason", &out.reason);
      }
    }
    stored->content_hash = 0;
    if (auto it = j.find("content_hash"); it != j.end()) {
      const auto& hex = it->get_ref<const std::string&>();
      const char* end = hex.data() + hex.size();
      auto [ptr, ec] =
          std::from_chars(hex.data(), end, stored->content_hash, 16);
      if (ec != std::errc() || ptr != end) {
        throw BadField{absl::StrCat("bad content_hash \"", hex, "\"")};
      }
    }
  });
}

absl::StatusOr<std::string> EncodeEntityData(const GoldenRecord& g) {
  JsonWriter w;
  w.BeginObject();
  w.Key("kind");
  w.String(KindName(g.kind));
  PutValue(w, "full_name", g.full_name);
  PutValue(w, "national_id", g.national_id);
  PutValue(w, "birth_date", g.birth_date);
  PutValue(w, "gender", g.gender);
  PutValues(w, "phones", g.phones);
  PutValues(w, "emails", g.emails);
  PutValue(w, "address_line", g.address_line);
  PutValue(w, "city", g.city);
  PutValue(w, "region", g.region);
  PutValue(w, "postal_code", g.postal_code);
  PutValue(w, "country", g.country);
  PutValues(w, "addresses", g.addresses);
  if (!g.attributes.empty()) {
    w.Key("attributes");
    w.BeginObject();
    for (const auto& [name, v] : g.attributes) {
      w.Key(name);
      PutValue(w, v);
    }
    w.EndObject();
  }
  if (!g.members.empty()) {
    w.Key("members");
    w.BeginArray();
    for (const RecordKey& key : g.members) PutKey(w, key);
    w.EndArray();
  }
  PutConflicts(w, g.conflicts);
  PutStrings(w, "merged_ids", g.merged_ids);
  PutStr(w, "etag", g.etag);
  PutInt(w, "create_time_us", g.create_time_us);
  PutInt(w, "update_time_us", g.update_time_us);
  w.EndObject();
  return Finish(w, absl::StrCat("entities row ", g.golden_id));
}

absl::Status DecodeEntityData(std::string_view data, GoldenRecord* g) {
  return Decode(
      data, absl::StrCat("entities row ", g->golden_id), [&](const json& j) {
        g->kind = KindFromName(j);
        GetValue(j, "full_name", &g->full_name);
        GetValue(j, "national_id", &g->national_id);
        GetValue(j, "birth_date", &g->birth_date);
        GetValue(j, "gender", &g->gender);
        GetValues(j, "phones", &g->phones);
        GetValues(j, "emails", &g->emails);
        GetValue(j, "address_line", &g->address_line);
        GetValue(j, "city", &g->city);
        GetValue(j, "region", &g->region);
        GetValue(j, "postal_code", &g->postal_code);
        GetValue(j, "country", &g->country);
        GetValues(j, "addresses", &g->addresses);
        if (auto it = j.find("attributes"); it != j.end()) {
          for (const auto& [name, v] : Object(*it, "attributes").items()) {
            g->attributes.emplace(name, ValueFromJson(v));
          }
        }
        if (auto it = j.find("members"); it != j.end()) {
          g->members.reserve(it->size());
          for (const json& key : Array(*it, "members")) {
            g->members.push_back(KeyFromJson(key));
          }
        }
        if (auto it = j.find("conflicts"); it != j.end()) {
          for (const json& c : Array(*it, "conflicts")) {
            AttributeConflict& conflict = g->conflicts.emplace_back();
            GetStr(c, "attribute", &conflict.attribute);
            for (const json& v : Array(c.at("values"), "conflict values")) {
              ConflictValue& value = conflict.values.emplace_back();
              GetStr(v, "value", &value.value);
              GetStrings(v, "sources", &value.sources);
              for (const json& k : Array(v.at("records"), "records")) {
                value.records.push_back(KeyFromJson(k));
              }
            }
          }
        }
        GetStrings(j, "merged_ids", &g->merged_ids);
        GetStr(j, "etag", &g->etag);
        GetInt(j, "create_time_us", &g->create_time_us);
        GetInt(j, "update_time_us", &g->update_time_us);
      });
}

}  // namespace mdm
