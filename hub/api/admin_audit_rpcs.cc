// Admin.ListAuditEvents: pages of the audit trail, keyed by event id.
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "hub/api/admin_service.h"
#include "hub/api/page_token.h"
#include "hub/api/proto_convert.h"
#include "hub/api/unary_call.h"
#include "hub/common/errors.h"
#include "hub/common/status_macros.h"

namespace mdm::api {
namespace {

void EventToProto(const AuditEvent& e, v1::AuditEvent* out) {
  out->set_id(e.id);
  MicrosToProto(e.at_us, out->mutable_time());
  out->set_principal(e.principal);
  out->set_method(e.method);
  out->set_request_id(e.request_id);
  out->set_target(e.target);
  out->set_code(e.code);
  out->set_code_name(
      absl::StatusCodeToString(static_cast<absl::StatusCode>(e.code)));
  out->set_message(e.message);
}

absl::StatusOr<AuditQuery> QueryOf(const v1::ListAuditEventsRequest& req) {
  AuditQuery q;
  q.principal = req.principal();
  q.method = req.method();
  if (!q.method.empty() && !absl::StartsWith(q.method, "/")) {
    q.method = absl::StrCat("/mdm.v1.", q.method);
  }
  q.since_us = MicrosFromProto(req.since());
  q.until_us = MicrosFromProto(req.until());
  ASSIGN_OR_RETURN(q.limit, PageSize(req.page_size(), 100, 1000));
  ASSIGN_OR_RETURN(std::vector<std::string> after,
                   DecodePageToken(req.page_token(), 1));
  if (!after[0].empty() && !absl::SimpleAtoi(after[0], &q.after_id)) {
    return FieldError("page_token", "not a token of this listing");
  }
  return q;
}

}  // namespace

grpc::ServerUnaryReactor* AdminService::ListAuditEvents(
    grpc::CallbackServerContext* ctx, const v1::ListAuditEventsRequest* req,
    v1::ListAuditEventsResponse* resp) {
  return Unary(ctx, &audit_pool_, [this, req, resp]() -> absl::Status {
    ASSIGN_OR_RETURN(AuditQuery q, QueryOf(*req));
    const int size = q.limit;
    ++q.limit;  // one more tells whether another page follows
    ASSIGN_OR_RETURN(std::vector<AuditEvent> events, audit_->List(q));
    for (int i = 0; i < static_cast<int>(events.size()) && i < size; ++i) {
      EventToProto(events[i], resp->add_events());
    }
    if (static_cast<int>(events.size()) > size) {
      resp->set_next_page_token(
          EncodePageToken({absl::StrCat(events[size - 1].id)}));
    }
    return absl::OkStatus();
  });
}

}  // namespace mdm::api
