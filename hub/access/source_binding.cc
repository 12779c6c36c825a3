#include "hub/access/source_binding.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "hub/common/errors.h"

namespace mdm::access {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Connector ids follow "SOURCE-NAME" ("erp-main"); the bare source is
// accepted too.
bool ConnectorIdOfSource(absl::string_view id, absl::string_view source) {
  absl::ConsumePrefix(&id, "connectors/");
  return id == source ||
         (absl::StartsWith(id, source) && id.size() > source.size() &&
          id[source.size()] == '-');
}

absl::Status Denied(const std::string& path, absl::string_view value,
                    const Principal& principal) {
  return WithField(
      absl::PermissionDeniedError(absl::StrCat(
          path, ": \"", value, "\" is not source \"", principal.source,
          "\", the only one ", principal.name, " may write")),
      path);
}

absl::Status Walk(const Message& m, const std::string& path,
                  const Principal& principal) {
  const Reflection* refl = m.GetReflection();
  const auto* desc = m.GetDescriptor();
  // Read `source` and `connector_id` even when empty: an unset source is
  // not the connector's source either.
  for (int i = 0; i < desc->field_count(); ++i) {
    const FieldDescriptor* f = desc->field(i);
    if (f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      continue;
    }
    const std::string field_path = path + f->name();
    if (f->name() == "source") {
      const std::string v = refl->GetString(m, f);
      if (v != principal.source) return Denied(field_path, v, principal);
    } else if (f->name() == "connector_id") {
      const std::string v = refl->GetString(m, f);
      if (!ConnectorIdOfSource(v, principal.source)) {
        return Denied(field_path, v, principal);
      }
    }
  }
  std::vector<const FieldDescriptor*> set;
  refl->ListFields(m, &set);
  for (const FieldDescriptor* f : set) {
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_map()) {
      continue;
    }
    if (f->is_repeated()) {
      for (int j = 0; j < refl->FieldSize(m, f); ++j) {
        absl::Status s =
            Walk(refl->GetRepeatedMessage(m, f, j),
                 absl::StrCat(path, f->name(), "[", j, "]."), principal);
        if (!s.ok()) return s;
      }
    } else {
      absl::Status s = Walk(refl->GetMessage(m, f),
                            absl::StrCat(path, f->name(), "."), principal);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckSourceBinding(const Principal& principal,
                                const Message& request) {
  if (principal.role != Role::kConnector) return absl::OkStatus();
  return Walk(request, "", principal);
}

}  // namespace mdm::access
