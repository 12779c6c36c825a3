#include "tests/integration/connector_process.h"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "mdm/v1/facts.grpc.pb.h"
#include "mdm/v1/hub.grpc.pb.h"
#include "tests/integration/hub_process.h"

namespace mdm::integration {

std::string ConnectorBinary(const std::string& type) {
  if (type == "erp") return MDM_CONNECTOR_ERP_BINARY;
  if (type == "finance") return MDM_CONNECTOR_FINANCE_BINARY;
  return MDM_CONNECTOR_CALLCENTER_BINARY;
}

std::string GenSourcesBinary() { return MDM_GEN_SOURCES_BINARY; }

absl::StatusOr<std::unique_ptr<ConnectorProcess>> ConnectorProcess::Start(
    const std::string& dir, const nlohmann::json& config,
    const std::string& hub, std::vector<std::string> extra_env) {
  const std::string id = config.at("connector_id").get<std::string>();
  const std::string config_path = absl::StrCat(dir, "/", id, ".json");
  std::ofstream(config_path) << config.dump(2);
  std::unique_ptr<ConnectorProcess> p(new ConnectorProcess());
  p->argv_ = {ConnectorBinary(config.at("type").get<std::string>()), "--config",
              config_path, "--hub", hub};
  p->env_ = std::move(extra_env);
  p->log_path_ = absl::StrCat(dir, "/", id, ".log");
  absl::Status s = p->Launch();
  if (!s.ok()) return s;
  return p;
}

ConnectorProcess::~ConnectorProcess() { Kill9(); }

absl::Status ConnectorProcess::Launch() {
  absl::StatusOr<pid_t> pid = SpawnLogged(argv_, env_, log_path_);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  return absl::OkStatus();
}

void ConnectorProcess::Kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitForExit(pid_, std::chrono::seconds(10));
  pid_ = -1;
}

absl::Status ConnectorProcess::Restart() {
  Kill9();
  return Launch();
}

absl::StatusOr<int> ConnectorProcess::Stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("not running");
  kill(pid_, SIGTERM);
  std::optional<int> code = WaitForExit(pid_, timeout);
  if (!code.has_value()) {
    Kill9();
    return absl::DeadlineExceededError(
        absl::StrCat("connector still running ", timeout.count(),
                     " ms after SIGTERM\n--- log ---\n", Log()));
  }
  pid_ = -1;
  return *code;
}

bool ConnectorProcess::running() {
  if (pid_ <= 0) return false;
  if (WaitForExit(pid_, std::chrono::milliseconds(0)).has_value()) pid_ = -1;
  return pid_ > 0;
}

std::string ConnectorProcess::Log() const { return ReadFileOrEmpty(log_path_); }

int ConnectorProcess::ResumedStarts() const {
  int resumed = 0;
  std::istringstream log(Log());
  for (std::string line; std::getline(log, line);) {
    resumed +=
        line.find("starts at checkpoint generation") != std::string::npos &&
        line.find("generation 0 ") == std::string::npos;
  }
  return resumed;
}

bool WaitFor(const std::function<bool()>& done,
             std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

HubReader::HubReader(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)) {}

int64_t HubReader::CountFacts(const std::string& source) {
  auto stub = v1::Facts::NewStub(channel_);
  v1::ListFactsRequest req;
  req.set_source(source);
  req.set_page_size(1000);
  int64_t n = 0;
  do {
    grpc::ClientContext ctx;
    v1::ListFactsResponse resp;
    if (!stub->ListFacts(&ctx, req, &resp).ok()) return -1;
    n += resp.facts_size();
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return n;
}

int64_t HubReader::CountXrefs(const std::string& source) {
  auto stub = v1::CustomerHub::NewStub(channel_);
  v1::ListXrefsRequest req;
  req.set_page_size(10000);
  int64_t n = 0;
  do {
    grpc::ClientContext ctx;
    v1::ListXrefsResponse resp;
    if (!stub->ListXrefs(&ctx, req, &resp).ok()) return -1;
    for (const v1::Xref& x : resp.xrefs()) n += x.source() == source;
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return n;
}

absl::StatusOr<v1::Connector> HubReader::Connector(const std::string& id) {
  auto stub = v1::Connectors::NewStub(channel_);
  v1::GetConnectorRequest req;
  req.set_connector_id(id);
  grpc::ClientContext ctx;
  v1::Connector resp;
  grpc::Status s = stub->GetConnector(&ctx, req, &resp);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                        s.error_message());
  }
  return resp;
}

}  // namespace mdm::integration

namespace mdm::integration {

int64_t HubReader::Generation(const std::string& id) {
  absl::StatusOr<v1::Connector> c = Connector(id);
  return c.ok() ? c->checkpoint().generation() : 0;
}

}  // namespace mdm::integration
