#include "hub/store/fact_codec.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/store/json_writer.h"
#include "nlohmann/json.hpp"

namespace mdm {
namespace {

void PutStr(JsonWriter& w, const char* name, const std::string& value) {
  if (value.empty()) return;
  w.Key(name);
  w.String(value);
}

std::string RowName(const Fact& f) {
  return absl::StrCat("fact (", f.record.source, ", ", f.fact_id, ")");
}

bool IsUtf8(std::string_view s) {
  while (!s.empty()) {
    const int n = Utf8SequenceLength(s);
    if (n == 0) return false;
    s.remove_prefix(n);
  }
  return true;
}

void GetStr(const nlohmann::json& j, const char* name, std::string* out) {
  if (auto it = j.find(name); it != j.end()) it->get_to(*out);
}

}  // namespace

const char* FactCategoryName(FactCategory category) {
  return category == FactCategory::kInteraction ? "interaction" : "transaction";
}

absl::StatusOr<FactCategory> FactCategoryFromName(std::string_view name) {
  if (name == "transaction") return FactCategory::kTransaction;
  if (name == "interaction") return FactCategory::kInteraction;
  return absl::DataLossError(
      absl::StrCat("unknown fact category \"", std::string(name), "\""));
}

absl::StatusOr<std::string> EncodeFactData(const Fact& f) {
  if (f.record.source.empty() || f.record.source_record_id.empty() ||
      f.fact_id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        RowName(f), ": source, source_record_id and fact_id are required"));
  }
  JsonWriter w;
  w.BeginObject();
  PutStr(w, "kind", f.kind);
  PutStr(w, "amount", f.amount);
  PutStr(w, "currency", f.currency);
  PutStr(w, "profit", f.profit);
  PutStr(w, "status", f.status);
  if (f.due_at_us != 0) {
    w.Key("due_at_us");
    w.Int(f.due_at_us);
  }
  PutStr(w, "channel", f.channel);
  PutStr(w, "topic", f.topic);
  PutStr(w, "outcome", f.outcome);
  if (f.complaint) {
    w.Key("complaint");
    w.Int(1);
  }
  if (!f.attributes.empty()) {
    w.Key("attributes");
    w.BeginObject();
    for (const auto& [k, v] : f.attributes) {
      w.Key(k);
      w.String(v);
    }
    w.EndObject();
  }
  w.EndObject();
  // The key columns are bound as text and must be UTF-8 too.
  for (const std::string* key :
       {&f.record.source, &f.record.source_record_id, &f.fact_id}) {
    if (!IsUtf8(*key)) {
      return absl::InvalidArgumentError(
          absl::StrCat(RowName(f), ": key is not valid UTF-8"));
    }
  }
  if (!w.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(RowName(f), ": ", w.bad_key(), " is not valid UTF-8"));
  }
  return w.Release();
}

absl::Status DecodeFactData(std::string_view data, Fact* f) {
  try {
    const nlohmann::json j = nlohmann::json::parse(data);
    if (!j.is_object()) throw std::invalid_argument("not an object");
    GetStr(j, "kind", &f->kind);
    GetStr(j, "amount", &f->amount);
    GetStr(j, "currency", &f->currency);
    GetStr(j, "profit", &f->profit);
    GetStr(j, "status", &f->status);
    if (auto it = j.find("due_at_us"); it != j.end()) it->get_to(f->due_at_us);
    GetStr(j, "channel", &f->channel);
    GetStr(j, "topic", &f->topic);
    GetStr(j, "outcome", &f->outcome);
    f->complaint = j.contains("complaint");
    if (auto it = j.find("attributes"); it != j.end()) {
      it->get_to(f->attributes);
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::DataLossError(
        absl::StrCat(RowName(*f), ": malformed data column: ", e.what()));
  }
}

absl::StatusOr<std::vector<std::string>> EncodeFacts(
    absl::Span<const Fact> facts) {
  std::vector<std::string> out;
  out.reserve(facts.size());
  for (const Fact& f : facts) {
    ASSIGN_OR_RETURN(std::string data, EncodeFactData(f));
    out.push_back(std::move(data));
  }
  return out;
}

}  // namespace mdm
