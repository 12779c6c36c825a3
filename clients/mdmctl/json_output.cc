#include "clients/mdmctl/json_output.h"

#include <string>

#include "google/protobuf/util/json_util.h"

namespace mdm::ctl {

void PrintJsonLine(std::ostream& out,
                   const google::protobuf::Message& message) {
  std::string json;
  // Only fails for messages with unresolvable Any types, which ours lack;
  // print what was produced either way.
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  out << json << '\n';
}

}  // namespace mdm::ctl
