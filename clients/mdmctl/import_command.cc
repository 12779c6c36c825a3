// `mdmctl import`: CSV rows -> IngestRecords batches, with the hub's answers
// read on a second thread so several batches stay in flight.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
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

using Batch = std::shared_ptr<const mdm::v1::IngestRecordsRequest>;

// Shared by the thread writing batches and the thread reading answers.
struct StreamState {
  absl::Mutex mu;
  // The batches sent and not yet answered, oldest first (the hub answers
  // batches in order).
  std::deque<Batch> in_flight ABSL_GUARDED_BY(mu);
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
        if (result.outcome() == mdm::v1::QUARANTINED) {
          reporter->Issue(RowIssue{
              result.sequence(), "",
              absl::StrCat("quarantined: resolves to dead customer ",
                           result.golden_id(), " (",
                           absl::AsciiStrToLower(
                               mdm::v1::DeadReason_Name(result.dead_reason())),
                           ")"),
              ""});
        }
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

// One IngestRecords call: batches are written from the caller's thread,
// answers read on a second one, so several batches stay in flight.
class IngestCall {
 public:
  IngestCall(const CommandContext& ctx, absl::Duration timeout,
             size_t max_in_flight, ImportReporter* reporter)
      : timeout_(timeout),
        max_in_flight_(max_in_flight),
        stream_(ctx.stub->IngestRecords(&context_)),
        answers_(ReadAnswers, stream_.get(), &state_, reporter, &tally_) {}

  ~IngestCall() {
    if (answers_.joinable()) Finish();
  }

  // Sends `batch` once fewer than max_in_flight batches are unanswered.
  // False when the stream has broken; the batch then counts as unanswered.
  bool Send(const Batch& batch) {
    AwaitOrCancel(state_, context_, timeout_,
                  [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
                    return state_.in_flight.size() < max_in_flight_;
                  });
    {
      absl::MutexLock lock(&state_.mu);
      state_.in_flight.push_back(batch);
      if (state_.read_done) return false;
      if (state_.in_flight.size() == 1) state_.last_activity = absl::Now();
    }
    return stream_->Write(*batch);
  }

  // Closes the sending side (unless `broken`), waits until the hub answered
  // every batch or ended the stream, and returns the call's status.
  grpc::Status Finish(bool broken = false) {
    if (!broken) stream_->WritesDone();
    // The hub closes its side once every batch is answered.
    AwaitOrCancel(state_, context_, timeout_, [] { return false; });
    answers_.join();
    return stream_->Finish();
  }

  // After Finish(): the answers' tally, and what is left.
  const ImportSummary& tally() const { return tally_; }
  int64_t acknowledged() {
    absl::MutexLock lock(&state_.mu);
    return state_.acknowledged;
  }
  std::vector<Batch> Unanswered() {
    absl::MutexLock lock(&state_.mu);
    return {state_.in_flight.begin(), state_.in_flight.end()};
  }
  bool cancelled() {
    absl::MutexLock lock(&state_.mu);
    return state_.cancelled;
  }

 private:
  const absl::Duration timeout_;
  const size_t max_in_flight_;
  grpc::ClientContext context_;
  StreamState state_;
  ImportSummary tally_;
  std::unique_ptr<IngestStream> stream_;
  std::thread answers_;
};

// The hub failed the stream for a reason that may pass: its store lost a
// database server (UNAVAILABLE), or a batch was resolved on top of one whose
// commit failed (ABORTED), or the hub restarts.
bool Retryable(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::ABORTED;
}

// Delay before retry `retry` (1, 2, ...): 0.5 s doubling, at most 5 s.
absl::Duration RetryDelay(int retry) {
  return std::min(
      absl::Milliseconds(500) * (int64_t{1} << std::min(retry, 8)) / 2,
      absl::Seconds(5));
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
  auto call =
      std::make_unique<IngestCall>(ctx, timeout, max_in_flight, &reporter);
  ImportSummary tally;
  int64_t acknowledged_before = 0;  // by the calls before `call`
  int retries = 0;
  grpc::Status failure;  // why the import stopped, when it did
  bool cancelled = false;

  // Ends `call` and, while its failure is retryable and retries are left,
  // opens a new one and sends it the batches the old one left unanswered.
  // The hub acknowledges a batch only once it is durable; an unanswered one
  // may or may not have been stored (its commit's outcome was lost with the
  // database connection). Sending it again is safe because ingestion is
  // idempotent: a record the hub already holds with the same content comes
  // back "unchanged", and no record is ever stored twice. False when the
  // import has to stop (`failure` says why). With `last`, the new call is
  // finished too: true means every batch was acknowledged.
  auto reopen = [&](bool broken, bool last) -> bool {
    while (true) {
      const grpc::Status status = call->Finish(broken);
      tally += call->tally();
      acknowledged_before += call->acknowledged();
      std::vector<Batch> pending = call->Unanswered();
      if (status.ok() && pending.empty()) return true;
      cancelled = call->cancelled();
      if (!Retryable(status) || retries >= options.max_retries) {
        failure = status;
        return false;
      }
      ++retries;
      *ctx.err << "warning: stream broken ("
               << StatusCodeName(status.error_code()) << ": "
               << status.error_message() << "); resending " << pending.size()
               << " unacknowledged batches (retry " << retries << " of "
               << options.max_retries << ")\n";
      absl::SleepFor(RetryDelay(retries));
      call =
          std::make_unique<IngestCall>(ctx, timeout, max_in_flight, &reporter);
      broken = false;
      for (const Batch& b : pending) {
        // Once the new stream broke too, the rest still go through Send(),
        // which then only records them as unanswered.
        broken = !call->Send(b) || broken;
      }
      if (!broken && !last) return true;
    }
  };
  auto send = [&](Batch batch) -> bool {
    return call->Send(batch) || reopen(/*broken=*/true, /*last=*/false);
  };

  int64_t sent = 0;
  int64_t last_line = 0;
  auto batch = std::make_shared<mdm::v1::IngestRecordsRequest>();
  bool stopped = false;
  csv::CsvRow row;
  while (!stopped && reader.Next(&row)) {
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
    mdm::v1::IngestItem* item = batch->add_items();
    item->set_sequence(row.line);
    *item->mutable_record() = std::move(mapped.record);
    if (batch->items_size() >= options.batch_size) {
      sent += batch->items_size();
      stopped = !send(std::move(batch));
      batch = std::make_shared<mdm::v1::IngestRecordsRequest>();
    }
    reporter.Progress(tally.rows_read,
                      acknowledged_before + call->acknowledged(),
                      reader.bytes_consumed());
  }
  if (!stopped && batch->items_size() > 0) {
    sent += batch->items_size();
    stopped = !send(std::move(batch));
  }
  if (!stopped) stopped = !reopen(/*broken=*/false, /*last=*/true);
  reporter.Done();

  tally.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  PrintImportSummary(*ctx.out, ctx.format, tally);

  if (stopped) {
    if (cancelled) {
      *ctx.err << "error: DEADLINE_EXCEEDED: no answer from the hub for "
               << absl::FormatDuration(timeout) << '\n';
    } else if (!failure.ok()) {
      *ctx.err << FormatRpcError(failure);
    } else {
      *ctx.err << "error: the hub ended the stream before answering every "
                  "batch\n";
    }
    *ctx.err << "error: stream broken: " << acknowledged_before << " of "
             << sent << " records sent were acknowledged; reading stopped at "
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
