// Which field made a request unparseable. gRPC parses each request before
// any hub code sees it; for a string field holding invalid UTF-8 the
// protobuf parser fails, gRPC would answer a bare INTERNAL, and the field is
// named only in the parser's log line. This captures that line, per thread:
// the parse and the access interceptor's hook for the (missing) message run
// on the same gRPC thread, and the interceptor turns the call's status into
// INVALID_ARGUMENT naming the field (access_interceptor.cc).
#pragma once

#include <optional>
#include <string>

namespace mdm::server {

// Routes protobuf's log through the hub's log and starts capturing. Call
// once at start-up, before the server runs (protobuf's handler is global).
void CaptureProtobufParseErrors();

// The full name of the field ("mdm.v1.SourceRecord.name") of the last UTF-8
// parse failure on this thread, cleared by the call; nullopt if none.
std::optional<std::string> TakeInvalidUtf8Field();

}  // namespace mdm::server
