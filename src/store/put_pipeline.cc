#include "store/put_pipeline.h"

#include <utility>

#include "trace/token_estimate.h"

namespace t2s {

PutPipeline::PutPipeline(TrajectoryStore* store, Done on_done)
    : store_(store), on_done_(std::move(on_done)), worker_([this] { Run(); }) {}

PutPipeline::~PutPipeline() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_.notify_one();
  worker_.join();
}

namespace {

// About the memory a trajectory holds, to bound the queue.
size_t ApproxBytes(const Trajectory& t) {
  size_t n = sizeof(Trajectory) + t.task.size();
  for (const Step& s : t.steps) {
    n += sizeof(Step) + s.content.size() + s.reasoning.size();
    for (const ToolCall& c : s.tool_calls) n += sizeof(ToolCall) + c.arguments.size();
  }
  return n;
}

}  // namespace

void PutPipeline::Push(Trajectory t, std::shared_ptr<const TrajectorySource> source,
                       size_t occurrence) {
  size_t bytes = ApproxBytes(t);
  size_t tokens = EstimateTokens(t);
  std::vector<Trajectory> done;
  {
    std::unique_lock<std::mutex> lock(mu_);
    // One item is always let in, however large, or a huge one would wait forever.
    auto fits = [&] {
      return !status_.ok() || queue_.empty() || queued_bytes_ + bytes <= kMaxQueuedBytes;
    };
    // Once full, wait until half is put: one wait for many items, not one each.
    auto half = [&] {
      return !status_.ok() || queue_.empty() || queued_bytes_ + bytes <= kMaxQueuedBytes / 2;
    };
    if (!fits()) {
      // The worker may sleep on less than kWakeBytes when this one is huge.
      space_wanted_ = true;
      work_.notify_one();
      space_.wait(lock, half);
      space_wanted_ = false;
    }
    done.swap(done_);
    if (!status_.ok()) return;
    bool wake = queued_bytes_ < kWakeBytes && queued_bytes_ + bytes >= kWakeBytes;
    queued_bytes_ += bytes;
    queue_.push_back({std::move(t), std::move(source), occurrence, bytes, tokens});
    if (!wake) return;
  }
  work_.notify_one();
}

Status PutPipeline::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  draining_ = true;
  work_.notify_one();
  space_.wait(lock, [&] { return queue_.empty() && !busy_; });
  draining_ = false;
  done_.clear();
  return status_;
}

Status PutPipeline::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

void PutPipeline::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Once awake, the worker puts all that is queued before it sleeps again.
    if (queue_.empty()) {
      work_.wait(lock, [&] {
        return stop_ || (!queue_.empty() &&
                         (draining_ || space_wanted_ || queued_bytes_ >= kWakeBytes));
      });
    }
    if (queue_.empty()) return;  // stop_, and nothing left to put
    Item item = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= item.bytes;
    busy_ = true;
    bool failed = !status_.ok();
    lock.unlock();
    space_.notify_all();
    PreparedRecord prepared;
    if (!failed) {
      prepared = TrajectoryStore::PrepareRecord(std::move(item.trajectory), item.tokens);
      Result<PutResult> put = store_->Put(prepared, *item.source, item.occurrence);
      if (put.ok()) on_done_(prepared, *put);
      if (!put.ok()) failed = true;
      lock.lock();
      if (!put.ok()) status_ = put.status();
    } else {
      lock.lock();
    }
    if (!failed) done_.push_back(std::move(prepared.trajectory));
    busy_ = false;
    space_.notify_all();
  }
}

}  // namespace t2s
