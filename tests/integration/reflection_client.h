// A minimal client of gRPC server reflection (grpc.reflection.v1alpha, the
// version gRPC 1.51 serves) as a protobuf DescriptorDatabase, so a
// DescriptorPool can describe whatever the server serves.
//
// gRPC's own ProtoReflectionDescriptorDatabase
// (<grpcpp/ext/proto_reflection_descriptor_database.h>) is not installed by
// Debian's libgrpc++-dev 1.51, hence this one.
//
// Thread-compatible: use one instance from one thread at a time.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/descriptor_database.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace mdm::integration {

class ReflectionDescriptorDatabase final
    : public google::protobuf::DescriptorDatabase {
 public:
  explicit ReflectionDescriptorDatabase(std::shared_ptr<grpc::Channel> channel);

  // Full names of the services the server lists; false on an RPC error.
  bool GetServices(std::vector<std::string>* services);

  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(
      const std::string& symbol_name,
      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(
      const std::string& containing_type, int field_number,
      google::protobuf::FileDescriptorProto* output) override;

  // The last RPC or reflection error, for failure messages.
  const std::string& last_error() const { return last_error_; }

 private:
  using Request = grpc::reflection::v1alpha::ServerReflectionRequest;
  using Response = grpc::reflection::v1alpha::ServerReflectionResponse;

  // One request on its own stream; false (and last_error_) on failure.
  bool Ask(const Request& request, Response* response);
  // Caches every file of a file_descriptor_response; returns the first.
  bool TakeFiles(const Response& response,
                 google::protobuf::FileDescriptorProto* first);

  std::unique_ptr<grpc::reflection::v1alpha::ServerReflection::Stub> stub_;
  std::map<std::string, google::protobuf::FileDescriptorProto> files_;
  std::string last_error_;
};

}  // namespace mdm::integration
