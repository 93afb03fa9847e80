#include "evolve/lineage.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

Edit E(const std::string& id, const std::string& source) {
  Edit e;
  e.id = id;
  e.file = "SKILL.md";
  e.sources = {source};
  return e;
}

// Three trajectories: t1's edit is folded into t2's at level 0; t2's is
// merged with t3's at level 1 (L1-0000), whose result is carried to the top.
TEST(LineageTest, EveryLevelZeroEditIsTracedToTheFinalEditWithItsPathAndLessons) {
  std::vector<PatchUnit> patches(4);
  patches[0].id = "L0-0000";
  patches[0].edits = {E("L0-0000-e1", "t1")};
  patches[0].lessons = {{"Check totals", "before paying", "add up", "guessing", {3}}};
  patches[1].id = "L0-0001";
  patches[1].edits = {E("L0-0001-e1", "t2")};
  patches[1].lessons = {{"Check totals", "before paying", "add up", "guessing", {7}},
                        {"Confirm ids", "always", "read back", "", {}}};
  patches[2].id = "L0-0002";
  patches[2].edits = {E("L0-0002-e1", "t3")};
  patches[3].id = "L1-0000";
  patches[3].level = 1;
  patches[3].inputs = {"L0-0001", "L0-0002"};
  Edit merged = E("L1-0000-e1", "t1");
  merged.sources = {"t1", "t2", "t3"};
  patches[3].edits = {merged};
  Fates fates;
  fates.Edit({"L0-0000-e1", "merged-into", "L0-0001-e1", "exact duplicate", "L0-0000", {"t1"}});
  fates.Edit({"L0-0001-e1", "merged-into", "L1-0000-e1", "", "L1-0000", {"t1", "t2"}});
  fates.Edit({"L0-0002-e1", "merged-into", "L1-0000-e1", "", "L1-0000", {"t3"}});

  Lineage lineage(patches, fates);
  std::vector<Origin> origins = lineage.Origins("L1-0000-e1");
  ASSERT_EQ(origins.size(), 3u);
  EXPECT_EQ(origins[0].edit, "L0-0000-e1");
  EXPECT_EQ(origins[0].trajectory, "t1");
  EXPECT_EQ(origins[0].path, "L0-0000 -> L0-0001 -> L1-0000 -> final");
  EXPECT_EQ(origins[1].path, "L0-0001 -> L1-0000 -> final");
  EXPECT_EQ(origins[2].path, "L0-0002 -> L1-0000 -> final");
  std::vector<Lesson> lessons = lineage.Lessons("L1-0000-e1");
  ASSERT_EQ(lessons.size(), 2u) << "the same lesson from t1 and t2 is one lesson";
  EXPECT_EQ(lessons[0].title, "Check totals");
  EXPECT_EQ(lessons[1].title, "Confirm ids");
  EXPECT_TRUE(lineage.Origins("L0-0001-e1").empty()) << "merged away: not a final edit";
}

TEST(LineageTest, AnEditCarriedUpUnchangedKeepsEveryUnitItPassedThrough) {
  std::vector<PatchUnit> patches(3);
  patches[0].id = "L0-0007";
  patches[0].edits = {E("L0-0007-e2", "t9")};
  patches[1].id = "L1-0003";
  patches[1].level = 1;
  patches[1].edits = {E("L0-0007-e2", "t9")};
  patches[2].id = "L2-0000";
  patches[2].level = 2;
  patches[2].edits = {E("L0-0007-e2", "t9")};
  Lineage lineage(patches, Fates());
  std::vector<Origin> origins = lineage.Origins("L0-0007-e2");
  ASSERT_EQ(origins.size(), 1u);
  EXPECT_EQ(origins[0].path, "L0-0007 -> L1-0003 -> L2-0000 -> final");
  EXPECT_EQ(Lineage::MadeIn("L0-0007-e2"), "L0-0007");
  EXPECT_EQ(Lineage::MadeIn("L2-0000-e11"), "L2-0000");
}

}  // namespace
}  // namespace t2s
