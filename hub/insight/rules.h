// The configurable rules behind status flags, value scores, segments and
// credit levels (hub/insight). Every field documents its default; a rules
// file (ParseRules) overrides any of them by name, so a business can tune its
// segments without a rebuild. Pure data.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mdm::insight {

struct InsightRules {
  // Transaction kinds that count as purchases (frequency, monetary, profit).
  // Default: order.
  std::vector<std::string> purchase_kinds = {"order"};
  // Transaction kinds that reduce monetary and profit. Default: refund.
  std::vector<std::string> refund_kinds = {"refund"};
  // Frequency, monetary and profit are summed over this many days back from
  // now. Default 365.
  int window_days = 365;

  // Customer status by days since the last purchase: at most active_days is
  // active, at most dormant_days dormant, beyond that churned; no purchase
  // ever is prospect. Defaults 90 and 365.
  int active_days = 90;
  int dormant_days = 365;

  // Dissatisfied: at least this many complaints within complaint_window_days.
  // Defaults 2 and 180.
  int dissatisfied_complaints = 2;
  int complaint_window_days = 180;

  // Campaign response: interactions whose topic starts with campaign_topic
  // are campaign contacts; an outcome listed in campaign_positive_outcomes is
  // a response. Defaults "campaign" and accepted, responded, converted.
  std::string campaign_topic = "campaign";
  std::vector<std::string> campaign_positive_outcomes = {
      "accepted", "responded", "converted"};

  // RFM scores 1..5: each list holds four ascending cut points. Recency
  // scores 5 at or below the first (days), frequency and monetary score 5 at
  // or above the last. Defaults: recency 30,90,180,365 days; frequency
  // 2,4,8,12 purchases; monetary 1000,5000,20000,50000.
  std::vector<double> recency_cuts = {30, 90, 180, 365};
  std::vector<double> frequency_cuts = {2, 4, 8, 12};
  std::vector<double> monetary_cuts = {1000, 5000, 20000, 50000};

  // Value tier (first that applies):
  //   key:       frequency >= key_min_purchases and profit >= key_min_profit
  //   potential: monetary >= potential_min_monetary
  //   regular:   frequency >= regular_min_purchases
  //   temporary: otherwise (one purchase or none)
  // Defaults 6, 10000, 5000, 2.
  int key_min_purchases = 6;
  double key_min_profit = 10000;
  double potential_min_monetary = 5000;
  int regular_min_purchases = 2;

  // Worth: high-value when monetary >= high_value_min_monetary, low-value
  // when below low_value_max_monetary (and not dissatisfied; dissatisfied
  // customers are their own group). Defaults 20000 and 1000.
  double high_value_min_monetary = 20000;
  double low_value_max_monetary = 1000;

  // Lifecycle: frequent buyer with at least frequent_min_purchases in the
  // window; churn risk when purchases in the recent half of the window fell
  // to at most churn_drop_ratio of those in the older half (which had at
  // least regular_min_purchases); prospect with no purchase at all.
  // Defaults 6 and 0.5.
  int frequent_min_purchases = 6;
  double churn_drop_ratio = 0.5;

  // Credit level from invoices in the window: "A" none overdue (and at least
  // one invoice), "B" up to credit_b_max_overdue overdue, "C" up to
  // credit_c_max_overdue, "D" beyond or any overdue by more than
  // credit_d_days_overdue days; "unrated" with no invoice. An invoice is
  // overdue when its status is "overdue", or it is unpaid ("open") past its
  // due date. Defaults 1, 3, 90.
  int credit_b_max_overdue = 1;
  int credit_c_max_overdue = 3;
  int credit_d_days_overdue = 90;

  // Pareto view: the share of profit the top customers must reach.
  // Default 0.8.
  double pareto_profit_share = 0.8;

  // How many recent interactions a profile shows. Default 10.
  int recent_interactions = 10;
};

// Parses a rules file: one `name = value` per line, `#` comments, blank
// lines ignored; lists are comma-separated. Names are the field names above;
// fields not named keep their defaults. InvalidArgument naming the line for
// an unknown name, a malformed value, or cut points that are not four
// ascending numbers.
absl::StatusOr<InsightRules> ParseRules(absl::string_view text);

}  // namespace mdm::insight
