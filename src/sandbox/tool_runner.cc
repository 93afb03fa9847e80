#include "sandbox/tool_runner.h"

#include <poll.h>

#include <algorithm>
#include <cstdint>
#include <optional>

namespace t2s {
namespace {

// How often a runner looks for a slot freed by another runner.
constexpr int64_t kSlotPollMs = 5;

}  // namespace

Result<std::unique_ptr<ToolRunner>> ToolRunner::Create(const SandboxOptions& options,
                                                       JobLimiter* limiter) {
  T2S_RETURN_IF_ERROR(ProbeSandbox(options));
  return std::unique_ptr<ToolRunner>(new ToolRunner(options, limiter));
}

ToolRunner::ToolRunner(const SandboxOptions& options, JobLimiter* limiter)
    : options_(options), limiter_(limiter) {}

ToolRunner::~ToolRunner() {
  for (Running& r : running_) {
    r.process.reset();  // kills and reaps
    limiter_->Release();
  }
}

Result<ToolRunner::Ticket> ToolRunner::Submit(const ToolCommand& command) {
  T2S_ASSIGN_OR_RETURN(LaunchSpec launch, SandboxLaunch(options_, command));
  Ticket ticket = next_ticket_++;
  queued_.push_back({ticket, {std::move(launch), command.timeout_ms, command.output_limit}});
  StartQueued();
  return ticket;
}

void ToolRunner::StartQueued() {
  while (!queued_.empty() && limiter_->TryAcquire()) {
    Queued q = std::move(queued_.front());
    queued_.pop_front();
    Result<std::unique_ptr<ToolProcess>> process = ToolProcess::Start(q.spec);
    if (!process.ok()) {
      limiter_->Release();
      done_.push_back({q.ticket, process.status()});
      continue;
    }
    running_.push_back({q.ticket, std::move(process).value()});
  }
}

std::vector<int> ToolRunner::fds() const {
  std::vector<int> fds;
  for (const Running& r : running_) {
    std::vector<int> more = r.process->fds();
    fds.insert(fds.end(), more.begin(), more.end());
  }
  return fds;
}

int64_t ToolRunner::WaitMs() const {
  if (!done_.empty()) return 0;
  if (running_.empty() && queued_.empty()) return -1;
  int64_t ms = queued_.empty() ? INT64_MAX : kSlotPollMs;
  for (const Running& r : running_) ms = std::min(ms, r.process->MsUntilDeadline());
  return ms;
}

std::vector<ToolRunner::Done> ToolRunner::Collect() {
  for (size_t i = 0; i < running_.size();) {
    if (!running_[i].process->Advance()) {
      ++i;
      continue;
    }
    done_.push_back({running_[i].ticket, running_[i].process->TakeResult()});
    running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
    limiter_->Release();
  }
  StartQueued();
  std::vector<Done> done;
  done.swap(done_);
  return done;
}

std::vector<ToolRunner::Done> ToolRunner::Step(int64_t max_wait_ms) {
  int64_t wait = WaitMs();
  if (wait < 0) return {};
  wait = std::min(wait, max_wait_ms);
  if (wait > 0) {
    std::vector<pollfd> polls;
    for (int fd : fds()) polls.push_back({fd, POLLIN, 0});
    poll(polls.data(), polls.size(), static_cast<int>(wait));
  }
  return Collect();
}

Result<ToolResult> ToolRunner::Run(const ToolCommand& command) {
  T2S_ASSIGN_OR_RETURN(Ticket ticket, Submit(command));
  std::vector<Done> others;  // kept aside so Step() does not see them as ready
  std::optional<Result<ToolResult>> mine;
  while (!mine) {
    for (Done& d : Step(1000)) {
      if (d.ticket == ticket) {
        mine = std::move(d.result);
      } else {
        others.push_back(std::move(d));
      }
    }
  }
  for (Done& d : others) done_.push_back(std::move(d));
  return std::move(*mine);
}

}  // namespace t2s
