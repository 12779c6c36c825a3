#include "hub/access/method_policy.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mdm::access {
namespace {

// Every RPC of every service in package mdm.v1 that the generated pool
// holds (the test links every generated file: see CMakeLists.txt).
std::vector<std::string> AllApiMethods() {
  std::vector<std::string> files;
  google::protobuf::DescriptorPool::internal_generated_database()
      ->FindAllFileNames(&files);
  std::vector<std::string> methods;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& file : files) {
    const google::protobuf::FileDescriptor* fd = pool->FindFileByName(file);
    if (fd == nullptr || fd->package() != "mdm.v1") continue;
    for (int s = 0; s < fd->service_count(); ++s) {
      const auto* service = fd->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.push_back("/" + service->full_name() + "/" +
                          service->method(m)->name());
      }
    }
  }
  return methods;
}

TEST(MethodPolicy, EveryMdmV1MethodOfTheDescriptorPoolHasAnEntry) {
  const std::vector<std::string> methods = AllApiMethods();
  ASSERT_GE(methods.size(), 19u);  // CustomerHub, Connectors, Facts at least
  for (const std::string& method : methods) {
    EXPECT_NE(FindMethodRule(method), nullptr)
        << method << " has no entry in hub/access/method_policy.cc: decide "
        << "which roles may call it";
  }
}

TEST(MethodPolicy, UnknownMethodIsDeniedEvenToAdmins) {
  Principal admin{"token:ops", Role::kAdmin, "", true};
  absl::Status s = Authorize(admin, "/mdm.v1.CustomerHub/NoSuchMethod");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(FindMethodRule("/mdm.v1.CustomerHub/NoSuchMethod"), nullptr);
}

struct Case {
  const char* method;
  Role role;
  bool allowed;
};

TEST(MethodPolicy, RolesMeetTheirMethods) {
  const Case cases[] = {
      {"/mdm.v1.CustomerHub/GetGoldenRecord", Role::kReader, true},
      {"/mdm.v1.CustomerHub/GetGoldenRecord", Role::kConnector, false},
      {"/mdm.v1.CustomerHub/IngestRecords", Role::kReader, false},
      {"/mdm.v1.CustomerHub/IngestRecords", Role::kConnector, true},
      {"/mdm.v1.CustomerHub/IngestRecords", Role::kSteward, true},
      {"/mdm.v1.CustomerHub/ListReviewTasks", Role::kReader, false},
      {"/mdm.v1.CustomerHub/ListReviewTasks", Role::kSteward, true},
      {"/mdm.v1.CustomerHub/ListReviewTasks", Role::kAdmin, true},
      {"/mdm.v1.Connectors/CommitCheckpoint", Role::kConnector, true},
      {"/mdm.v1.Connectors/CommitCheckpoint", Role::kReader, false},
      {"/mdm.v1.Connectors/ListConnectors", Role::kConnector, false},
      {"/grpc.health.v1.Health/Check", Role::kConnector, true},
  };
  for (const Case& c : cases) {
    Principal p{"p", c.role, c.role == Role::kConnector ? "erp" : "", false};
    EXPECT_EQ(Authorize(p, c.method).ok(), c.allowed)
        << c.method << " as " << RoleName(c.role);
  }
}

TEST(MethodPolicy, RoleNamesRoundTrip) {
  for (Role r :
       {Role::kReader, Role::kConnector, Role::kSteward, Role::kAdmin}) {
    auto parsed = ParseRole(RoleName(r));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_FALSE(ParseRole("root").ok());
}

}  // namespace
}  // namespace mdm::access
