#include "clients/mdmctl/command_context.h"

#include "clients/mdmctl/rpc_error.h"

namespace mdm::ctl {

void CommandContext::PrepareUnary(grpc::ClientContext* context) const {
  if (timeout.count() > 0) {
    context->set_deadline(std::chrono::system_clock::now() + timeout);
  }
}

int CommandContext::Fail(const grpc::Status& status) const {
  *err << FormatRpcError(status);
  return kExitFailure;
}

}  // namespace mdm::ctl
