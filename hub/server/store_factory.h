// Opens the Store named by a --store URL.
#pragma once

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "hub/store/store.h"

namespace mdm::server {

// "sqlite:PATH" -> the embedded SQLite store at PATH (created if missing).
// Anything else is InvalidArgument naming the supported forms.
absl::StatusOr<std::unique_ptr<Store>> OpenStore(absl::string_view url);

}  // namespace mdm::server
