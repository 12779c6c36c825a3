#include "hub/golden/rules.h"

#include <array>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/common/errors.h"
#include "nlohmann/json.hpp"

namespace mdm::golden {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 12> kAttributes = {
    "full_name",    "national_id", "birth_date", "gender",
    "address_line", "city",        "region",     "postal_code",
    "country",      "phones",      "emails",     "addresses"};

struct NamedKind {
  const char* name;
  RuleKind kind;
};
constexpr std::array<NamedKind, 4> kKinds = {{
    {"most_recent", RuleKind::kMostRecent},
    {"most_frequent", RuleKind::kMostFrequent},
    {"most_complete", RuleKind::kMostComplete},
    {"source_trust", RuleKind::kSourceTrust},
}};

// Parse errors carry the JSON path of the bad value.
struct ParseError {
  std::string path;
  std::string what;
};

RuleKind KindFromJson(const json& j, const std::string& path) {
  if (j.is_string()) {
    for (const NamedKind& k : kKinds) {
      if (j.get_ref<const std::string&>() == k.name) return k.kind;
    }
  }
  throw ParseError{path,
                   "must be most_recent, most_frequent, most_complete or "
                   "source_trust"};
}

const json& ObjectAt(const json& j, const std::string& path) {
  if (!j.is_object()) throw ParseError{path, "must be an object"};
  return j;
}

AttributeRule RuleFromJson(const json& j, const std::string& path) {
  AttributeRule rule;
  for (const auto& [key, value] : ObjectAt(j, path).items()) {
    const std::string at = absl::StrCat(path, ".", key);
    if (key == "rule") {
      rule.kind = KindFromJson(value, at);
    } else if (key == "then") {
      rule.then = KindFromJson(value, at);
      if (rule.then == RuleKind::kSourceTrust) {
        throw ParseError{at, "cannot itself be source_trust"};
      }
    } else if (key == "trust") {
      if (!value.is_array()) throw ParseError{at, "must be a list of sources"};
      for (const json& s : value) {
        if (!s.is_string() || s.get_ref<const std::string&>().empty()) {
          throw ParseError{at, "sources must be non-empty strings"};
        }
        rule.trust.push_back(s.get<std::string>());
      }
    } else if (key == "validated_only") {
      if (!value.is_boolean()) throw ParseError{at, "must be true or false"};
      rule.validated_only = value.get<bool>();
    } else {
      throw ParseError{at, "unknown key"};
    }
  }
  if (rule.kind == RuleKind::kSourceTrust && rule.trust.empty()) {
    throw ParseError{absl::StrCat(path, ".trust"),
                     "source_trust needs at least one source"};
  }
  if (rule.kind != RuleKind::kSourceTrust && !rule.trust.empty()) {
    throw ParseError{absl::StrCat(path, ".trust"),
                     "only a source_trust rule has a trust list"};
  }
  return rule;
}

json RuleToJson(const AttributeRule& rule) {
  json j = json::object();
  j["rule"] = std::string(RuleName(rule.kind));
  if (rule.kind == RuleKind::kSourceTrust) j["trust"] = rule.trust;
  j["then"] = std::string(RuleName(rule.then));
  j["validated_only"] = rule.validated_only;
  return j;
}

}  // namespace

const AttributeRule& SurvivorshipRules::For(absl::string_view attribute,
                                            bool multi) const {
  auto it = by_attribute.find(std::string(attribute));
  if (it != by_attribute.end()) return it->second;
  return multi ? default_multi : default_single;
}

const SurvivorshipRules& DefaultRules() {
  static const SurvivorshipRules* const rules = new SurvivorshipRules();
  return *rules;
}

absl::string_view RuleName(RuleKind kind) {
  for (const NamedKind& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

bool IsKnownAttribute(absl::string_view attribute) {
  if (absl::StartsWith(attribute, "attr.")) return attribute.size() > 5;
  for (const char* a : kAttributes) {
    if (attribute == a) return true;
  }
  return false;
}

bool IsMultiValued(absl::string_view attribute) {
  return attribute == "phones" || attribute == "emails" ||
         attribute == "addresses";
}

absl::StatusOr<SurvivorshipRules> ParseRules(absl::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr,
                          /*allow_exceptions=*/false);
  if (root.is_discarded()) return FieldError("rules", "not valid JSON");
  try {
    SurvivorshipRules rules;
    for (const auto& [key, value] : ObjectAt(root, "rules").items()) {
      if (key == "default") {
        rules.default_single = RuleFromJson(value, "default");
      } else if (key == "default_multi") {
        rules.default_multi = RuleFromJson(value, "default_multi");
      } else if (key == "attributes") {
        for (const auto& [name, rule] : ObjectAt(value, "attributes").items()) {
          const std::string path = absl::StrCat("attributes.", name);
          if (!IsKnownAttribute(name)) {
            throw ParseError{path,
                             "unknown attribute (a free attribute is "
                             "attr.KEY)"};
          }
          rules.by_attribute.emplace(name, RuleFromJson(rule, path));
        }
      } else {
        throw ParseError{key, "unknown key"};
      }
    }
    return rules;
  } catch (const ParseError& e) {
    return FieldError(absl::StrCat("rules.", e.path), e.what);
  }
}

std::string FormatRules(const SurvivorshipRules& rules) {
  json j = json::object();
  j["default"] = RuleToJson(rules.default_single);
  j["default_multi"] = RuleToJson(rules.default_multi);
  json attributes = json::object();
  for (const auto& [name, rule] : rules.by_attribute) {
    attributes[name] = RuleToJson(rule);
  }
  j["attributes"] = std::move(attributes);
  return j.dump(2);
}

}  // namespace mdm::golden
