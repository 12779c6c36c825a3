// Facts hung off source records (DESIGN §3): transactions and interactions.
// Plain data, like source_record.h; the API translates protobuf to and from
// these, the FactStore persists them.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "hub/model/source_record.h"

namespace mdm {

enum class FactCategory { kTransaction = 0, kInteraction = 1 };

struct Fact {
  RecordKey record;     // the source record the fact belongs to
  std::string fact_id;  // unique within record.source
  FactCategory category = FactCategory::kTransaction;
  int64_t occurred_at_us = 0;

  // Transactions.
  std::string kind;    // "order", "invoice", "payment", ...
  std::string amount;  // exact decimal text
  std::string currency;
  std::string profit;  // decimal text or empty
  std::string status;
  int64_t due_at_us = 0;  // 0 = none

  // Interactions.
  std::string channel;
  std::string topic;
  std::string outcome;
  bool complaint = false;

  std::map<std::string, std::string> attributes;
  bool operator==(const Fact&) const = default;
};

}  // namespace mdm
