#include "connectors/sdk/source_registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mdm::connectors {

absl::Status SourceRegistry::Register(const std::string& type,
                                      SourceFactory factory) {
  if (!factories_.emplace(type, std::move(factory)).second) {
    return absl::AlreadyExistsError(
        absl::StrCat("source type ", type, " is registered twice"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Source>> SourceRegistry::Create(
    const std::string& type, const nlohmann::json& settings) const {
  auto it = factories_.find(type);
  if (it == factories_.end()) {
    return absl::NotFoundError(
        absl::StrCat("unknown source type '", type,
                     "'; this binary has: ", absl::StrJoin(Types(), ", ")));
  }
  return it->second(settings);
}

std::vector<std::string> SourceRegistry::Types() const {
  std::vector<std::string> out;
  for (const auto& [type, factory] : factories_) out.push_back(type);
  return out;
}

}  // namespace mdm::connectors
