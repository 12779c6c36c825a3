// Early-return helpers for absl::Status / absl::StatusOr. Abseil 20220623 as
// packaged by Debian ships no status macros of its own.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define MDM_CONCAT_INNER_(a, b) a##b
#define MDM_CONCAT_(a, b) MDM_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the caller if not OK.
#define RETURN_IF_ERROR(expr)                                   \
  do {                                                          \
    if (::absl::Status mdm_status_ = (expr); !mdm_status_.ok()) \
      return mdm_status_;                                       \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, StatusOrExpr())`: binds the value or returns the
// error from the caller.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  MDM_ASSIGN_OR_RETURN_IMPL_(MDM_CONCAT_(mdm_statusor_, __LINE__), lhs, rexpr)
#define MDM_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr)   \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)
