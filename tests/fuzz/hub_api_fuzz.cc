// libFuzzer target: the CustomerHub request handlers on mutated protobuf
// bytes, against the real hub of tests/fuzz/fuzz_hub.h. The first input byte
// picks the method, the rest is its request message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mdm/v1/hub.grpc.pb.h"
#include "tests/fuzz/fuzz_hub.h"

namespace mdm::fuzz {
namespace {

using Stub = v1::CustomerHub::Stub;

void Ingest(Stub& stub, const std::string& bytes) {
  v1::IngestRecordsRequest request;
  if (!request.ParseFromString(bytes)) return;
  grpc::ClientContext context;
  SetDeadline(context);
  auto stream = stub.IngestRecords(&context);
  stream->Write(request);
  stream->WritesDone();
  v1::IngestRecordsResponse response;
  while (stream->Read(&response)) {
    for (const v1::IngestResult& r : response.results()) {
      if (r.error().code() == grpc::StatusCode::INTERNAL) std::abort();
    }
  }
  CheckAnswer(stream->Finish());
}

}  // namespace
}  // namespace mdm::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mdm::fuzz;  // NOLINT: a fuzz target's body
  static Stub* stub = mdm::v1::CustomerHub::NewStub(HubChannel()).release();
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  Stub& s = *stub;
  switch (data[0] % 10) {
    case 0:
      Call(s, &Stub::UpsertRecord, bytes);
      break;
    case 1:
      Ingest(s, bytes);
      break;
    case 2:
      Call(s, &Stub::DeleteRecord, bytes);
      break;
    case 3:
      Call(s, &Stub::GetGoldenRecord, bytes);
      break;
    case 4:
      Call(s, &Stub::BatchGetGoldenRecords, bytes);
      break;
    case 5:
      Call(s, &Stub::ListXrefs, bytes);
      break;
    case 6:
      Call(s, &Stub::ResolveIdentity, bytes);
      break;
    case 7:
      Call(s, &Stub::SearchCustomers, bytes);
      break;
    case 8:
      Call(s, &Stub::ExplainMatch, bytes);
      break;
    default:
      Call(s, &Stub::ListEntityRecords, bytes);
      break;
  }
  return 0;
}
