#include "clients/mdmctl/json_output.h"

#include <string>

#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace mdm::ctl {

void PrintJsonLine(std::ostream& out,
                   const google::protobuf::Message& message) {
  std::string json;
  // Only fails for messages with unresolvable Any types, which ours lack;
  // print what was produced either way.
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  // Protobuf prints map fields (attributes) in hash order, which differs from
  // call to call; re-emitting through nlohmann::json (std::map objects) sorts
  // every object's keys, so the same record always prints the same line.
  nlohmann::json parsed =
      nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  out << (parsed.is_discarded() ? json : parsed.dump()) << '\n';
}

}  // namespace mdm::ctl
