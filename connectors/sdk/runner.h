// The connector runtime (DESIGN §6): one Source, one hub, on Boost.Asio.
//
//   register ─▶ start source at the hub's checkpoint
//      ▲                     │
//      │        ┌──────────▶ poll ──(nothing new)──▶ wait poll_interval ─┐
//      │        │            │                                            │
//      │        │        deliver batch to the hub ◀──(retry, backoff)     │
//      │        │            │                                            │
//      │        └──────── commit checkpoint ◀──(retry, backoff)           │
//      │                     ▲────────────────────────────────────────────┘
//
// The io_context thread owns all state and the timers (poll interval,
// backoff, statistics, shutdown grace) and the signal set (SIGTERM, SIGINT);
// blocking work (the source's Poll, gRPC calls) runs on one worker thread and
// posts its result back, so a signal is handled at once even while a call is
// in flight. Exactly one step is in flight at a time, which keeps the order:
// a batch is delivered completely, then its checkpoint committed, then the
// next batch polled. The batch stays in memory until committed: a failed
// delivery sends the same batch again, never a re-poll.
//
// Shutdown (SIGTERM/SIGINT): the source is stopped, no new batch is polled,
// a batch already delivered is still committed, and the process returns
// within `shutdown_grace` (the call in flight is cancelled then). A batch not
// yet committed is simply delivered again by the next run.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "connectors/sdk/backoff.h"
#include "connectors/sdk/dead_letter.h"
#include "connectors/sdk/hub_client.h"
#include "connectors/sdk/source.h"
#include "hub/common/clock.h"

namespace mdm::connectors {

struct RunnerConfig {
  std::string connector_id;  // e.g. "erp-main"
  std::string source;        // the hub source its records carry, e.g. "erp"
  // Wait between polls once the source has nothing new. Default 1 s.
  std::chrono::milliseconds poll_interval{1000};
  // Most changes per batch (one checkpoint commit each). Default 500.
  int batch_size = 500;
  // Retry delays when the hub or the source is down: doubling from
  // `backoff_initial` up to `backoff_max`, with jitter. Defaults 200 ms, 10 s.
  std::chrono::milliseconds backoff_initial{200};
  std::chrono::milliseconds backoff_max{10000};
  // How long a shutdown may wait for the step in flight. Default 10 s.
  std::chrono::milliseconds shutdown_grace{10000};
  // How often the counters are logged. Default 10 s.
  std::chrono::milliseconds stats_interval{10000};
};

class Runner {
 public:
  // `clock` must outlive the runner.
  Runner(RunnerConfig config, std::unique_ptr<Source> source,
         std::unique_ptr<HubClient> hub,
         std::unique_ptr<DeadLetterFile> dead_letters, const Clock* clock);
  ~Runner();

  // Runs until SIGTERM/SIGINT (OK) or a fatal error: a configuration the hub
  // or the source refuses, or another instance of the same connector
  // committing (FailedPrecondition). Call once.
  absl::Status Run();

 private:
  void Register();
  void Poll();
  void Deliver();
  void Commit();
  // Waits `delay`, then runs `next` (unless stopping).
  void After(std::chrono::milliseconds delay, void (Runner::*next)());
  // Logs a retryable failure, remembers it for the next commit, and retries
  // `step` after a backoff.
  void Retry(const absl::Status& status, void (Runner::*step)());
  void OnSignal();
  void LogStats();
  void ScheduleStats();
  void Finish(absl::Status status);

  // Runs `work` on the worker thread and `done(result)` back on the
  // io_context thread.
  template <typename Work, typename Done>
  void Offload(Work work, Done done);

  const RunnerConfig config_;
  std::unique_ptr<Source> source_;
  std::unique_ptr<HubClient> hub_;
  std::unique_ptr<DeadLetterFile> dead_letters_;
  const Clock* const clock_;

  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer stats_timer_;
  boost::asio::steady_timer grace_timer_;
  boost::asio::signal_set signals_;
  boost::asio::thread_pool worker_{1};
  Backoff backoff_;

  // Everything below is touched only on the io_context thread.
  bool busy_ = false;  // a step runs on the worker
  bool stopping_ = false;
  bool finished_ = false;
  absl::Status final_status_;
  std::optional<Batch> pending_;  // polled, not yet committed
  std::string position_;          // last committed checkpoint
  int64_t generation_ = 0;
  v1::ConnectorCounters counters_;
  std::string last_error_;
  int64_t lag_ms_ = 0;
};

}  // namespace mdm::connectors
