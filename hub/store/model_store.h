// Versioned match models, beside the Store (same database, own table, own
// schema step). A model is opaque text to the store (match::EncodeModel);
// versions are assigned by the store, ascending; at most one model is
// active, and a hub starts with the active one (or its built-in default when
// none is). Implemented by SqliteModelStore and MysqlModelStore; both pass
// tests/unit/store/model_store_contract_test.
//
// Thread safety: implementations are safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mdm {

struct StoredModel {
  int64_t version = 0;
  std::string parameters{};   // the encoded model
  std::string description{};  // what trained it, on how many records
  int64_t created_at_us = 0;
  bool active = false;

  bool operator==(const StoredModel&) const = default;
};

class ModelStore {
 public:
  virtual ~ModelStore() = default;

  // Stores a new, inactive model; returns its version (greater than every
  // version stored before).
  virtual absl::StatusOr<int64_t> Add(std::string_view parameters,
                                      std::string_view description,
                                      int64_t now_us) = 0;

  // The model of `version`, or nullopt.
  virtual absl::StatusOr<std::optional<StoredModel>> Get(int64_t version) = 0;

  // The active model, or nullopt when none was ever activated.
  virtual absl::StatusOr<std::optional<StoredModel>> Active() = 0;

  // Every model, newest first, without parameters (they can be large).
  virtual absl::StatusOr<std::vector<StoredModel>> List() = 0;

  // Makes `version` the only active model, atomically. NotFound when absent.
  virtual absl::Status Activate(int64_t version) = 0;
};

}  // namespace mdm
