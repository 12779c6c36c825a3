// mdm-hub: the customer master-data hub server.
#include <pthread.h>
#include <signal.h>

#include <cmath>
#include <cstdlib>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "hub/common/logging.h"
#include "hub/server/hub_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "HOST:PORT to serve gRPC on (port 0 = any free port)");
ABSL_FLAG(std::string, store, "sqlite:mdm-hub.db",
          "where the data lives: sqlite:PATH (embedded, created if missing) "
          "or mysql://USER@HOST:PORT/DB (MariaDB/MySQL; password from "
          "$MDM_MYSQL_PASSWORD or the file named by $MDM_MYSQL_PASSWORD_FILE, "
          "never on the command line)");
ABSL_FLAG(int, shutdown_grace_seconds, 10,
          "on SIGTERM, how long in-flight calls may run before cancellation");
ABSL_FLAG(int, max_message_mb, 16, "largest request message accepted, MiB");
ABSL_FLAG(std::string, log_level, "info", "trace|debug|info|warn|error");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port to this file once serving (for tests "
          "and scripts that use --listen HOST:0)");
ABSL_FLAG(std::string, metrics_listen, "",
          "HOST:PORT to serve Prometheus metrics on over HTTP at /metrics "
          "(port 0 = any free port); empty = no metrics");
ABSL_FLAG(std::string, insight_rules, "",
          "file of insight rules (name = value lines; see README); empty: "
          "defaults");
ABSL_FLAG(std::string, metrics_port_file, "",
          "if set, write the metrics port to this file (before --port_file is "
          "written, so a reader of --port_file finds it in place)");
ABSL_FLAG(std::string, survivorship_rules, "",
          "JSON file of survivorship rules, applied at start when it changed "
          "since it was last applied (README: Golden record lifecycle)");

ABSL_FLAG(double, link_threshold, std::nan(""),
          "match weight (log2) at which a record joins a customer; default: "
          "the scoring model's");
ABSL_FLAG(double, review_threshold, std::nan(""),
          "match weight (log2) from which a pair goes to review; default: "
          "the scoring model's");
ABSL_FLAG(std::string, tls_cert, "",
          "server certificate chain (PEM file); empty = plaintext gRPC");
ABSL_FLAG(std::string, tls_key, "", "private key of --tls_cert (PEM file)");
ABSL_FLAG(std::string, tls_client_ca, "",
          "CA that signs connector client certificates (PEM file); a client "
          "certificate's common name names the connector and its source");
ABSL_FLAG(std::string, auth_config, "",
          "JSON file of SHA-256-hashed bearer tokens and their roles (see "
          "README, Security); empty = open dev mode (loopback only)");
ABSL_FLAG(bool, insecure, false,
          "allow serving a non-loopback address without TLS or without "
          "--auth_config");

namespace {

// Writes "PORT\n" to `path` through a rename, so a reader never sees a
// partial file.
void WritePortFile(const std::string& path, int port) {
  if (path.empty()) return;
  const std::string tmp = path + ".tmp";
  if (FILE* f = std::fopen(tmp.c_str(), "w")) {
    std::fprintf(f, "%d\n", port);
    std::fclose(f);
    std::rename(tmp.c_str(), path.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Customer master-data hub.\n  mdm-hub --listen 127.0.0.1:50051 "
      "--store sqlite:/var/lib/mdm/hub.db");
  absl::ParseCommandLine(argc, argv);
  spdlog::set_level(spdlog::level::from_str(absl::GetFlag(FLAGS_log_level)));

  // Block the stop signals in every thread; one thread waits for them, so the
  // shutdown runs in ordinary code, not in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  mdm::server::HubConfig config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.store = absl::GetFlag(FLAGS_store);
  config.shutdown_grace_seconds = absl::GetFlag(FLAGS_shutdown_grace_seconds);
  config.max_receive_message_bytes =
      absl::GetFlag(FLAGS_max_message_mb) * 1024 * 1024;
  config.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  config.insight_rules = absl::GetFlag(FLAGS_insight_rules);
  for (auto [flag, field] :
       {std::pair{&FLAGS_link_threshold, &config.link_threshold},
        std::pair{&FLAGS_review_threshold, &config.review_threshold}}) {
    const double v = absl::GetFlag(*flag);
    if (!std::isnan(v)) *field = v;
  }
  config.survivorship_rules_file = absl::GetFlag(FLAGS_survivorship_rules);
  config.tls = {absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
                absl::GetFlag(FLAGS_tls_client_ca)};
  config.auth_config = absl::GetFlag(FLAGS_auth_config);
  config.insecure = absl::GetFlag(FLAGS_insecure);

  auto hub = mdm::server::HubServer::Start(config);
  if (!hub.ok()) {
    MDM_LOG_ERROR("cannot start: {}", hub.status().ToString());
    return 1;
  }
  if ((*hub)->metrics_port() != 0) {
    WritePortFile(absl::GetFlag(FLAGS_metrics_port_file),
                  (*hub)->metrics_port());
  }
  WritePortFile(absl::GetFlag(FLAGS_port_file), (*hub)->port());

  std::thread stopper([&stop_signals, &hub] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    MDM_LOG_INFO("received {}", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    (*hub)->Shutdown();
  });
  (*hub)->Wait();
  stopper.join();
  return 0;
}
