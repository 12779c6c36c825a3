#include "tests/integration/reflection_client.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace mdm::integration {

ReflectionDescriptorDatabase::ReflectionDescriptorDatabase(
    std::shared_ptr<grpc::Channel> channel)
    : stub_(grpc::reflection::v1alpha::ServerReflection::NewStub(
          std::move(channel))) {}

bool ReflectionDescriptorDatabase::Ask(const Request& request,
                                       Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto stream = stub_->ServerReflectionInfo(&context);
  const bool sent = stream->Write(request) && stream->WritesDone();
  const bool read = sent && stream->Read(response);
  Response extra;
  while (read && stream->Read(&extra)) {
  }
  grpc::Status status = stream->Finish();
  if (!status.ok() || !read) {
    last_error_ = absl::StrCat(
        "reflection RPC failed: ", static_cast<int>(status.error_code()), " ",
        status.error_message());
    return false;
  }
  if (response->has_error_response()) {
    last_error_ = absl::StrCat("reflection error ",
                               response->error_response().error_code(), ": ",
                               response->error_response().error_message());
    return false;
  }
  return true;
}

bool ReflectionDescriptorDatabase::TakeFiles(
    const Response& response, google::protobuf::FileDescriptorProto* first) {
  if (!response.has_file_descriptor_response()) {
    last_error_ = "reflection answer without file descriptors";
    return false;
  }
  const auto& serialized =
      response.file_descriptor_response().file_descriptor_proto();
  for (int i = 0; i < serialized.size(); ++i) {
    google::protobuf::FileDescriptorProto file;
    if (!file.ParseFromString(serialized.Get(i))) {
      last_error_ = "unparseable FileDescriptorProto";
      return false;
    }
    if (i == 0) *first = file;
    files_.emplace(file.name(), std::move(file));
  }
  if (serialized.empty()) last_error_ = "empty file_descriptor_response";
  return !serialized.empty();
}

bool ReflectionDescriptorDatabase::GetServices(
    std::vector<std::string>* services) {
  Request request;
  request.set_list_services("");
  Response response;
  if (!Ask(request, &response)) return false;
  services->clear();
  for (const auto& service : response.list_services_response().service()) {
    services->push_back(service.name());
  }
  return true;
}

bool ReflectionDescriptorDatabase::FindFileByName(
    const std::string& filename,
    google::protobuf::FileDescriptorProto* output) {
  if (auto it = files_.find(filename); it != files_.end()) {
    *output = it->second;
    return true;
  }
  Request request;
  request.set_file_by_filename(filename);
  Response response;
  return Ask(request, &response) && TakeFiles(response, output);
}

bool ReflectionDescriptorDatabase::FindFileContainingSymbol(
    const std::string& symbol_name,
    google::protobuf::FileDescriptorProto* output) {
  Request request;
  request.set_file_containing_symbol(symbol_name);
  Response response;
  return Ask(request, &response) && TakeFiles(response, output);
}

bool ReflectionDescriptorDatabase::FindFileContainingExtension(
    const std::string& containing_type, int field_number,
    google::protobuf::FileDescriptorProto* output) {
  Request request;
  request.mutable_file_containing_extension()->set_containing_type(
      containing_type);
  request.mutable_file_containing_extension()->set_extension_number(
      field_number);
  Response response;
  return Ask(request, &response) && TakeFiles(response, output);
}

}  // namespace mdm::integration
