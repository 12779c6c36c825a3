#include "hub/store/change_log.h"

#include <algorithm>
#include <array>
#include <set>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/record_codec.h"
#include "nlohmann/json.hpp"

namespace mdm {
namespace {

using nlohmann::json;

struct NamedType {
  const char* name;
  ChangeEventType type;
};
constexpr std::array<NamedType, 8> kTypes = {{
    {"created", ChangeEventType::kCreated},
    {"updated", ChangeEventType::kUpdated},
    {"deleted", ChangeEventType::kDeleted},
    {"merged", ChangeEventType::kMerged},
    {"split", ChangeEventType::kSplit},
    {"record_moved", ChangeEventType::kRecordMoved},
    {"marked_dead", ChangeEventType::kMarkedDead},
    {"revived", ChangeEventType::kRevived},
}};

json KeyJson(const RecordKey& k) {
  return json{{"source", k.source}, {"source_record_id", k.source_record_id}};
}

RecordKey KeyOf(const json& j) {
  return {j.at("source").get<std::string>(),
          j.at("source_record_id").get<std::string>()};
}

bool SameValue(const std::optional<GoldenValue>& a,
               const std::optional<GoldenValue>& b) {
  return a == b;
}

ChangeEvent Event(ChangeEventType type, std::string golden_id, int64_t time) {
  ChangeEvent e;
  e.type = type;
  e.golden_id = std::move(golden_id);
  e.time_us = time;
  return e;
}

}  // namespace

std::vector<std::string> EntitiesToLog(const ChangeSet& change) {
  std::set<std::string> ids;
  for (const GoldenRecord& g : change.upsert_entities) ids.insert(g.golden_id);
  ids.insert(change.delete_entities.begin(), change.delete_entities.end());
  return {ids.begin(), ids.end()};
}

std::vector<std::string> ChangedFields(const GoldenRecord& a,
                                       const GoldenRecord& b) {
  std::vector<std::string> out;
  const std::pair<const char*, bool> single[] = {
      {"full_name", SameValue(a.full_name, b.full_name)},
      {"national_id", SameValue(a.national_id, b.national_id)},
      {"birth_date", SameValue(a.birth_date, b.birth_date)},
      {"gender", SameValue(a.gender, b.gender)},
      {"phones", a.phones == b.phones},
      {"emails", a.emails == b.emails},
      {"address_line", SameValue(a.address_line, b.address_line)},
      {"city", SameValue(a.city, b.city)},
      {"region", SameValue(a.region, b.region)},
      {"postal_code", SameValue(a.postal_code, b.postal_code)},
      {"country", SameValue(a.country, b.country)},
      {"kind", a.kind == b.kind},
      {"members", a.members == b.members},
      {"merged_ids", a.merged_ids == b.merged_ids},
      {"conflicts", a.conflicts == b.conflicts},
  };
  for (const auto& [name, same] : single) {
    if (!same) out.push_back(name);
  }
  std::set<std::string> keys;
  for (const auto& [k, v] : a.attributes) keys.insert(k);
  for (const auto& [k, v] : b.attributes) keys.insert(k);
  for (const std::string& k : keys) {
    auto x = a.attributes.find(k);
    auto y = b.attributes.find(k);
    const bool same = x != a.attributes.end() && y != b.attributes.end()
                          ? x->second == y->second
                          : x == a.attributes.end() && y == b.attributes.end();
    if (!same) out.push_back(absl::StrCat("attr.", k));
  }
  std::sort(out.begin(), out.end());
  return out;
}

ChangeLog PlanChangeLog(const ChangeSet& change, const EncodedChange& encoded,
                        const EntityStates& before, int64_t now_us) {
  const int64_t time = change.time_us != 0 ? change.time_us : now_us;
  auto prior = [&](const std::string& id) -> const GoldenRecord* {
    auto it = before.find(id);
    return it != before.end() && it->second ? &*it->second : nullptr;
  };
  ChangeLog log;
  std::set<std::string> merged_away;
  for (const auto& [from, to] : change.redirects) merged_away.insert(from);

  // Where each record was before: a record now in another upserted entity
  // moved (unless its entity was merged away whole, which kMerged says).
  absl::flat_hash_map<RecordKey, std::string> was_in;
  for (const std::string& id : EntitiesToLog(change)) {
    if (const GoldenRecord* p = prior(id); p && !merged_away.contains(id)) {
      for (const RecordKey& k : p->members) was_in.emplace(k, id);
    }
  }

  for (size_t i = 0; i < change.upsert_entities.size(); ++i) {
    const GoldenRecord& g = change.upsert_entities[i];
    const GoldenRecord* p = prior(g.golden_id);
    if (p != nullptr && p->version == g.version) continue;  // no new version
    log.history.push_back(
        {.golden_id = g.golden_id,
         .version = g.version,
         .time_us = g.update_time_us ? g.update_time_us : time,
         .deleted = false,
         .data = encoded.entities[i]});
    ChangeEvent e =
        Event(p ? ChangeEventType::kUpdated : ChangeEventType::kCreated,
              g.golden_id, time);
    e.version = g.version;
    if (p) e.changed_fields = ChangedFields(*p, g);
    log.events.push_back(std::move(e));
    for (const RecordKey& k : g.members) {
      auto it = was_in.find(k);
      if (it == was_in.end() || it->second == g.golden_id) continue;
      ChangeEvent moved =
          Event(ChangeEventType::kRecordMoved, g.golden_id, time);
      moved.version = g.version;
      moved.from_id = it->second;
      moved.record = k;
      log.events.push_back(std::move(moved));
    }
  }
  for (const std::string& id : change.delete_entities) {
    const GoldenRecord* p = prior(id);
    if (p == nullptr) continue;
    log.history.push_back({.golden_id = id,
                           .version = p->version + 1,
                           .time_us = time,
                           .deleted = true,
                           .data = "{}"});
    if (merged_away.contains(id)) continue;  // kMerged below says it
    ChangeEvent e = Event(ChangeEventType::kDeleted, id, time);
    e.version = p->version + 1;
    log.events.push_back(std::move(e));
  }
  for (const auto& redirect : change.redirects) {
    // Named references, not structured bindings: clang 14 (the sanitizer build)
    // cannot capture those in a lambda.
    const std::string& from = redirect.first;
    const std::string& to = redirect.second;
    const bool explicit_event = std::any_of(
        change.events.begin(), change.events.end(), [&](const ChangeEvent& e) {
          return e.type == ChangeEventType::kMerged && e.from_id == from &&
                 e.golden_id == to;
        });
    if (explicit_event) continue;
    ChangeEvent e = Event(ChangeEventType::kMerged, to, time);
    e.from_id = from;
    log.events.push_back(std::move(e));
  }
  for (ChangeEvent e : change.events) {
    if (e.time_us == 0) e.time_us = time;
    e.sequence = 0;
    log.events.push_back(std::move(e));
  }
  return log;
}

void AdvanceStates(const ChangeSet& change, EntityStates& states) {
  for (const GoldenRecord& g : change.upsert_entities) states[g.golden_id] = g;
  for (const std::string& id : change.delete_entities) states[id].reset();
}

const char* EventTypeName(ChangeEventType type) {
  for (const NamedType& t : kTypes) {
    if (t.type == type) return t.name;
  }
  return "unknown";
}

absl::StatusOr<ChangeEventType> EventTypeFromName(std::string_view name) {
  for (const NamedType& t : kTypes) {
    if (name == t.name) return t.type;
  }
  return absl::DataLossError(
      absl::StrCat("change_events: unknown type \"", std::string(name), "\""));
}

std::string EncodeEventData(const ChangeEvent& e) {
  json j = json::object();
  if (!e.changed_fields.empty()) j["changed_fields"] = e.changed_fields;
  if (!e.from_id.empty()) j["from_id"] = e.from_id;
  if (!e.into_ids.empty()) j["into_ids"] = e.into_ids;
  if (!e.record.source.empty()) j["record"] = KeyJson(e.record);
  if (!e.reason.empty()) j["reason"] = e.reason;
  return j.dump();
}

absl::Status DecodeEventData(std::string_view data, ChangeEvent* e) {
  try {
    json j = json::parse(data);
    if (auto it = j.find("changed_fields"); it != j.end())
      it->get_to(e->changed_fields);
    if (auto it = j.find("from_id"); it != j.end()) it->get_to(e->from_id);
    if (auto it = j.find("into_ids"); it != j.end()) it->get_to(e->into_ids);
    if (auto it = j.find("record"); it != j.end()) e->record = KeyOf(*it);
    if (auto it = j.find("reason"); it != j.end()) it->get_to(e->reason);
    return absl::OkStatus();
  } catch (const json::exception& ex) {
    return absl::DataLossError(
        absl::StrCat("change_events row ", e->sequence, ": ", ex.what()));
  }
}

std::string EncodeConflict(const AttributeConflict& c) {
  json values = json::array();
  for (const ConflictValue& v : c.values) {
    json records = json::array();
    for (const RecordKey& k : v.records) records.push_back(KeyJson(k));
    values.push_back(
        {{"value", v.value}, {"sources", v.sources}, {"records", records}});
  }
  return json{{"values", values}}.dump();
}

absl::Status DecodeConflict(std::string_view data, AttributeConflict* out) {
  try {
    json j = json::parse(data);
    for (const json& v : j.at("values")) {
      ConflictValue& value = out->values.emplace_back();
      v.at("value").get_to(value.value);
      v.at("sources").get_to(value.sources);
      for (const json& k : v.at("records")) value.records.push_back(KeyOf(k));
    }
    return absl::OkStatus();
  } catch (const json::exception& ex) {
    return absl::DataLossError(
        absl::StrCat("golden_conflicts row ", out->attribute, ": ", ex.what()));
  }
}

absl::StatusOr<GoldenRecord> HistoryVersion(std::string_view golden_id,
                                            int64_t version, int64_t time_us,
                                            bool deleted,
                                            std::string_view data) {
  GoldenRecord g;
  g.golden_id = golden_id;
  if (!deleted) RETURN_IF_ERROR(DecodeEntityData(data, &g));
  g.version = version;
  g.update_time_us = time_us;
  return g;
}

absl::StatusOr<ChangeEvent> EventFromColumns(int64_t seq,
                                             std::string_view golden_id,
                                             std::string_view type,
                                             int64_t version, int64_t time_us,
                                             std::string_view data) {
  ChangeEvent e;
  e.sequence = seq;
  e.golden_id = golden_id;
  ASSIGN_OR_RETURN(e.type, EventTypeFromName(type));
  e.version = version;
  e.time_us = time_us;
  RETURN_IF_ERROR(DecodeEventData(data, &e));
  return e;
}

absl::StatusOr<EntityConflict> ConflictFromColumns(std::string_view golden_id,
                                                   std::string_view attribute,
                                                   std::string_view data) {
  EntityConflict c;
  c.golden_id = golden_id;
  c.conflict.attribute = attribute;
  RETURN_IF_ERROR(DecodeConflict(data, &c.conflict));
  return c;
}

}  // namespace mdm
