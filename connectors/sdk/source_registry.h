// Sources register by name into a registry the binary builds explicitly in
// main() (Envoy's lesson: static self-registration is silently dropped when
// linking static libraries). Each factory validates its own typed settings.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "connectors/sdk/source.h"
#include "nlohmann/json.hpp"

namespace mdm::connectors {

// Builds a Source from the "settings" object of a connector config;
// InvalidArgument naming the setting when the settings are wrong (the
// connector's "validate config" step: nothing is read before it passes).
using SourceFactory = std::function<absl::StatusOr<std::unique_ptr<Source>>(
    const nlohmann::json& settings)>;

class SourceRegistry {
 public:
  // AlreadyExists when `type` is taken.
  absl::Status Register(const std::string& type, SourceFactory factory);

  // NotFound naming the registered types when `type` is unknown.
  absl::StatusOr<std::unique_ptr<Source>> Create(
      const std::string& type, const nlohmann::json& settings) const;

  std::vector<std::string> Types() const;

 private:
  std::map<std::string, SourceFactory> factories_;
};

}  // namespace mdm::connectors
