#include "hub/insight/rules.h"

#include <functional>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace mdm::insight {
namespace {

// Sets one field from its text; false when the text does not parse.
using Setter = std::function<bool(absl::string_view, InsightRules&)>;

Setter Int(int InsightRules::*field) {
  return [field](absl::string_view v, InsightRules& r) {
    return absl::SimpleAtoi(v, &(r.*field));
  };
}

Setter Double(double InsightRules::*field) {
  return [field](absl::string_view v, InsightRules& r) {
    return absl::SimpleAtod(v, &(r.*field));
  };
}

Setter Text(std::string InsightRules::*field) {
  return [field](absl::string_view v, InsightRules& r) {
    r.*field = std::string(v);
    return !v.empty();
  };
}

Setter Words(std::vector<std::string> InsightRules::*field) {
  return [field](absl::string_view v, InsightRules& r) {
    std::vector<std::string> out;
    for (absl::string_view w : absl::StrSplit(v, ',')) {
      w = absl::StripAsciiWhitespace(w);
      if (!w.empty()) out.emplace_back(w);
    }
    r.*field = std::move(out);
    return true;
  };
}

// Exactly four ascending numbers.
Setter Cuts(std::vector<double> InsightRules::*field) {
  return [field](absl::string_view v, InsightRules& r) {
    std::vector<double> out;
    for (absl::string_view w : absl::StrSplit(v, ',')) {
      double d = 0;
      if (!absl::SimpleAtod(absl::StripAsciiWhitespace(w), &d)) return false;
      if (!out.empty() && d <= out.back()) return false;
      out.push_back(d);
    }
    if (out.size() != 4) return false;
    r.*field = std::move(out);
    return true;
  };
}

const std::map<std::string, Setter, std::less<>>& Setters() {
  static const auto* setters = new std::map<std::string, Setter, std::less<>>{
      {"purchase_kinds", Words(&InsightRules::purchase_kinds)},
      {"refund_kinds", Words(&InsightRules::refund_kinds)},
      {"window_days", Int(&InsightRules::window_days)},
      {"active_days", Int(&InsightRules::active_days)},
      {"dormant_days", Int(&InsightRules::dormant_days)},
      {"dissatisfied_complaints", Int(&InsightRules::dissatisfied_complaints)},
      {"complaint_window_days", Int(&InsightRules::complaint_window_days)},
      {"campaign_topic", Text(&InsightRules::campaign_topic)},
      {"campaign_positive_outcomes",
       Words(&InsightRules::campaign_positive_outcomes)},
      {"recency_cuts", Cuts(&InsightRules::recency_cuts)},
      {"frequency_cuts", Cuts(&InsightRules::frequency_cuts)},
      {"monetary_cuts", Cuts(&InsightRules::monetary_cuts)},
      {"key_min_purchases", Int(&InsightRules::key_min_purchases)},
      {"key_min_profit", Double(&InsightRules::key_min_profit)},
      {"potential_min_monetary", Double(&InsightRules::potential_min_monetary)},
      {"regular_min_purchases", Int(&InsightRules::regular_min_purchases)},
      {"high_value_min_monetary",
       Double(&InsightRules::high_value_min_monetary)},
      {"low_value_max_monetary", Double(&InsightRules::low_value_max_monetary)},
      {"frequent_min_purchases", Int(&InsightRules::frequent_min_purchases)},
      {"churn_drop_ratio", Double(&InsightRules::churn_drop_ratio)},
      {"credit_b_max_overdue", Int(&InsightRules::credit_b_max_overdue)},
      {"credit_c_max_overdue", Int(&InsightRules::credit_c_max_overdue)},
      {"credit_d_days_overdue", Int(&InsightRules::credit_d_days_overdue)},
      {"pareto_profit_share", Double(&InsightRules::pareto_profit_share)},
      {"recent_interactions", Int(&InsightRules::recent_interactions)},
  };
  return *setters;
}

}  // namespace

absl::StatusOr<InsightRules> ParseRules(absl::string_view text) {
  InsightRules rules;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(line, absl::MaxSplits('=', 1));
    const absl::string_view name = absl::StripAsciiWhitespace(kv.first);
    const absl::string_view value = absl::StripAsciiWhitespace(kv.second);
    auto it = Setters().find(name);
    if (it == Setters().end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("rules line ", line_no, ": unknown rule '", name, "'"));
    }
    if (!it->second(value, rules)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rules line ", line_no, ": bad value '", value, "' for ", name));
    }
  }
  return rules;
}

}  // namespace mdm::insight
