#include "hub/server/access_interceptor.h"

#include <google/protobuf/message.h>

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "hub/access/audit_fields.h"
#include "hub/access/method_policy.h"
#include "hub/access/pii_mask.h"
#include "hub/access/source_binding.h"
#include "hub/api/call_gate.h"
#include "hub/api/status_convert.h"
#include "hub/common/errors.h"
#include "hub/common/logging.h"
#include "hub/server/parse_errors.h"

namespace mdm::server {
namespace {

using grpc::experimental::InterceptionHookPoints;
using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

absl::string_view View(grpc::string_ref s) { return {s.data(), s.size()}; }

// Audited: methods that change data, and methods missing from the access
// table (denied, and possibly a new mutation nobody classified yet).
bool IsAudited(absl::string_view method) {
  if (!absl::StartsWith(method, "/mdm.v1.")) return false;
  const access::MethodRule* rule = access::FindMethodRule(method);
  return rule == nullptr || rule->mutation;
}

// For calls that carry no request id of their own.
std::string GeneratedRequestId() {
  thread_local std::mt19937_64 bits{std::random_device{}()};
  return absl::StrFormat("gen-%016x%016x", bits(), bits());
}

// One per call; gRPC creates it when the call starts and destroys it when the
// call is done, so the strings the metadata map points into live long enough.
class AccessInterceptor final : public grpc::experimental::Interceptor {
 public:
  AccessInterceptor(const access::AccessControl* access,
                    access::RateLimiter* limiter, AuditStore* audit,
                    grpc::experimental::ServerRpcInfo* info)
      : access_(access),
        limiter_(limiter),
        audit_(audit),
        info_(info),
        method_(info->method()),
        api_method_(absl::StartsWith(method_, "/mdm.v1.")),
        audited_(audit != nullptr && IsAudited(method_)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* m) override {
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      OnMetadata(m->GetRecvInitialMetadata());
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Taken after every parse, of any service's message, so a failure
      // never lingers on the thread. No message: the end of a stream, or one
      // that did not parse.
      std::optional<std::string> bad = TakeInvalidUtf8Field();
      if (bad.has_value() && api_method_ && m->GetRecvMessage() == nullptr) {
        unparsed_ = FieldError(*bad, "not valid UTF-8");
      }
    }
    if (audited_ && !saw_request_ &&
        m->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        m->GetRecvMessage() != nullptr) {
      NoteRequest(
          *static_cast<const google::protobuf::Message*>(m->GetRecvMessage()));
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        m->GetRecvMessage() != nullptr && metadata_ != nullptr &&
        verdict_.ok() && api_method_) {
      SetVerdict(limiter_->Take(principal_, absl::Now()));
      // Every mdm.v1 service speaks protobuf: the request is a Message.
      SetVerdict(access::CheckSourceBinding(
          principal_,
          *static_cast<const google::protobuf::Message*>(m->GetRecvMessage())));
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE) &&
        api_method_ && !principal_.pii) {
      Mask(m);
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      // gRPC answers an unparseable request with a bare INTERNAL (a stream
      // just ends): say which field was wrong instead.
      if (!unparsed_.ok()) m->ModifySendStatus(api::ToGrpcStatus(unparsed_));
      if (audited_) Audit(m->GetSendStatus());
    }
    m->Proceed();
  }

 private:
  void OnMetadata(Metadata* md) {
    metadata_ = md;
    if (auto it = md->find("x-request-id"); it != md->end()) {
      header_request_id_ = std::string(View(it->second));
    }
    for (auto it = md->begin(); it != md->end();) {
      it = absl::StartsWith(View(it->first), api::kGateKeyPrefix)
               ? md->erase(it)
               : std::next(it);
    }
    std::optional<absl::string_view> token;
    if (auto it = md->find("authorization"); it != md->end()) {
      absl::string_view value = View(it->second);
      token = absl::ConsumePrefix(&value, "Bearer ") ? value : "";
    }
    std::optional<std::string> cn;
    if (auto auth = info_->server_context()->auth_context()) {
      for (const auto& v : auth->FindPropertyValues("x509_common_name")) {
        cn = std::string(v.data(), v.size());
      }
    }
    absl::StatusOr<access::Principal> who = access_->Authenticate(token, cn);
    if (!who.ok()) {
      SetVerdict(who.status());
      return;
    }
    principal_ = *std::move(who);
    SetVerdict(access::Authorize(principal_, method_));
    if (!verdict_.ok()) {
      MDM_LOG_WARN("denied {}: {}", method_, verdict_.ToString());
    }
  }

  // The request id and target of the call's (first) request message.
  void NoteRequest(const google::protobuf::Message& request) {
    saw_request_ = true;
    request_id_ = access::RequestIdOf(request);
    target_ = access::AuditTargetOf(request);
  }

  // Appends the call to the audit trail. A failed write is logged, not
  // fatal: the call's own outcome is already decided.
  void Audit(const grpc::Status& status) {
    AuditEvent e;
    e.at_us = absl::ToUnixMicros(absl::Now());
    e.principal = access::ClipUtf8(
        principal_.name.empty() ? "unauthenticated" : principal_.name, 255);
    e.method = access::ClipUtf8(method_, 255);
    std::string id = !request_id_.empty()          ? request_id_
                     : !header_request_id_.empty() ? header_request_id_
                                                   : GeneratedRequestId();
    e.request_id = access::ClipUtf8(id, 255);
    e.target = access::ClipUtf8(target_, 1024);
    e.code = static_cast<int>(status.error_code());
    e.message = access::ClipUtf8(status.error_message(), 1024);
    if (absl::StatusOr<int64_t> appended = audit_->Append(e); !appended.ok()) {
      MDM_LOG_ERROR("audit of {} by {} not written: {}", method_, e.principal,
                    appended.status().ToString());
    }
  }

  // Replaces the call's verdict; a denial is never lifted.
  void SetVerdict(absl::Status verdict) {
    if (!verdict_.ok()) return;
    verdict_ = std::move(verdict);
    metadata_->erase(api::kVerdictKey);
    verdict_value_ = api::EncodeVerdict(verdict_);
    metadata_->emplace(api::kVerdictKey, verdict_value_);
  }

  // Sends a masked copy instead of the answer. The copy must live until it
  // is serialized, which happens before the next message is sent.
  void Mask(grpc::experimental::InterceptorBatchMethods* m) {
    const void* out = m->GetSendMessage();
    if (out == nullptr) {
      // Only for messages sent by value (serialized at once); every handler
      // of the hub sends by pointer. Cancel rather than leak.
      MDM_LOG_ERROR("{}: answer cannot be masked; call cancelled", method_);
      info_->server_context()->TryCancel();
      return;
    }
    const auto* answer = static_cast<const google::protobuf::Message*>(out);
    masked_.reset(answer->New());
    masked_->CopyFrom(*answer);
    access::MaskPii(masked_.get());
    m->ModifySendMessage(masked_.get());
  }

  const access::AccessControl* const access_;
  access::RateLimiter* const limiter_;
  AuditStore* const audit_;
  grpc::experimental::ServerRpcInfo* const info_;
  const std::string method_;
  const bool api_method_;
  const bool audited_;
  bool saw_request_ = false;
  std::string request_id_;
  std::string header_request_id_;
  std::string target_;
  // Set when a request message did not parse (invalid UTF-8).
  absl::Status unparsed_;
  Metadata* metadata_ = nullptr;
  access::Principal principal_;
  // Set before any handler runs (POST_RECV_INITIAL_METADATA comes first).
  absl::Status verdict_;
  std::string verdict_value_;
  std::unique_ptr<google::protobuf::Message> masked_;
};

}  // namespace

grpc::experimental::Interceptor*
AccessInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new AccessInterceptor(access_, limiter_, audit_, info);
}

}  // namespace mdm::server
