#include "connectors/sdk/connector_main.h"

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <iostream>
#include <set>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/credentials/credential_flags.h"
#include "connectors/sdk/runner.h"
#include "hub/common/logging.h"
#include "hub/common/status_macros.h"

namespace mdm::connectors {
namespace {

struct MainConfig {
  RunnerConfig runner;
  std::string type;
  std::string hub;
  std::string dead_letter;
  std::chrono::milliseconds call_timeout{30000};
  nlohmann::json settings;
};

absl::StatusOr<nlohmann::json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  nlohmann::json j =
      nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a JSON object"));
  }
  return j;
}

// Reads the config, checking types; unknown keys are refused so a typo does
// not silently fall back to a default.
absl::StatusOr<MainConfig> ParseConfig(const nlohmann::json& j) {
  MainConfig c;
  auto str = [&](const char* key, std::string* out, bool required) {
    auto it = j.find(key);
    if (it == j.end()) {
      return required ? absl::InvalidArgumentError(
                            absl::StrCat("config: \"", key, "\" is required"))
                      : absl::OkStatus();
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("config: \"", key, "\" must be a non-empty string"));
    }
    *out = it->get<std::string>();
    return absl::OkStatus();
  };
  auto ms = [&](const char* key, std::chrono::milliseconds* out) {
    auto it = j.find(key);
    if (it == j.end()) return absl::OkStatus();
    if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("config: \"", key, "\" must be a positive integer"));
    }
    *out = std::chrono::milliseconds(it->get<int64_t>());
    return absl::OkStatus();
  };
  static const std::set<std::string> kKnown = {"connector_id",
                                               "source",
                                               "type",
                                               "hub",
                                               "dead_letter",
                                               "poll_interval_ms",
                                               "batch_size",
                                               "backoff_initial_ms",
                                               "backoff_max_ms",
                                               "call_timeout_ms",
                                               "shutdown_grace_ms",
                                               "stats_interval_ms",
                                               "settings"};
  for (const auto& [key, value] : j.items()) {
    if (!kKnown.contains(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat("config: unknown key \"", key, "\""));
    }
  }
  RETURN_IF_ERROR(str("connector_id", &c.runner.connector_id, true));
  RETURN_IF_ERROR(str("source", &c.runner.source, true));
  RETURN_IF_ERROR(str("type", &c.type, true));
  RETURN_IF_ERROR(str("hub", &c.hub, false));
  RETURN_IF_ERROR(str("dead_letter", &c.dead_letter, true));
  RETURN_IF_ERROR(ms("poll_interval_ms", &c.runner.poll_interval));
  RETURN_IF_ERROR(ms("backoff_initial_ms", &c.runner.backoff_initial));
  RETURN_IF_ERROR(ms("backoff_max_ms", &c.runner.backoff_max));
  RETURN_IF_ERROR(ms("call_timeout_ms", &c.call_timeout));
  RETURN_IF_ERROR(ms("shutdown_grace_ms", &c.runner.shutdown_grace));
  RETURN_IF_ERROR(ms("stats_interval_ms", &c.runner.stats_interval));
  if (auto it = j.find("batch_size"); it != j.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1 ||
        it->get<int64_t>() > 1000) {
      return absl::InvalidArgumentError(
          "config: \"batch_size\" must be an integer from 1 to 1000");
    }
    c.runner.batch_size = it->get<int>();
  }
  c.settings = j.value("settings", nlohmann::json::object());
  if (!c.settings.is_object()) {
    return absl::InvalidArgumentError("config: \"settings\" must be an object");
  }
  return c;
}

}  // namespace

int ConnectorMain(int argc, char** argv, const SourceRegistry& registry) {
  CLI::App app{"mdm connector: streams one source system into the mdm hub"};
  std::string config_path, hub_override, log_level = "info";
  app.add_option("--config", config_path, "connector config (JSON)")
      ->required();
  app.add_option("--hub", hub_override, "hub HOST:PORT (overrides config)");
  app.add_option("--log_level", log_level, "debug, info, warn, error");
  client::CredentialFlags credential_flags;
  client::AddCredentialFlags(app, "--token_file", &credential_flags);
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(log_level));

  absl::StatusOr<nlohmann::json> json = ReadJson(config_path);
  absl::StatusOr<MainConfig> config =
      json.ok() ? ParseConfig(*json) : json.status();
  if (!config.ok()) {
    std::cerr << "error: " << config.status().message() << "\n";
    return 2;
  }
  if (!hub_override.empty()) config->hub = hub_override;
  if (config->hub.empty()) {
    std::cerr << "error: no hub: set \"hub\" in the config or --hub\n";
    return 2;
  }
  auto credentials = client::CredentialsFromFlags(credential_flags);
  if (!credentials.ok()) {
    std::cerr << "error: " << credentials.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<std::unique_ptr<Source>> source =
      registry.Create(config->type, config->settings);
  if (!source.ok()) {
    std::cerr << "error: " << source.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<std::unique_ptr<DeadLetterFile>> dead_letters =
      DeadLetterFile::Open(config->dead_letter);
  if (!dead_letters.ok()) {
    std::cerr << "error: " << dead_letters.status().message() << "\n";
    return 2;
  }
  // No client keepalive pings: the hub's default policy answers frequent
  // pings with GOAWAY. A hub that dies resets the connection; a hung one is
  // bounded by call_timeout_ms (unary calls) and the shutdown grace.
  auto hub = std::make_unique<HubClient>(
      grpc::CreateChannel(config->hub, *credentials), config->call_timeout);
  SystemClock clock;
  Runner runner(config->runner, *std::move(source), std::move(hub),
                *std::move(dead_letters), &clock);
  absl::Status status = runner.Run();
  if (!status.ok()) {
    std::cerr << "error: " << status << "\n";
    return 1;
  }
  return 0;
}

}  // namespace mdm::connectors
