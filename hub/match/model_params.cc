#include "hub/match/model_params.h"

namespace mdm::match {
namespace {

using M = ScoringModel;

constexpr LevelParam kParams[] = {
    {"name", "exact", &M::name_exact},
    {"name", "key", &M::name_key},
    {"name", "nickname", &M::name_nickname},
    {"name", "fuzzy_high", &M::name_fuzzy_high},
    {"name", "fuzzy_low", &M::name_fuzzy_low},
    {"name", "token", &M::name_token},
    {"name", "weak", &M::name_weak},
    {"name", "mismatch", &M::name_mismatch},
    {"national_id", "exact", &M::id_exact},
    {"national_id", "one_edit", &M::id_typo},
    {"national_id", "checked_mismatch", &M::id_checked_mismatch},
    {"national_id", "mismatch", &M::id_mismatch},
    {"birth_date", "exact", &M::dob_exact},
    {"birth_date", "day_month_swapped", &M::dob_swapped},
    {"birth_date", "one_digit", &M::dob_one_edit},
    {"birth_date", "same_month", &M::dob_same_year_month},
    {"birth_date", "mismatch", &M::dob_mismatch},
    {"phone", "shared", &M::phone_shared},
    {"phone", "disjoint", &M::phone_disjoint},
    {"email", "shared", &M::email_shared},
    {"email", "disjoint", &M::email_disjoint},
    {"gender", "same", &M::gender_same},
    {"gender", "different", &M::gender_diff},
    {"postal_code", "exact", &M::postcode_same},
    {"postal_code", "mismatch", &M::postcode_diff},
    {"city", "exact", &M::city_same},
    {"city", "mismatch", &M::city_diff},
    {"address", "exact", &M::address_exact},
    {"address", "fuzzy", &M::address_fuzzy},
    {"address", "mismatch", &M::address_mismatch},
};

}  // namespace

absl::Span<const LevelParam> LevelParams() { return kParams; }

std::optional<int> ParamIndex(std::string_view field, std::string_view level) {
  if (field == "name" && (level == "pinyin" || level == "reordered")) {
    level = "key";
  }
  for (int i = 0; i < static_cast<int>(std::size(kParams)); ++i) {
    if (field == kParams[i].field && level == kParams[i].level) return i;
  }
  return std::nullopt;
}

}  // namespace mdm::match
