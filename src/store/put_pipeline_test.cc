#include "store/put_pipeline.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/sqlite_db.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

Trajectory Make(const std::string& id, size_t content_bytes) {
  Trajectory t;
  t.id = id;
  t.task = "task " + id;
  t.metadata["format"] = "native";
  t.steps.push_back(Step{Role::kUser, std::string(content_bytes, 'x'), "", {}, "", "", false});
  return t;
}

TEST(PutPipelineTest, PutsInOrderOnTheWorkerAndDrains) {
  testing::TempDir tmp;
  auto store = TrajectoryStore::Open(tmp.path() / "store");
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto source = std::make_shared<const TrajectorySource>(TrajectorySource{"/f.jsonl", "f.jsonl"});
  std::vector<std::string> done;
  {
    PutPipeline pipeline(store->get(), [&](const PreparedRecord& p, const PutResult& put) {
      done.push_back(p.trajectory.id + ":" + put.id + (put.outcome == PutOutcome::kNew ? "" : "?"));
    });
    ASSERT_TRUE((*store)->Begin().ok());
    // Larger than the queue's bound in all, so Push must wait for the worker.
    for (int i = 0; i < 40; ++i) pipeline.Push(Make("t" + std::to_string(i), 1 << 20), source, 0);
    // The same identity again: unchanged.
    pipeline.Push(Make("t0", 1 << 20), source, 0);
    ASSERT_TRUE(pipeline.Drain().ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  ASSERT_EQ(done.size(), 41u);
  EXPECT_EQ(done[0], "t0:t0");
  EXPECT_EQ(done[39], "t39:t39");
  EXPECT_EQ(done[40], "t0:t0?");
  auto list = (*store)->List();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 40u);
}

TEST(PutPipelineTest, AFailedPutStopsTheRestAndDrainSaysWhy) {
  testing::TempDir tmp;
  auto store = TrajectoryStore::Open(tmp.path() / "store");
  ASSERT_TRUE(store.ok()) << store.status().message();
  {
    // A store that refuses one trajectory, as a full disk would refuse them all.
    auto db = SqliteDb::Open(tmp.path() / "store" / "trajectories.sqlite");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TRIGGER refuse BEFORE INSERT ON trajectories "
                            "WHEN NEW.id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END;")
                    .ok());
  }
  auto source = std::make_shared<const TrajectorySource>(TrajectorySource{"/f.jsonl", "f.jsonl"});
  std::vector<std::string> done;
  PutPipeline pipeline(store->get(), [&](const PreparedRecord& p, const PutResult&) {
    done.push_back(p.trajectory.id);
  });
  ASSERT_TRUE((*store)->Begin().ok());
  pipeline.Push(Make("a", 10), source, 0);
  pipeline.Push(Make("bad", 10), source, 0);
  pipeline.Push(Make("c", 10), source, 0);
  Status st = pipeline.Drain();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("refused"), std::string::npos) << st.message();
  EXPECT_EQ(pipeline.status().message(), st.message());
  EXPECT_EQ(done, std::vector<std::string>{"a"});
  // Pushed after the failure: dropped.
  pipeline.Push(Make("d", 10), source, 0);
  EXPECT_FALSE(pipeline.Drain().ok());
  EXPECT_EQ(done.size(), 1u);
  ASSERT_TRUE((*store)->Commit().ok());
  auto list = (*store)->List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, "a");
}

}  // namespace
}  // namespace t2s
