// A ScoringModel as text, for the models table: one "name value" per line,
// every level weight by its (field.level) name, then the frozen
// term-frequency table. Decoding starts from the default model, so a model
// written before a level existed still loads (the new level keeps its
// default). Exact round trip: doubles are written with 17 significant digits.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/match/scoring_model.h"

namespace mdm::match {

std::string EncodeModel(const ScoringModel& model);

// InvalidArgument naming the line on anything it cannot read.
absl::StatusOr<ScoringModel> DecodeModel(absl::string_view text);

}  // namespace mdm::match
