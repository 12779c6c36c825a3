#include "tests/integration/rpc_status.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"

namespace mdm::integration {

google::rpc::Status RichStatus(const grpc::Status& status) {
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) rich.Clear();
  return rich;
}

std::vector<std::string> ViolationFields(const google::rpc::Status& status) {
  std::vector<std::string> fields;
  for (const google::protobuf::Any& detail : status.details()) {
    google::rpc::BadRequest bad;
    if (!detail.UnpackTo(&bad)) continue;
    for (const auto& violation : bad.field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

std::vector<std::string> ViolationFields(const grpc::Status& status) {
  return ViolationFields(RichStatus(status));
}

std::string NamedField(const grpc::Status& status) {
  const google::rpc::Status rich = RichStatus(status);
  std::vector<std::string> fields = ViolationFields(rich);
  if (!fields.empty()) return fields.front();
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::ResourceInfo info;
    if (detail.UnpackTo(&info)) return info.resource_type();
  }
  return "";
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(static_cast<int>(status.error_code()), ": ",
                      status.error_message(), " [",
                      absl::StrJoin(ViolationFields(status), ", "), "]");
}

}  // namespace mdm::integration
