// ToolRunner: runs agent tool commands in the sandbox, many at once, on the
// caller's event loop.
//
// Why an async submit + collect API and not a blocking call per thread: the
// agent loop drives hundreds of conversations on one curl-multi loop; a tool
// call is one more thing that loop waits on. Submit() queues a command;
// fds() and WaitMs() tell the loop what to wait on (curl_multi_poll's
// extra_fds, poll, epoll) and for how long; Collect() never blocks and hands
// back what finished. Run() is the blocking form for tests, tools and worker
// threads (one runner per thread).
//
// The JobLimiter caps the processes running at once across every runner that
// shares it; commands beyond the cap wait in a FIFO queue (their timeout
// starts when they start). When the cap is held by another runner, WaitMs()
// is at most 5 ms so a freed slot is noticed soon.
//
// Not thread-safe: one runner per thread or event loop. Destroying a runner
// kills and reaps its running commands. Under bwrap, call from threads that
// live as long as the command (--die-with-parent follows the spawning thread).
#ifndef T2S_SANDBOX_TOOL_RUNNER_H_
#define T2S_SANDBOX_TOOL_RUNNER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "base/result.h"
#include "sandbox/job_limiter.h"
#include "sandbox/sandbox.h"
#include "sandbox/tool_process.h"

namespace t2s {

class ToolRunner {
 public:
  using Ticket = uint64_t;
  struct Done {
    Ticket ticket = 0;
    // An error only when the command could not be started at all.
    Result<ToolResult> result = Status::Internal("not run");
  };

  // Checks the sandbox once (ProbeSandbox; cached) and errors with its line.
  // `limiter` is not owned and must outlive the runner.
  static Result<std::unique_ptr<ToolRunner>> Create(const SandboxOptions& options,
                                                    JobLimiter* limiter);
  ~ToolRunner();
  ToolRunner(const ToolRunner&) = delete;
  ToolRunner& operator=(const ToolRunner&) = delete;

  // Queues a command; errors at once when its workspace or skill folder is
  // not a folder. Tickets are distinct and increasing.
  Result<Ticket> Submit(const ToolCommand& command);
  // Commands submitted and not yet collected.
  size_t pending() const { return queued_.size() + running_.size() + done_.size(); }

  // The fds to wait on for readability before calling Collect().
  std::vector<int> fds() const;
  // How long the loop may wait before calling Collect(): -1 when nothing is
  // pending, 0 when something is ready.
  int64_t WaitMs() const;
  // Starts queued commands while slots are free, advances running ones and
  // returns those finished, in completion order. Never blocks.
  std::vector<Done> Collect();
  // Waits up to `max_wait_ms` on fds(), then Collect().
  std::vector<Done> Step(int64_t max_wait_ms);

  // Submits and waits for this command; others finishing meanwhile are kept
  // for the next Collect().
  Result<ToolResult> Run(const ToolCommand& command);

 private:
  struct Queued {
    Ticket ticket;
    ToolProcess::Spec spec;
  };
  struct Running {
    Ticket ticket;
    std::unique_ptr<ToolProcess> process;
  };
  ToolRunner(const SandboxOptions& options, JobLimiter* limiter);
  void StartQueued();

  SandboxOptions options_;
  JobLimiter* limiter_;
  Ticket next_ticket_ = 1;
  std::deque<Queued> queued_;
  std::vector<Running> running_;
  std::vector<Done> done_;
};

}  // namespace t2s

#endif  // T2S_SANDBOX_TOOL_RUNNER_H_
