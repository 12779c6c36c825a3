// `mdmctl import`: CSV rows -> IngestRecords batches, with the hub's answers
// read on a second thread so several batches stay in flight.
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/mdmctl/commands.h"
#include "clients/mdmctl/csv_reader.h"
#include "clients/mdmctl/import_reporter.h"
#include "clients/mdmctl/import_summary.h"
#include "clients/mdmctl/row_mapper.h"
#include "clients/mdmctl/rpc_error.h"

namespace mdm::ctl {
namespace {

using IngestStream =
    grpc::ClientReaderWriterInterface<mdm::v1::IngestRecordsRequest,
                                      mdm::v1::IngestRecordsResponse>;

// Shared by the thread writing batches and the thread reading answers.
struct StreamState {
  absl::Mutex mu;
  // Record counts of the batches sent and not yet answered, oldest first
  // (the hub answers batches in order).
  std::deque<int> in_flight ABSL_GUARDED_BY(mu);
  int64_t acknowledged ABSL_GUARDED_BY(mu) = 0;
  // The hub's side of the stream ended: no more answers will come.
  bool read_done ABSL_GUARDED_BY(mu) = false;
  // Last time the hub answered, or a batch was sent to an idle hub; the
  // watchdog measures the hub's silence from here.
  absl::Time last_activity ABSL_GUARDED_BY(mu) = absl::Now();
  bool cancelled ABSL_GUARDED_BY(mu) = false;
};

// Blocks until `ready()` holds or the stream has ended. When the hub stays
// silent for `timeout`, cancels the call (which ends the stream).
template <typename Ready>
void AwaitOrCancel(StreamState& state, grpc::ClientContext& context,
                   absl::Duration timeout, Ready ready) {
  absl::MutexLock lock(&state.mu);
  auto done = [&] { return state.read_done || ready(); };
  const absl::Condition condition(&done);
  while (!done()) {
    if (state.cancelled || timeout == absl::InfiniteDuration()) {
      state.mu.Await(condition);
      return;
    }
    if (!state.mu.AwaitWithDeadline(condition, state.last_activity + timeout) &&
        absl::Now() - state.last_activity >= timeout) {
      state.cancelled = true;
      context.TryCancel();
    }
  }
}

// The answer-reading thread: tallies results into `tally` (owned by this
// thread until it is joined) and reports rejections and warnings.
void ReadAnswers(IngestStream* stream, StreamState* state,
                 ImportReporter* reporter, ImportSummary* tally) {
  mdm::v1::IngestRecordsResponse response;
  while (stream->Read(&response)) {
    for (const mdm::v1::IngestResult& result : response.results()) {
      for (const mdm::v1::FieldWarning& w : result.warnings()) {
        ++tally->warnings;
        reporter->Issue(
            RowIssue{result.sequence(), w.field(), w.reason(), w.value()});
      }
      if (result.has_error() && result.error().code() != 0) {
        ++tally->rejected;
        for (const RowIssue& issue :
             RowIssuesFromStatus(result.sequence(), result.error())) {
          reporter->Issue(issue);
        }
      } else {
        ++tally->accepted;
        const size_t outcome = static_cast<size_t>(result.outcome());
        if (outcome < tally->outcomes.size()) ++tally->outcomes[outcome];
      }
    }
    absl::MutexLock lock(&state->mu);
    state->acknowledged += response.results_size();
    if (!state->in_flight.empty()) state->in_flight.pop_front();
    state->last_activity = absl::Now();
  }
  absl::MutexLock lock(&state->mu);
  state->read_done = true;
}

}  // namespace

int RunImport(const CommandContext& ctx, const ImportOptions& options,
              std::istream& csv) {
  const absl::Time start = absl::Now();
  csv::CsvReader::Options csv_options;
  csv_options.required_columns = {"source_record_id"};
  csv::CsvReader reader(csv, csv_options);
  if (absl::Status status = reader.ReadHeader(); !status.ok()) {
    *ctx.err << "error: " << status.message() << '\n';
    return kExitFailure;
  }
  absl::StatusOr<RowMapper> mapper =
      RowMapper::Create(reader.header(), options.source);
  if (!mapper.ok()) {
    *ctx.err << "error: " << mapper.status().message() << '\n';
    return kExitFailure;
  }
  const absl::Duration timeout = ctx.timeout.count() > 0
                                     ? absl::FromChrono(ctx.timeout)
                                     : absl::InfiniteDuration();
  const size_t max_in_flight =
      static_cast<size_t>(std::max(1, options.max_in_flight));

  ImportReporter reporter(*ctx.err, options.show_progress, options.total_bytes);
  grpc::ClientContext context;
  std::unique_ptr<IngestStream> stream = ctx.stub->IngestRecords(&context);
  StreamState state;
  ImportSummary answer_tally;
  std::thread answers(ReadAnswers, stream.get(), &state, &reporter,
                      &answer_tally);

  ImportSummary tally;
  int64_t sent = 0;
  int64_t last_line = 0;
  mdm::v1::IngestRecordsRequest batch;
  // Sends `batch` once fewer than max_in_flight batches are unanswered.
  // False when the stream has broken.
  auto send_batch = [&]() -> bool {
    AwaitOrCancel(state, context, timeout,
                  [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
                    return state.in_flight.size() < max_in_flight;
                  });
    {
      absl::MutexLock lock(&state.mu);
      if (state.read_done) return false;
      if (state.in_flight.empty()) state.last_activity = absl::Now();
      state.in_flight.push_back(batch.items_size());
    }
    if (!stream->Write(batch)) return false;
    sent += batch.items_size();
    batch.clear_items();
    return true;
  };

  bool broken = false;
  csv::CsvRow row;
  while (!broken && reader.Next(&row)) {
    ++tally.rows_read;
    last_line = row.line;
    if (!row.ok()) {
      ++tally.rejected;
      reporter.Issue(RowIssue{row.line, row.error_column, row.error, ""});
      continue;
    }
    RowMapper::Result mapped = mapper->Map(row.line, row.fields);
    for (const RowIssue& warning : mapped.warnings) {
      ++tally.warnings;
      reporter.Issue(warning);
    }
    if (mapped.error) {
      ++tally.rejected;
      reporter.Issue(*mapped.error);
      continue;
    }
    mdm::v1::IngestItem* item = batch.add_items();
    item->set_sequence(row.line);
    *item->mutable_record() = std::move(mapped.record);
    if (batch.items_size() >= options.batch_size) broken = !send_batch();
    int64_t acknowledged;
    {
      absl::MutexLock lock(&state.mu);
      acknowledged = state.acknowledged;
    }
    reporter.Progress(tally.rows_read, acknowledged, reader.bytes_consumed());
  }
  if (!broken && batch.items_size() > 0) broken = !send_batch();
  if (!broken) stream->WritesDone();
  // The hub closes its side once every batch is answered.
  AwaitOrCancel(state, context, timeout, [] { return false; });
  answers.join();
  const grpc::Status status = stream->Finish();
  reporter.Done();

  tally += answer_tally;
  tally.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  PrintImportSummary(*ctx.out, ctx.format, tally);

  absl::MutexLock lock(&state.mu);
  if (broken || !status.ok() || !state.in_flight.empty()) {
    if (state.cancelled) {
      *ctx.err << "error: DEADLINE_EXCEEDED: no answer from the hub for "
               << absl::FormatDuration(timeout) << '\n';
    } else if (!status.ok()) {
      *ctx.err << FormatRpcError(status);
    } else {
      *ctx.err << "error: the hub ended the stream before answering every "
                  "batch\n";
    }
    *ctx.err << "error: stream broken: " << state.acknowledged << " of " << sent
             << " records sent were acknowledged; reading stopped at "
             << "line " << last_line << '\n';
    return kExitFailure;
  }
  return tally.rejected > 0 ? kExitRowsRejected : kExitOk;
}

int RunImportFile(const CommandContext& ctx, ImportOptions options,
                  const std::string& path) {
  if (path == "-") return RunImport(ctx, options, std::cin);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    *ctx.err << "error: cannot open " << path << ": " << std::strerror(errno)
             << '\n';
    return kExitFailure;
  }
  std::error_code ignored;
  const auto size = std::filesystem::file_size(path, ignored);
  options.total_bytes = ignored ? 0 : size;
  return RunImport(ctx, options, file);
}

}  // namespace mdm::ctl
