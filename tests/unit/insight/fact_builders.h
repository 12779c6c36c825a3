// Small builders of facts for the insight tests; times in days before `kNow`.
#pragma once

#include <string>

#include "hub/insight/customer_insight.h"

namespace mdm::insight::testing {

inline constexpr int64_t kNow = int64_t{1'700'000'000} * 1'000'000;

inline int64_t DaysAgo(double days) {
  return kNow - static_cast<int64_t>(days * kMicrosPerDay);
}

inline Fact Txn(std::string kind, double days_ago, std::string amount,
                std::string profit = "") {
  static int next = 0;
  Fact f;
  f.record = {"erp", "c1"};
  f.fact_id = "t" + std::to_string(++next);
  f.category = FactCategory::kTransaction;
  f.occurred_at_us = DaysAgo(days_ago);
  f.kind = std::move(kind);
  f.amount = std::move(amount);
  f.profit = std::move(profit);
  f.currency = "CNY";
  return f;
}

inline Fact Contact(double days_ago, std::string topic, std::string outcome,
                    bool complaint = false) {
  static int next = 0;
  Fact f;
  f.record = {"callcenter", "c1"};
  f.fact_id = "i" + std::to_string(++next);
  f.category = FactCategory::kInteraction;
  f.occurred_at_us = DaysAgo(days_ago);
  f.channel = "phone";
  f.topic = std::move(topic);
  f.outcome = std::move(outcome);
  f.complaint = complaint;
  return f;
}

}  // namespace mdm::insight::testing
