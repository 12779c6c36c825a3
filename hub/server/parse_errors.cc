#include "hub/server/parse_errors.h"

#include <google/protobuf/stubs/logging.h>

#include "hub/common/logging.h"

namespace mdm::server {
namespace {

thread_local std::optional<std::string> last_utf8_field;

// Protobuf says: String field 'mdm.v1.SourceRecord.name' contains invalid
// UTF-8 data when parsing a protocol buffer. ...
void OnProtobufLog(google::protobuf::LogLevel level, const char* filename,
                   int line, const std::string& message) {
  constexpr char kParsing[] = "invalid UTF-8 data when parsing";
  if (message.find(kParsing) != std::string::npos) {
    const size_t open = message.find('\'');
    const size_t close = open == std::string::npos
                             ? std::string::npos
                             : message.find('\'', open + 1);
    if (close != std::string::npos) {
      last_utf8_field = message.substr(open + 1, close - open - 1);
    }
    MDM_LOG_DEBUG("protobuf: {}", message);
    return;
  }
  if (level >= google::protobuf::LOGLEVEL_ERROR) {
    MDM_LOG_ERROR("protobuf {}:{}: {}", filename, line, message);
  } else {
    MDM_LOG_WARN("protobuf {}:{}: {}", filename, line, message);
  }
}

}  // namespace

void CaptureProtobufParseErrors() {
  google::protobuf::SetLogHandler(&OnProtobufLog);
}

std::optional<std::string> TakeInvalidUtf8Field() {
  std::optional<std::string> out = std::move(last_utf8_field);
  last_utf8_field.reset();
  return out;
}

}  // namespace mdm::server
