#include "hub/access/audit_fields.h"

#include "absl/strings/str_cat.h"

namespace mdm::access {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Deep enough for UpsertRecordRequest.record.source; bounded so a recursive
// message type cannot make the walk long.
constexpr int kMaxDepth = 3;

std::string StringField(const Message& m, const char* name) {
  const FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  if (f == nullptr || f->is_repeated() ||
      f->type() != FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return m.GetReflection()->GetString(m, f);
}

// The target named by `m`'s own fields.
std::string OwnTarget(const Message& m) {
  if (std::string golden = StringField(m, "golden_id"); !golden.empty()) {
    return golden;
  }
  std::string source = StringField(m, "source");
  std::string id = StringField(m, "source_record_id");
  if (!source.empty() && !id.empty()) return absl::StrCat(source, "/", id);
  if (std::string c = StringField(m, "connector_id"); !c.empty()) {
    return absl::StrCat("connectors/", c);
  }
  return "";
}

std::string TargetOf(const Message& m, int depth) {
  if (std::string own = OwnTarget(m); !own.empty()) return own;
  if (depth >= kMaxDepth) return "";
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const google::protobuf::Reflection* r = m.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated() ||
        !r->HasField(m, f)) {
      continue;
    }
    if (std::string t = TargetOf(r->GetMessage(m, f), depth + 1); !t.empty()) {
      return t;
    }
  }
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        !f->is_repeated() || r->FieldSize(m, f) == 0) {
      continue;
    }
    std::string first = TargetOf(r->GetRepeatedMessage(m, f, 0), depth + 1);
    const int more = r->FieldSize(m, f) - 1;
    if (more == 0) return first;
    return absl::StrCat(first.empty() ? "?" : first, " (+", more, " more)");
  }
  return "";
}

}  // namespace

std::string RequestIdOf(const Message& request) {
  return StringField(request, "request_id");
}

std::string AuditTargetOf(const Message& request) {
  return TargetOf(request, 0);
}

std::string ClipUtf8(absl::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  // Back off continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

}  // namespace mdm::access
