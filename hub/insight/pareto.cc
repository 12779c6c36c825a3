#include "hub/insight/pareto.h"

#include <algorithm>

namespace mdm::insight {

ParetoView ComputePareto(std::vector<std::pair<std::string, double>> profits,
                         double target_share, size_t max_ids) {
  ParetoView v;
  v.customers = static_cast<int>(profits.size());
  // Best first; ties by id so the view is stable.
  std::sort(profits.begin(), profits.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (const auto& [id, p] : profits) {
    if (p <= 0) break;
    ++v.profitable;
    v.total_profit += p;
  }
  if (v.total_profit <= 0) return v;
  double sum = 0;
  for (const auto& [id, p] : profits) {
    if (sum >= target_share * v.total_profit) break;
    sum += p;
    ++v.top_customers;
    v.threshold_profit = p;
    if (v.top_ids.size() < max_ids) v.top_ids.push_back(id);
  }
  v.top_share = static_cast<double>(v.top_customers) / v.customers;
  v.profit_share = sum / v.total_profit;
  return v;
}

}  // namespace mdm::insight
