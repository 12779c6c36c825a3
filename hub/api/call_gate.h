// The handler side of access control. The access interceptor
// (hub/server/access_interceptor.h) checks every call and writes its verdict
// into the call's received metadata under a key a client cannot set (it
// erases any x-mdm-* entry the client sent). Server interceptors in
// gRPC 1.51 cannot end a call themselves, so every handler passes through
// CallVerdict() before doing any work (Unary() and the ingest stream do),
// and the gate FAILS CLOSED: a call the interceptor never marked is refused.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/status/status.h"

namespace mdm::api {

inline constexpr char kVerdictKey[] = "x-mdm-verdict";
// Prefix of the hub's own keys: the interceptor drops client-sent ones.
inline constexpr char kGateKeyPrefix[] = "x-mdm-";

// "ok", or the denial as "CODE RETRY_MS MESSAGE" (the numeric status code,
// the retry delay or -1).
std::string EncodeVerdict(const absl::Status& verdict);

// The interceptor's verdict on the call so far (for a stream: up to the last
// message read). PERMISSION_DENIED when the call carries none.
absl::Status CallVerdict(const grpc::ServerContextBase& ctx);

}  // namespace mdm::api
