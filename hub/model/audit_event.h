// One entry of the audit trail: a mutating call, who made it, on what, and
// how it ended. Plain data; written by the access interceptor
// (hub/server/access_interceptor.h), kept by an AuditStore.
#pragma once

#include <cstdint>
#include <string>

namespace mdm {

struct AuditEvent {
  int64_t id = 0;  // assigned by the store, increasing
  int64_t at_us = 0;
  std::string principal;  // "token:NAME", "cert:CN" or "anonymous"
  std::string method;     // full gRPC name, "/mdm.v1.CustomerHub/UpsertRecord"
  std::string request_id;
  std::string target;   // "source/source_record_id", a golden or connector id
  int code = 0;         // the gRPC status code the call ended with
  std::string message;  // the status message (empty when OK)

  bool operator==(const AuditEvent&) const = default;
};

// Which events List() returns: those matching every non-empty filter, with
// id > after_id, in id order.
struct AuditQuery {
  std::string principal;
  std::string method;
  int64_t since_us = 0;  // at_us >= since_us
  int64_t until_us = 0;  // at_us < until_us; 0: no upper bound
  int64_t after_id = 0;
  int limit = 100;
};

}  // namespace mdm
