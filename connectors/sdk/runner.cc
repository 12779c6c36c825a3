#include "connectors/sdk/runner.h"

#include <signal.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/common/logging.h"

namespace mdm::connectors {
namespace {

// Errors no retry can fix: the configuration is wrong.
bool IsFatal(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kInvalidArgument:
      return true;
    default:
      return false;
  }
}

}  // namespace

Runner::Runner(RunnerConfig config, std::unique_ptr<Source> source,
               std::unique_ptr<HubClient> hub,
               std::unique_ptr<DeadLetterFile> dead_letters, const Clock* clock)
    : config_(std::move(config)),
      source_(std::move(source)),
      hub_(std::move(hub)),
      dead_letters_(std::move(dead_letters)),
      clock_(clock),
      timer_(io_),
      stats_timer_(io_),
      grace_timer_(io_),
      signals_(io_, SIGTERM, SIGINT),
      backoff_(config_.backoff_initial, config_.backoff_max) {}

Runner::~Runner() { worker_.join(); }

template <typename Work, typename Done>
void Runner::Offload(Work work, Done done) {
  busy_ = true;
  // The guard keeps io_.run() going while the worker holds the only step.
  boost::asio::post(
      worker_, [this, guard = boost::asio::make_work_guard(io_),
                work = std::move(work), done = std::move(done)]() mutable {
        auto result = work();
        boost::asio::post(io_, [this, result = std::move(result),
                                done = std::move(done)]() mutable {
          busy_ = false;
          done(std::move(result));
        });
      });
}

absl::Status Runner::Run() {
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) OnSignal();
  });
  ScheduleStats();
  boost::asio::post(io_, [this] { Register(); });
  io_.run();
  worker_.join();
  LogStats();
  return final_status_;
}

void Runner::Register() {
  Offload(
      [this] { return hub_->Register(config_.connector_id, config_.source); },
      [this](absl::StatusOr<v1::Connector> c) {
        if (!c.ok()) {
          if (IsFatal(c.status())) return Finish(c.status());
          return Retry(c.status(), &Runner::Register);
        }
        position_ = c->checkpoint().position();
        generation_ = c->checkpoint().generation();
        counters_ = c->counters();
        if (absl::Status s = source_->Start(position_); !s.ok()) {
          return Finish(s);
        }
        backoff_.Reset();
        MDM_LOG_INFO(
            "connector {} (source {}) starts at checkpoint generation {} "
            "({} bytes)",
            config_.connector_id, config_.source, generation_,
            position_.size());
        Poll();
      });
}

void Runner::Poll() {
  if (stopping_) return Finish(absl::OkStatus());
  Offload([this] { return source_->Poll(config_.batch_size); },
          [this](absl::StatusOr<Batch> batch) {
            if (stopping_) return Finish(absl::OkStatus());
            if (!batch.ok()) return Retry(batch.status(), &Runner::Poll);
            backoff_.Reset();
            const int64_t read =
                batch->changes.size() + batch->dead_letters.size();
            counters_.set_records_read(counters_.records_read() + read);
            if (read == 0 && batch->checkpoint == position_) {
              return After(config_.poll_interval, &Runner::Poll);
            }
            pending_ = *std::move(batch);
            Deliver();
          });
}

void Runner::Deliver() {
  if (stopping_) return Finish(absl::OkStatus());
  counters_.set_records_sent(counters_.records_sent() +
                             pending_->changes.size());
  Offload(
      [this] { return hub_->Deliver(pending_->changes, config_.source); },
      [this](absl::StatusOr<std::vector<Rejection>> rejected) {
        if (!rejected.ok()) {
          if (stopping_) return Finish(absl::OkStatus());
          if (IsFatal(rejected.status())) return Finish(rejected.status());
          return Retry(rejected.status(), &Runner::Deliver);
        }
        // Rejected rows join the source's dead letters; all are on disk
        // before the checkpoint that passes them is committed.
        std::vector<DeadLetter> letters = std::move(pending_->dead_letters);
        for (const Rejection& r : *rejected) {
          const Change& c = pending_->changes[r.index];
          letters.push_back({c.origin, absl::StrCat("hub refused: ", r.reason),
                             c.type == Change::Type::kFact
                                 ? c.fact.ShortDebugString()
                                 : c.record.ShortDebugString()});
        }
        for (const DeadLetter& l : letters) {
          MDM_LOG_WARN("dead letter {}: {}", l.origin, l.reason);
          absl::Status s = dead_letters_->Write(config_.connector_id, l,
                                                clock_->NowMicros());
          if (!s.ok()) return Finish(s);
        }
        if (!letters.empty()) {
          if (absl::Status s = dead_letters_->Sync(); !s.ok()) return Finish(s);
        }
        pending_->dead_letters.clear();
        const int64_t refused = static_cast<int64_t>(rejected->size());
        counters_.set_records_acknowledged(counters_.records_acknowledged() +
                                           pending_->changes.size() - refused);
        counters_.set_records_rejected(counters_.records_rejected() +
                                       static_cast<int64_t>(letters.size()));
        // Lag: zero once the batch reached the end of what the source had;
        // with a backlog, how old the newest delivered change is.
        int64_t newest = 0;
        for (const Change& c : pending_->changes) {
          newest = std::max(newest, c.source_time_us);
        }
        lag_ms_ =
            pending_->caught_up || newest == 0
                ? 0
                : std::max<int64_t>(0, (clock_->NowMicros() - newest) / 1000);
        backoff_.Reset();
        Commit();
      });
}

void Runner::Commit() {
  v1::CommitCheckpointRequest req;
  req.set_connector_id(config_.connector_id);
  req.set_position(pending_->checkpoint);
  req.set_expected_generation(generation_);
  *req.mutable_counters() = counters_;
  req.set_lag_ms(lag_ms_);
  req.set_last_error(last_error_);
  Offload(
      [this, req]() -> absl::StatusOr<v1::Checkpoint> {
        absl::StatusOr<v1::Checkpoint> cp = hub_->Commit(req);
        if (cp.status().code() != absl::StatusCode::kAborted) return cp;
        // Either our own commit went through and only its answer was lost
        // (the stored checkpoint is ours), or another instance runs.
        absl::StatusOr<v1::Checkpoint> now =
            hub_->GetCheckpoint(config_.connector_id);
        if (!now.ok()) return now.status();
        if (now->position() == req.position() &&
            now->generation() == req.expected_generation() + 1) {
          return now;
        }
        return absl::FailedPreconditionError(absl::StrCat(
            "connector ", config_.connector_id,
            " is committed by another instance: ", cp.status().message()));
      },
      [this](absl::StatusOr<v1::Checkpoint> cp) {
        if (!cp.ok()) {
          if (IsFatal(cp.status())) return Finish(cp.status());
          if (stopping_) return Finish(absl::OkStatus());
          return Retry(cp.status(), &Runner::Commit);
        }
        generation_ = cp->generation();
        position_ = pending_->checkpoint;
        const bool caught_up = pending_->caught_up;
        pending_.reset();
        last_error_.clear();
        backoff_.Reset();
        if (stopping_) return Finish(absl::OkStatus());
        if (caught_up) return After(config_.poll_interval, &Runner::Poll);
        Poll();
      });
}

void Runner::After(std::chrono::milliseconds delay, void (Runner::*next)()) {
  timer_.expires_after(delay);
  timer_.async_wait([this, next](const boost::system::error_code& ec) {
    if (stopping_ || ec) return Finish(absl::OkStatus());
    (this->*next)();
  });
}

void Runner::Retry(const absl::Status& status, void (Runner::*step)()) {
  if (stopping_) return Finish(absl::OkStatus());
  last_error_ = status.ToString();
  const std::chrono::milliseconds delay = backoff_.Next();
  MDM_LOG_WARN("connector {}: {}; retry #{} in {} ms", config_.connector_id,
               last_error_, backoff_.failures(), delay.count());
  After(delay, step);
}

void Runner::OnSignal() {
  MDM_LOG_INFO("connector {}: stopping (signal)", config_.connector_id);
  stopping_ = true;
  source_->Stop();
  grace_timer_.expires_after(config_.shutdown_grace);
  grace_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    MDM_LOG_WARN("connector {}: shutdown grace over; cancelling",
                 config_.connector_id);
    hub_->Cancel();
  });
  // A delivered batch still gets its commit; otherwise stop now.
  if (busy_) return;
  timer_.cancel();
}

void Runner::ScheduleStats() {
  stats_timer_.expires_after(config_.stats_interval);
  stats_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || finished_) return;
    LogStats();
    ScheduleStats();
  });
}

void Runner::LogStats() {
  MDM_LOG_INFO(
      "connector {}: read {} sent {} acknowledged {} rejected {} lag {} ms "
      "(checkpoint generation {})",
      config_.connector_id, counters_.records_read(), counters_.records_sent(),
      counters_.records_acknowledged(), counters_.records_rejected(), lag_ms_,
      generation_);
}

void Runner::Finish(absl::Status status) {
  if (finished_) return;
  finished_ = true;
  final_status_ = std::move(status);
  if (!final_status_.ok()) {
    MDM_LOG_ERROR("connector {}: {}", config_.connector_id,
                  final_status_.ToString());
  }
  source_->Stop();
  hub_->Cancel();
  signals_.cancel();
  timer_.cancel();
  stats_timer_.cancel();
  grace_timer_.cancel();
}

}  // namespace mdm::connectors
