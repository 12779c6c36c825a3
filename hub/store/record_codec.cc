#include "hub/store/record_codec.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
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

void PutStr(json& j, const char* name, const std::string& value) {
  if (!value.empty()) j[name] = value;
}

void PutInt(json& j, const char* name, int64_t value) {
  if (value != 0) j[name] = value;
}

void PutStrings(json& j, const char* name,
                const std::vector<std::string>& values) {
  if (!values.empty()) j[name] = values;
}

const char* KindName(Kind kind) {
  return kind == Kind::kOrganization ? "organization" : "person";
}

json KeyJson(const RecordKey& key) {
  return json{{"source", key.source},
              {"source_record_id", key.source_record_id}};
}

json ValueJson(const GoldenValue& v) {
  json j = json::object();
  PutStr(j, "value", v.value);
  PutStr(j, "normalized", v.normalized);
  json lineage = json::object();
  PutStr(lineage, "source", v.lineage.record.source);
  PutStr(lineage, "source_record_id", v.lineage.record.source_record_id);
  PutStr(lineage, "rule", v.lineage.rule);
  PutInt(lineage, "updated_at_us", v.lineage.updated_at_us);
  if (!lineage.empty()) j["lineage"] = std::move(lineage);
  PutInt(j, "support", v.support);
  return j;
}

void PutValue(json& j, const char* name, const std::optional<GoldenValue>& v) {
  if (v.has_value()) j[name] = ValueJson(*v);
}

void PutValues(json& j, const char* name,
               const std::vector<GoldenValue>& values) {
  if (values.empty()) return;
  json& array = j[name] = json::array();
  for (const GoldenValue& v : values) array.push_back(ValueJson(v));
}

// Strict UTF-8 on dump: the alternative handlers replace or drop bytes, which
// would store something other than what the source sent.
absl::StatusOr<std::string> Dump(const json& j, const std::string& what) {
  try {
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": cannot store as JSON: ", e.what()));
  }
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
  json j = json::object();
  j["kind"] = KindName(r.kind);
  PutStr(j, "name", r.name);
  PutStr(j, "national_id", r.national_id);
  PutStr(j, "birth_date", r.birth_date);
  if (r.gender == Gender::kMale) j["gender"] = "male";
  if (r.gender == Gender::kFemale) j["gender"] = "female";
  PutStrings(j, "phones", r.phones);
  PutStrings(j, "emails", r.emails);
  json address = json::object();
  PutStr(address, "line", r.address.line);
  PutStr(address, "city", r.address.city);
  PutStr(address, "region", r.address.region);
  PutStr(address, "postal_code", r.address.postal_code);
  PutStr(address, "country", r.address.country);
  if (!address.empty()) j["address"] = std::move(address);
  PutInt(j, "source_version", r.source_version);
  if (!r.attributes.empty()) j["attributes"] = r.attributes;
  if (!stored.warnings.empty()) {
    json& warnings = j["warnings"] = json::array();
    for (const FieldWarning& w : stored.warnings) {
      warnings.push_back(
          json{{"field", w.field}, {"value", w.value}, {"reason", w.reason}});
    }
  }
  // Hex text: a uint64 above 2^63 does not survive sqlite's or JavaScript's
  // JSON number handling.
  if (stored.content_hash != 0) {
    j["content_hash"] =
        absl::StrCat(absl::Hex(stored.content_hash, absl::PadSpec::kZeroPad16));
  }
  return Dump(j, RecordRowName(r.key));
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
  json j = json::object();
  j["kind"] = KindName(g.kind);
  PutValue(j, "full_name", g.full_name);
  PutValue(j, "national_id", g.national_id);
  PutValue(j, "birth_date", g.birth_date);
  PutValue(j, "gender", g.gender);
  PutValues(j, "phones", g.phones);
  PutValues(j, "emails", g.emails);
  PutValue(j, "address_line", g.address_line);
  PutValue(j, "city", g.city);
  PutValue(j, "region", g.region);
  PutValue(j, "postal_code", g.postal_code);
  PutValue(j, "country", g.country);
  if (!g.attributes.empty()) {
    json& attributes = j["attributes"] = json::object();
    for (const auto& [name, v] : g.attributes) attributes[name] = ValueJson(v);
  }
  if (!g.members.empty()) {
    json& members = j["members"] = json::array();
    for (const RecordKey& key : g.members) members.push_back(KeyJson(key));
  }
  PutStrings(j, "merged_ids", g.merged_ids);
  PutStr(j, "etag", g.etag);
  PutInt(j, "create_time_us", g.create_time_us);
  PutInt(j, "update_time_us", g.update_time_us);
  return Dump(j, absl::StrCat("entities row ", g.golden_id));
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
        GetStrings(j, "merged_ids", &g->merged_ids);
        GetStr(j, "etag", &g->etag);
        GetInt(j, "create_time_us", &g->create_time_us);
        GetInt(j, "update_time_us", &g->update_time_us);
      });
}

}  // namespace mdm
