#include "connectors/callcenter/callcenter_source.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "hub/common/status_macros.h"
#include "nlohmann/json.hpp"

namespace mdm::connectors::callcenter {
namespace {

using nlohmann::json;

std::string StringField(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Change>> MapCallLine(std::string_view line,
                                                const std::string& origin) {
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  const std::string call_id = StringField(j, "call_id");
  const std::string time_text = StringField(j, "time");
  const std::string phone = StringField(j, "caller_phone");
  std::string record_id = StringField(j, "customer_id");
  if (call_id.empty()) return absl::InvalidArgumentError("no call_id");
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, time_text, &time, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("time \"", time_text, "\" is not RFC 3339: ", error));
  }
  if (record_id.empty()) {
    if (Digits(phone).empty()) {
      return absl::InvalidArgumentError("neither customer_id nor caller_phone");
    }
    record_id = "tel:" + Digits(phone);
  }
  const int64_t micros = absl::ToUnixMicros(time);

  v1::SourceRecord record;
  record.set_source_record_id(record_id);
  record.set_kind(StringField(j, "caller_kind") == "organization"
                      ? v1::ORGANIZATION
                      : v1::PERSON);
  record.set_name(StringField(j, "caller_name"));
  if (!phone.empty()) record.add_phones(phone);
  if (std::string email = StringField(j, "caller_email"); !email.empty()) {
    record.add_emails(email);
  }
  SetTimestamp(micros, record.mutable_updated_at());

  v1::Fact fact;
  fact.set_source_record_id(record_id);
  fact.set_fact_id(call_id);
  SetTimestamp(micros, fact.mutable_occurred_at());
  v1::Interaction* call = fact.mutable_interaction();
  call->set_channel(j.contains("channel") ? StringField(j, "channel")
                                          : "phone");
  call->set_topic(StringField(j, "topic"));
  call->set_outcome(StringField(j, "outcome"));
  call->set_complaint(j.value("complaint", false) == true);
  if (std::string agent = StringField(j, "agent"); !agent.empty()) {
    (*fact.mutable_attributes())["agent"] = agent;
  }
  std::vector<Change> out;
  out.push_back(Change::Upsert(std::move(record), origin));
  out.push_back(Change::FactOf(std::move(fact), origin));
  return out;
}

absl::Status CallcenterSource::Start(std::string_view checkpoint) {
  return follower_.Start(checkpoint);
}

absl::StatusOr<Batch> CallcenterSource::Poll(int max_changes) {
  if (stopped_) return absl::CancelledError("stopped");
  Batch batch;
  // Each call yields two changes.
  const int max_lines = std::max(1, max_changes / 2);
  absl::StatusOr<bool> caught_up = follower_.Read(
      max_lines,
      [&](std::string_view line, const std::string& origin) {
        absl::StatusOr<std::vector<Change>> changes = MapCallLine(line, origin);
        if (!changes.ok()) {
          batch.dead_letters.push_back({origin,
                                        std::string(changes.status().message()),
                                        std::string(line)});
          return;
        }
        for (Change& c : *changes) batch.changes.push_back(std::move(c));
      },
      [&](std::string_view tail, const std::string& origin) {
        batch.dead_letters.push_back({origin,
                                      "incomplete last line of a rotated log",
                                      std::string(tail)});
      });
  if (!caught_up.ok()) return caught_up.status();
  batch.caught_up = *caught_up;
  batch.checkpoint = follower_.Checkpoint();
  return batch;
}

absl::Status RegisterCallcenterSource(SourceRegistry& registry) {
  return registry.Register(
      "callcenter",
      [](const json& s) -> absl::StatusOr<std::unique_ptr<Source>> {
        auto text = [&](const char* key, const char* fallback,
                        std::string* out) -> absl::Status {
          auto it = s.find(key);
          if (it == s.end() && fallback != nullptr) {
            *out = fallback;
            return absl::OkStatus();
          }
          if (it == s.end() || !it->is_string() ||
              it->get<std::string>().empty()) {
            return absl::InvalidArgumentError(
                absl::StrCat("settings.", key, " must be a non-empty string"));
          }
          *out = it->get<std::string>();
          return absl::OkStatus();
        };
        std::string directory, prefix, suffix;
        RETURN_IF_ERROR(text("directory", nullptr, &directory));
        RETURN_IF_ERROR(text("prefix", "interactions-", &prefix));
        RETURN_IF_ERROR(text("suffix", ".jsonl", &suffix));
        return std::unique_ptr<Source>(
            new CallcenterSource(directory, prefix, suffix));
      });
}

}  // namespace mdm::connectors::callcenter
