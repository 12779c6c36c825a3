// The Pareto view of profit: how small a share of customers brings the
// target share (80% by default) of the profit. Pure.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mdm::insight {

struct ParetoView {
  int customers = 0;        // all customers considered
  int profitable = 0;       // with profit > 0
  double total_profit = 0;  // sum of positive profits (losses do not count)
  int top_customers = 0;    // fewest customers reaching the target share
  double top_share = 0;     // top_customers / customers
  double profit_share = 0;  // share of total_profit they bring (>= target)
  // The smallest profit among the top customers.
  double threshold_profit = 0;
  std::vector<std::string> top_ids;  // best first, at most `max_ids`
};

// `profits`: (golden id, profit in the window) of every customer.
ParetoView ComputePareto(std::vector<std::pair<std::string, double>> profits,
                         double target_share, size_t max_ids);

}  // namespace mdm::insight
