#include "store/trajectory_store.h"

#include <gtest/gtest.h>

#include "store/sqlite_db.h"
#include "testing/temp_dir.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

Trajectory Make(const std::string& id, Label label, size_t steps) {
  Trajectory t;
  t.id = id;
  t.task = "task " + id;
  t.outcome.label = label;
  t.metadata["format"] = "native";
  for (size_t i = 0; i < steps; ++i)
    t.steps.push_back(Step{Role::kUser, "step text", "", {}, "", "", false});
  return t;
}

const TrajectorySource kRunA{"/data/run-a/trajectory.json", "run-a/trajectory.json"};
const TrajectorySource kRunB{"/data/run-b/trajectory.json", "run-b/trajectory.json"};

// "outcome" of a Put, and the id it was stored under.
std::string Put(TrajectoryStore* store, const Trajectory& t, const TrajectorySource& source,
                size_t occurrence = 0) {
  Result<PutResult> put = store->Put(t, source, occurrence);
  if (!put.ok()) return put.status().message();
  const char* names[] = {"new", "unchanged", "updated", "duplicate"};
  return std::string(names[static_cast<int>(put->outcome)]) + " " + put->id +
         (put->renamed ? " renamed" : "");
}

TEST(TrajectoryStoreTest, PutIsIdempotentAndReplacesChangedRecords) {
  testing::TempDir tmp;
  auto store = TrajectoryStore::Open(tmp.path() / "store");
  ASSERT_TRUE(store.ok()) << store.status().message();
  Trajectory t = Make("a", Label::kFail, 2);
  t.metadata["file"] = "run-a/trajectory.json";
  EXPECT_EQ(Put(store->get(), t, kRunA), "new a");
  EXPECT_EQ(Put(store->get(), t, kRunA), "unchanged a");
  t.outcome.label = Label::kSuccess;
  EXPECT_EQ(Put(store->get(), t, kRunA), "updated a");
  Result<Trajectory> back = (*store)->Get("a");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(SerializeTrajectory(*back), SerializeTrajectory(t));
  EXPECT_EQ((*store)->Get("zz").status().message(), "no trajectory \"zz\" in the store");
}

TEST(TrajectoryStoreTest, TheSameIdFromAnotherFileIsKeptUnderAQualifiedId) {
  testing::TempDir tmp;
  auto store = TrajectoryStore::Open(tmp.path());
  ASSERT_TRUE(store.ok());
  Trajectory a = Make("s1", Label::kFail, 2);
  Trajectory b = Make("s1", Label::kSuccess, 3);
  b.metadata["file"] = "run-b/trajectory.json";
  EXPECT_EQ(Put(store->get(), a, kRunA), "new s1");
  EXPECT_EQ(Put(store->get(), b, kRunB), "new s1@run-b/trajectory.json renamed");
  // Again, in either order: each file keeps its trajectory's id.
  EXPECT_EQ(Put(store->get(), b, kRunB), "unchanged s1@run-b/trajectory.json");
  EXPECT_EQ(Put(store->get(), a, kRunA), "unchanged s1");
  // A changed file updates its own trajectory, not the other's.
  b.outcome.label = Label::kFail;
  EXPECT_EQ(Put(store->get(), b, kRunB), "updated s1@run-b/trajectory.json");
  Result<Trajectory> back = (*store)->Get("s1@run-b/trajectory.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->id, "s1@run-b/trajectory.json");
  EXPECT_EQ(back->steps.size(), 3u);
  EXPECT_EQ(back->metadata["file"], "run-b/trajectory.json");
  EXPECT_EQ((*store)->Get("s1")->steps.size(), 2u);
  // A third file with the same qualifier (another root) gets a number.
  TrajectorySource c{"/elsewhere/run-b/trajectory.json", "run-b/trajectory.json"};
  EXPECT_EQ(Put(store->get(), Make("s1", Label::kFail, 7), c),
            "new s1@run-b/trajectory.json#2 renamed");
  EXPECT_EQ((*store)->List()->size(), 3u);
}

TEST(TrajectoryStoreTest, TheSameRecordFromAnotherFileIsStoredOnce) {
  testing::TempDir tmp;
  auto store = TrajectoryStore::Open(tmp.path());
  ASSERT_TRUE(store.ok());
  Trajectory a = Make("s1", Label::kFail, 2);
  a.metadata["file"] = "run-a/trajectory.json";
  Trajectory copy = a;
  copy.metadata["file"] = "copy/trajectory.json";
  EXPECT_EQ(Put(store->get(), a, kRunA), "new s1");
  EXPECT_EQ(Put(store->get(), copy, kRunB), "duplicate s1");
  EXPECT_EQ(Put(store->get(), copy, kRunB), "duplicate s1");
  EXPECT_EQ((*store)->List()->size(), 1u);
}

TEST(TrajectoryStoreTest, AnIdRepeatedInOneFileIsKeptByItsOccurrence) {
  testing::TempDir tmp;
  auto store = TrajectoryStore::Open(tmp.path());
  ASSERT_TRUE(store.ok());
  Trajectory first = Make("x", Label::kFail, 1);
  Trajectory second = Make("x", Label::kSuccess, 1);
  for (int pass = 0; pass < 2; ++pass) {
    std::string outcome = pass == 0 ? "new" : "unchanged";
    EXPECT_EQ(Put(store->get(), first, kRunA, 0), outcome + " x");
    EXPECT_EQ(Put(store->get(), second, kRunA, 1),
              outcome + " x@run-a/trajectory.json" + (pass == 0 ? " renamed" : ""));
  }
}

TEST(TrajectoryStoreTest, UpdateKeepsTheIdentity) {
  testing::TempDir tmp;
  auto store = TrajectoryStore::Open(tmp.path());
  ASSERT_TRUE(store.ok());
  Trajectory a = Make("s1", Label::kFail, 2);
  Trajectory in_b = Make("s1", Label::kFail, 3);
  ASSERT_EQ(Put(store->get(), a, kRunA), "new s1");
  ASSERT_EQ(Put(store->get(), in_b, kRunB, 1), "new s1@run-b/trajectory.json renamed");
  Result<Trajectory> b = (*store)->Get("s1@run-b/trajectory.json");
  ASSERT_TRUE(b.ok());
  b->outcome.label = Label::kSuccess;
  EXPECT_EQ(*(*store)->Update(*b), PutOutcome::kUpdated);
  EXPECT_EQ(*(*store)->Update(*b), PutOutcome::kUnchanged);
  EXPECT_EQ((*store)->Get("s1@run-b/trajectory.json")->outcome.label, Label::kSuccess);
  // Read again from its file as it was: the file's version is back, same id.
  EXPECT_EQ(Put(store->get(), in_b, kRunB, 1), "updated s1@run-b/trajectory.json");
  EXPECT_EQ((*store)->Get("s1@run-b/trajectory.json")->outcome.label, Label::kFail);
  b->id = "nope";
  EXPECT_EQ((*store)->Update(*b).status().message(), "no trajectory \"nope\" in the store");
}

TEST(TrajectoryStoreTest, RowsOfAStoreWithoutIdentitiesAreAdopted) {
  testing::TempDir tmp;
  {
    auto db = SqliteDb::Open(tmp.path() / "trajectories.sqlite");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE trajectories (id TEXT PRIMARY KEY, format TEXT NOT "
                            "NULL, file TEXT NOT NULL, label TEXT NOT NULL, reward REAL, task TEXT "
                            "NOT NULL, steps INTEGER NOT NULL, tokens INTEGER NOT NULL, hash TEXT "
                            "NOT NULL, record TEXT NOT NULL);"
                            "INSERT INTO trajectories VALUES ('s1', 'native', 'old.jsonl:1', "
                            "'fail', NULL, 'task s1', 0, 2, '0', '{\"id\":\"s1\",\"steps\":[]}')")
                    .ok());
  }
  auto store = TrajectoryStore::Open(tmp.path());
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->Get("s1")->metadata["file"], "old.jsonl:1");
  Trajectory t = Make("s1", Label::kFail, 2);
  EXPECT_EQ(Put(store->get(), t, kRunA), "updated s1");
  EXPECT_EQ(Put(store->get(), t, kRunA), "unchanged s1");
  EXPECT_EQ((*store)->List()->size(), 1u);
}

TEST(TrajectoryStoreTest, ListAndStatsSurviveReopening) {
  testing::TempDir tmp;
  {
    auto store = TrajectoryStore::Open(tmp.path());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Begin().ok());
    ASSERT_TRUE((*store)->Put(Make("b", Label::kSuccess, 3), kRunA).ok());
    ASSERT_TRUE((*store)->Put(Make("a", Label::kFail, 5), kRunA).ok());
    ASSERT_TRUE((*store)->Put(Make("c", Label::kUnknown, 1), kRunA).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  auto store = TrajectoryStore::Open(tmp.path());
  ASSERT_TRUE(store.ok());
  Result<std::vector<TrajectorySummary>> all = (*store)->List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, "a");
  EXPECT_EQ((*all)[0].steps, 5u);
  EXPECT_EQ((*all)[0].tokens, 17u);  // "task a" 2 + 5 x "step text" 3
  Result<std::vector<TrajectorySummary>> fails = (*store)->List(Label::kFail);
  ASSERT_EQ(fails->size(), 1u);
  Result<StoreStats> stats = (*store)->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->trajectories, 3u);
  EXPECT_EQ(stats->by_label[Label::kSuccess], 1u);
  EXPECT_EQ(stats->by_format["native"], 3u);
  EXPECT_EQ(stats->steps, 9u);
  EXPECT_EQ(stats->max_steps, 5u);
}

}  // namespace
}  // namespace t2s
