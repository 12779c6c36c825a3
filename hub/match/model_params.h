// The trainable parameters of a ScoringModel, one per comparison level, by
// the (field, level) names the scorer reports. Training estimates a weight
// per entry; the model codec writes and reads them by name (a model written
// before a level existed decodes with that level's default). The one level
// not listed, a person against an organization, keeps a fixed weight.
#pragma once

#include <optional>
#include <string_view>

#include "absl/types/span.h"
#include "hub/match/scoring_model.h"

namespace mdm::match {

struct LevelParam {
  const char* field;
  const char* level;  // the name used in serialized models
  double ScoringModel::*weight;
};

// Every trainable level, in a fixed order.
absl::Span<const LevelParam> LevelParams();

// Index in LevelParams() of what the scorer reported; the name levels
// "pinyin" and "reordered" share one parameter ("key"). nullopt for fixed
// levels.
std::optional<int> ParamIndex(std::string_view field, std::string_view level);

}  // namespace mdm::match
