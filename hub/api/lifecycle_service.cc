#include "hub/api/lifecycle_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "hub/api/call_gate.h"
#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/api/status_convert.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"
#include "hub/golden/rules.h"

namespace mdm::api {
namespace {

constexpr int kWatchPage = 200;

void RefToProto(const RecordKey& k, v1::RecordRef* out) {
  out->set_source(k.source);
  out->set_source_record_id(k.source_record_id);
}

v1::ChangeEvent::Type TypeToProto(ChangeEventType t) {
  switch (t) {
    case ChangeEventType::kCreated:
      return v1::ChangeEvent::CREATED;
    case ChangeEventType::kUpdated:
      return v1::ChangeEvent::UPDATED;
    case ChangeEventType::kDeleted:
      return v1::ChangeEvent::DELETED;
    case ChangeEventType::kMerged:
      return v1::ChangeEvent::MERGED;
    case ChangeEventType::kSplit:
      return v1::ChangeEvent::SPLIT;
    case ChangeEventType::kRecordMoved:
      return v1::ChangeEvent::RECORD_MOVED;
    case ChangeEventType::kMarkedDead:
      return v1::ChangeEvent::MARKED_DEAD;
    case ChangeEventType::kRevived:
      return v1::ChangeEvent::REVIVED;
  }
  return v1::ChangeEvent::TYPE_UNSPECIFIED;
}

void EventToProto(const ChangeEvent& e, v1::ChangeEvent* out) {
  out->set_sequence(e.sequence);
  out->set_type(TypeToProto(e.type));
  out->set_golden_id(e.golden_id);
  out->set_version(e.version);
  MicrosToProto(e.time_us, out->mutable_time());
  for (const std::string& f : e.changed_fields) out->add_changed_fields(f);
  out->set_from_id(e.from_id);
  for (const std::string& id : e.into_ids) out->add_into_ids(id);
  if (!e.record.source.empty()) RefToProto(e.record, out->mutable_record());
  out->set_reason(e.reason);
}

absl::StatusOr<int64_t> ParseVersion(const std::string& s) {
  int64_t v = 0;
  if (!absl::SimpleAtoi(s, &v) || v <= 0) {
    return FieldError("page_token", "not a token from this listing");
  }
  return v;
}

}  // namespace

grpc::Status LifecycleService::ListGoldenHistory(
    grpc::ServerContext* ctx, const v1::ListGoldenHistoryRequest* req,
    v1::ListGoldenHistoryResponse* resp) {
  // Access control (call_gate.h): this sync service sits outside Unary().
  if (absl::Status verdict = CallVerdict(*ctx); !verdict.ok()) {
    return ToGrpcStatus(verdict);
  }
  return ToGrpcStatus([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 50, 500));
    ASSIGN_OR_RETURN(std::vector<std::string> token,
                     DecodePageToken(req->page_token(), 1));
    int64_t before = 0;
    if (!token[0].empty()) {
      ASSIGN_OR_RETURN(before, ParseVersion(token[0]));
    }
    ASSIGN_OR_RETURN(
        std::vector<GoldenRecord> versions,
        service_->ListGoldenHistory(req->golden_id(), before, size + 1));
    for (int i = 0; i < static_cast<int>(versions.size()) && i < size; ++i) {
      v1::GoldenVersion* v = resp->add_versions();
      ToProto(versions[i], v->mutable_record());
      // A deletion is stored without content (see Store::ListEntityHistory).
      v->set_deleted(versions[i].members.empty());
    }
    if (static_cast<int>(versions.size()) > size) {
      resp->set_next_page_token(
          EncodePageToken({absl::StrCat(versions[size - 1].version)}));
    }
    return absl::OkStatus();
  }());
}

grpc::Status LifecycleService::WatchChanges(
    grpc::ServerContext* ctx, const v1::WatchChangesRequest* req,
    grpc::ServerWriter<v1::ChangeEvent>* writer) {
  // Access control (call_gate.h): this sync service sits outside Unary().
  if (absl::Status verdict = CallVerdict(*ctx); !verdict.ok()) {
    return ToGrpcStatus(verdict);
  }
  int64_t after = req->after_sequence();
  while (!ctx->IsCancelled() && !stopping_) {
    absl::StatusOr<std::vector<ChangeEvent>> events =
        service_->ListChangeEvents(after, kWatchPage);
    if (!events.ok()) return ToGrpcStatus(events.status());
    for (const ChangeEvent& e : *events) {
      v1::ChangeEvent out;
      EventToProto(e, &out);
      if (!writer->Write(out)) return grpc::Status::CANCELLED;
      after = e.sequence;
    }
    // Caught up: wait for more commits (ours or another hub's).
    if (events->size() < static_cast<size_t>(kWatchPage)) {
      absl::SleepFor(poll_interval_);
    }
  }
  return grpc::Status::OK;
}

grpc::Status LifecycleService::ListConflicts(
    grpc::ServerContext* ctx, const v1::ListConflictsRequest* req,
    v1::ListConflictsResponse* resp) {
  // Access control (call_gate.h): this sync service sits outside Unary().
  if (absl::Status verdict = CallVerdict(*ctx); !verdict.ok()) {
    return ToGrpcStatus(verdict);
  }
  return ToGrpcStatus([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int size, PageSize(req->page_size(), 50, 500));
    ASSIGN_OR_RETURN(std::vector<std::string> token,
                     DecodePageToken(req->page_token(), 2));
    EntityConflict after;
    after.golden_id = token[0];
    after.conflict.attribute = token[1];
    ASSIGN_OR_RETURN(std::vector<EntityConflict> found,
                     service_->ListConflicts(after, size + 1));
    for (int i = 0; i < static_cast<int>(found.size()) && i < size; ++i) {
      v1::Conflict* c = resp->add_conflicts();
      c->set_golden_id(found[i].golden_id);
      c->set_attribute(found[i].conflict.attribute);
      for (const ConflictValue& v : found[i].conflict.values) {
        v1::ConflictValue* out = c->add_values();
        out->set_value(v.value);
        for (const std::string& s : v.sources) out->add_sources(s);
        for (const RecordKey& k : v.records) RefToProto(k, out->add_records());
      }
    }
    if (static_cast<int>(found.size()) > size) {
      const EntityConflict& last = found[size - 1];
      resp->set_next_page_token(
          EncodePageToken({last.golden_id, last.conflict.attribute}));
    }
    return absl::OkStatus();
  }());
}

grpc::Status LifecycleService::ExplainGoldenRecord(
    grpc::ServerContext* ctx, const v1::ExplainGoldenRecordRequest* req,
    v1::ExplainGoldenRecordResponse* resp) {
  // Access control (call_gate.h): this sync service sits outside Unary().
  if (absl::Status verdict = CallVerdict(*ctx); !verdict.ok()) {
    return ToGrpcStatus(verdict);
  }
  return ToGrpcStatus([&]() -> absl::Status {
    ASSIGN_OR_RETURN(service::ResolutionService::GoldenExplanation e,
                     service_->ExplainGolden(req->golden_id()));
    ToProto(e.golden, resp->mutable_golden());
    for (const auto& p : e.pairs) {
      v1::PairEvidence* out = resp->add_pairs();
      RefToProto(p.left, out->mutable_left());
      RefToProto(p.right, out->mutable_right());
      for (const match::FieldScore& f : p.score.fields) {
        ToProto(f, out->add_comparisons());
      }
      out->set_total(p.score.total);
      out->set_match_probability(p.probability);
      out->set_decision(p.decision);
    }
    for (const golden::AttributeDecision& d : e.attributes) {
      if (d.ranked.empty()) continue;  // no record carries it
      v1::AttributeDecision* out = resp->add_attributes();
      out->set_attribute(d.attribute);
      out->set_rule(std::string(golden::RuleName(d.rule.kind)));
      for (const std::string& s : d.rule.trust) out->add_trust(s);
      out->set_then(std::string(golden::RuleName(d.rule.then)));
      out->set_validated_only(d.rule.validated_only);
      for (const golden::RankedValue& r : d.ranked) {
        v1::RankedValue* rv = out->add_ranked();
        ToProto(r.value, rv->mutable_value());
        for (const std::string& s : r.sources) rv->add_sources(s);
        for (const RecordKey& k : r.records) RefToProto(k, rv->add_records());
        rv->set_valid(r.valid);
      }
    }
    resp->set_link_threshold(service_->model()->link_threshold);
    resp->set_review_threshold(service_->model()->review_threshold);
    return absl::OkStatus();
  }());
}

}  // namespace mdm::api
