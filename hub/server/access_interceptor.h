// The one access check of every call, as a gRPC server interceptor:
//  - authenticates the call (bearer token, or the verified client
//    certificate's common name) and authorizes its method against the
//    fail-closed table (hub/access/method_policy.h): UNAUTHENTICATED without
//    valid credentials, PERMISSION_DENIED outside the caller's role;
//  - checks every request message of a connector against its source
//    (hub/access/source_binding.h), stream messages included;
//  - takes one token of the caller's rate limit per request message
//    (RESOURCE_EXHAUSTED with google.rpc.RetryInfo when it has none left);
//  - masks PII in every mdm.v1 answer for callers without the pii scope;
//  - appends every call of a mutating (or unknown) mdm.v1 method to the audit
//    trail when it ends, refused calls included (hub/store/audit_store.h).
//    The row is written before the status is sent, so a client that saw the
//    answer can find the event.
// gRPC 1.51 server interceptors cannot end a call, so the verdict travels to
// the handlers in the call's metadata and they refuse the call before doing
// any work (hub/api/call_gate.h).
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include "hub/access/access_control.h"
#include "hub/access/rate_limiter.h"
#include "hub/store/audit_store.h"

namespace mdm::server {

// Register with ServerBuilder::experimental().SetInterceptorCreators().
// `access`, `limiter` and `audit` must outlive the server; `audit` may be
// null (no audit trail).
class AccessInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AccessInterceptorFactory(const access::AccessControl* access,
                           access::RateLimiter* limiter, AuditStore* audit)
      : access_(access), limiter_(limiter), audit_(audit) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const access::AccessControl* const access_;
  access::RateLimiter* const limiter_;
  AuditStore* const audit_;
};

}  // namespace mdm::server
