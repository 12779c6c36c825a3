// libFuzzer target: the CustomerHub request handlers on mutated protobuf
// bytes, against the real hub of tests/fuzz/fuzz_hub.h. The first input byte
// picks the method, the rest is its request message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
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

using Method = void (*)(Stub&, const std::string&);

// One entry per method; the first input byte indexes this table (the kept
// inputs depend on this order).
constexpr Method kMethods[] = {
    [](Stub& s, const std::string& b) { Call(s, &Stub::UpsertRecord, b); },
    Ingest,
    [](Stub& s, const std::string& b) { Call(s, &Stub::DeleteRecord, b); },
    [](Stub& s, const std::string& b) { Call(s, &Stub::GetGoldenRecord, b); },
    [](Stub& s, const std::string& b) {
      Call(s, &Stub::BatchGetGoldenRecords, b);
    },
    [](Stub& s, const std::string& b) { Call(s, &Stub::ListXrefs, b); },
    [](Stub& s, const std::string& b) { Call(s, &Stub::ResolveIdentity, b); },
    [](Stub& s, const std::string& b) { Call(s, &Stub::SearchCustomers, b); },
    [](Stub& s, const std::string& b) { Call(s, &Stub::ExplainMatch, b); },
    [](Stub& s, const std::string& b) { Call(s, &Stub::ListEntityRecords, b); },
};

}  // namespace
}  // namespace mdm::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mdm::fuzz;  // NOLINT: a fuzz target's body
  static Stub* stub = mdm::v1::CustomerHub::NewStub(HubChannel()).release();
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  kMethods[data[0] % std::size(kMethods)](*stub, bytes);
  return 0;
}
