#include "trace/unique_ids.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

Trajectory Make(const std::string& id, const std::string& file, const std::string& task) {
  Trajectory t;
  t.id = id;
  t.task = task;
  t.metadata["file"] = file;
  return t;
}

TEST(UniqueIdsTest, RenamesRepeatsWithOtherContentAfterTheirFile) {
  std::vector<Trajectory> ts = {Make("a", "runs/one.jsonl#0", "x"), Make("a", "runs/two.jsonl#3", "y"),
                                Make("b", "runs/two.jsonl#4", "z"), Make("a", "runs/two.jsonl#5", "w")};
  UniqueIdReport r = MakeIdsUnique(&ts);
  ASSERT_EQ(ts.size(), 4u);
  EXPECT_EQ(ts[0].id, "a");
  EXPECT_EQ(ts[1].id, "a@two.jsonl");
  EXPECT_EQ(ts[2].id, "b");
  EXPECT_EQ(ts[3].id, "a@two.jsonl#2");
  EXPECT_EQ(r.renamed, 2u);
  EXPECT_EQ(DescribeUniqueIds(r),
            "2 trajectories repeated an id with other content and were renamed (e.g. a -> "
            "a@two.jsonl)");
}

TEST(UniqueIdsTest, DropsExactDuplicates) {
  std::vector<Trajectory> ts = {Make("a", "one.jsonl#0", "x"), Make("a", "one.jsonl#0", "x"),
                                Make("b", "one.jsonl#1", "y")};
  UniqueIdReport r = MakeIdsUnique(&ts);
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[1].id, "b");
  EXPECT_EQ(DescribeUniqueIds(r), "1 exact duplicate (same id, same content) was dropped");
}

TEST(UniqueIdsTest, NothingToSayWhenIdsAreUnique) {
  std::vector<Trajectory> ts = {Make("a", "f#0", "x"), Make("b", "f#1", "x")};
  EXPECT_EQ(DescribeUniqueIds(MakeIdsUnique(&ts)), "");
  EXPECT_EQ(ts[0].id, "a");
}

}  // namespace
}  // namespace t2s
