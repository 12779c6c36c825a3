// ModelStore in the hub's MySQL-family database (schema step 7), on a small
// connection pool of its own. Every method is one or two autocommitted
// statements, safe to run again after a lost connection; Activate is one
// UPDATE, so no reader ever sees two active models.
#pragma once

#include <memory>

#include "hub/store/model_store.h"
#include "hub/store/mysql_conn.h"

namespace mdm {

class MysqlModelStore final : public ModelStore {
 public:
  // Connects (creating the database if allowed) and migrates the schema.
  static absl::StatusOr<std::unique_ptr<MysqlModelStore>> Open(
      MysqlOptions options);

  absl::StatusOr<int64_t> Add(std::string_view parameters,
                              std::string_view description,
                              int64_t now_us) override;
  absl::StatusOr<std::optional<StoredModel>> Get(int64_t version) override;
  absl::StatusOr<std::optional<StoredModel>> Active() override;
  absl::StatusOr<std::vector<StoredModel>> List() override;
  absl::Status Activate(int64_t version) override;

 private:
  explicit MysqlModelStore(std::unique_ptr<MysqlPool> pool)
      : pool_(std::move(pool)) {}

  std::unique_ptr<MysqlPool> pool_;
};

}  // namespace mdm
