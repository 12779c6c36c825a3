#include "tests/fuzz/fuzz_hub.h"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "hub/server/hub_server.h"

namespace mdm::fuzz {
namespace {

// The store's directory, removed at exit.
std::string* store_dir = nullptr;

void RemoveStoreDir() {
  std::error_code ignored;
  std::filesystem::remove_all(*store_dir, ignored);
}

std::shared_ptr<grpc::Channel> StartHub() {
  char dir[] = "/tmp/mdm-fuzz-XXXXXX";
  if (::mkdtemp(dir) == nullptr) std::abort();
  store_dir = new std::string(dir);
  std::atexit(RemoveStoreDir);
  server::HubConfig config;
  config.listen = "127.0.0.1:0";
  config.store = absl::StrCat("sqlite:", *store_dir, "/hub.db");
  absl::StatusOr<std::unique_ptr<server::HubServer>> hub =
      server::HubServer::Start(config);
  if (!hub.ok()) {
    std::fprintf(stderr, "fuzz setup: %s\n", hub.status().ToString().c_str());
    std::abort();
  }
  const int port = (*hub)->port();
  hub->release();  // lives for the whole run
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                             grpc::InsecureChannelCredentials());
}

}  // namespace

std::shared_ptr<grpc::Channel> HubChannel() {
  static std::shared_ptr<grpc::Channel>* channel =
      new std::shared_ptr<grpc::Channel>(StartHub());
  return *channel;
}

void CheckAnswer(const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::INTERNAL ||
      status.error_code() == grpc::StatusCode::UNKNOWN) {
    std::fprintf(stderr, "server error %d: %s\n", status.error_code(),
                 status.error_message().c_str());
    std::abort();
  }
}

void SetDeadline(grpc::ClientContext& context,
                 std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

}  // namespace mdm::fuzz
