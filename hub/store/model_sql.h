// The SQL of the models table, the same for SQLite and MySQL (plain `?`
// placeholders, bound in order).
#pragma once

namespace mdm::model_sql {

#define MDM_MODEL_COLUMNS \
  "SELECT version, parameters, description, created_at_us, active FROM models"
inline constexpr char kGet[] = MDM_MODEL_COLUMNS " WHERE version = ?";
inline constexpr char kActive[] = MDM_MODEL_COLUMNS " WHERE active = 1";
#undef MDM_MODEL_COLUMNS
// Without parameters: they can be large.
inline constexpr char kList[] =
    "SELECT version, '', description, created_at_us, active FROM models"
    " ORDER BY version DESC";
inline constexpr char kInsert[] =
    "INSERT INTO models (parameters, description, created_at_us, active)"
    " VALUES (?, ?, ?, 0)";
// One statement: no moment with two active models or none.
inline constexpr char kActivate[] = "UPDATE models SET active = (version = ?)";

}  // namespace mdm::model_sql
