// PutPipeline: TrajectoryStore::PrepareRecord and Put on a second thread, so
// that reading and converting the next trajectories (one core) overlaps
// serializing and writing this one to SQLite (the other). An ingest spends
// about as long on each side, so on two cores it takes about half as long.
// This is the one place an ingest uses a thread: the store is not
// thread-safe, and while a pipeline runs only its worker touches it.
#ifndef T2S_STORE_PUT_PIPELINE_H_
#define T2S_STORE_PUT_PIPELINE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/result.h"
#include "store/trajectory_store.h"

namespace t2s {

class PutPipeline {
 public:
  // Called on the worker thread after each Put, in the order of Push.
  using Done = std::function<void(const PreparedRecord&, const PutResult&)>;

  // `store` must not be used by anyone else from construction until Drain
  // returns (and again after each Push until the next Drain).
  PutPipeline(TrajectoryStore* store, Done on_done);
  ~PutPipeline();  // drains
  PutPipeline(const PutPipeline&) = delete;
  PutPipeline& operator=(const PutPipeline&) = delete;

  // Queues store->Put(PrepareRecord(t), *source, occurrence). Waits while
  // more than kMaxQueuedBytes of trajectories are queued, so memory stays
  // bounded whatever the input's size. After a Put fails, later items are
  // dropped.
  void Push(Trajectory t, std::shared_ptr<const TrajectorySource> source, size_t occurrence);
  // Waits until every queued Put is done; the first failed Put's error.
  Status Drain();
  // The first failed Put's error so far (Ok while none).
  Status status() const;

  // Small, so the worker reads trajectories while they are still in the
  // shared cache: with 16 MB queued, ingest took a third more CPU time.
  static constexpr size_t kMaxQueuedBytes = size_t{2} << 20;
  // The worker sleeps until this much is queued (or Drain asks): waking it
  // for every trajectory costs more than a small one takes to store.
  static constexpr size_t kWakeBytes = size_t{256} << 10;

 private:
  struct Item {
    Trajectory trajectory;
    std::shared_ptr<const TrajectorySource> source;
    size_t occurrence = 0;
    size_t bytes = 0;
    size_t tokens = 0;  // worked out by the pushing thread, which has more time
  };
  void Run();

  TrajectoryStore* store_;
  Done on_done_;
  mutable std::mutex mu_;
  std::condition_variable work_;   // an item was queued, or stop_
  std::condition_variable space_;  // an item was taken, or the queue is idle
  std::deque<Item> queue_;
  // Trajectories put, given back to be freed by the thread that made them:
  // freeing on the worker would contend for the allocator's lock.
  std::vector<Trajectory> done_;
  size_t queued_bytes_ = 0;
  bool busy_ = false;  // the worker holds an item taken from the queue
  bool stop_ = false;
  bool draining_ = false;      // Drain waits: put everything queued, however little
  bool space_wanted_ = false;  // Push waits for room
  Status status_;
  std::thread worker_;
};

}  // namespace t2s

#endif  // T2S_STORE_PUT_PIPELINE_H_
