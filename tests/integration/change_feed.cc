#include "tests/integration/change_feed.h"

namespace mdm::integration {

std::vector<v1::ChangeEvent> ReadChanges(v1::GoldenLifecycle::Stub& lifecycle,
                                         int64_t after_sequence,
                                         size_t max_events,
                                         std::chrono::milliseconds deadline) {
  v1::WatchChangesRequest req;
  req.set_after_sequence(after_sequence);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  auto reader = lifecycle.WatchChanges(&ctx, req);
  std::vector<v1::ChangeEvent> out;
  v1::ChangeEvent e;
  while ((max_events == 0 || out.size() < max_events) && reader->Read(&e)) {
    out.push_back(e);
  }
  ctx.TryCancel();
  reader->Finish().IgnoreError();
  return out;
}

}  // namespace mdm::integration
