#include "evolve/merge.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

Edit MakeEdit(const std::string& id, const std::string& section, const std::string& content,
              std::vector<std::string> sources) {
  Edit e;
  e.id = id;
  e.op = EditOp::kAppendToSection;
  e.op_name = "append_to_section";
  e.file = "SKILL.md";
  e.section = section;
  e.content = content;
  e.sources = std::move(sources);
  return e;
}

TEST(MergeTest, FoldDuplicatesUnitesSourcesAndRecordsTheFold) {
  std::vector<PatchUnit> units(2);
  units[0].id = "L0-0";
  units[0].edits = {MakeEdit("a1", "## Pay", "- Check  totals.", {"t1"})};
  units[1].id = "L0-1";
  units[1].edits = {MakeEdit("b1", "## Pay", "- Check totals.\n", {"t2"}),
                    MakeEdit("b2", "## Pay", "- Other.", {"t2"})};
  Fates fates;
  FoldDuplicates(&units, &fates);
  ASSERT_EQ(units[0].edits.size(), 1u);
  EXPECT_EQ(units[0].edits[0].sources, (std::vector<std::string>{"t1", "t2"}));
  ASSERT_EQ(units[1].edits.size(), 1u);
  EXPECT_EQ(units[1].edits[0].id, "b2");
  const EditFate& folded = fates.edits().at("b1");
  EXPECT_EQ(folded.fate, "merged-into");
  EXPECT_EQ(folded.into, "a1");
  EXPECT_EQ(folded.reason, "exact duplicate");
}

TEST(MergeTest, GroupsPutTheSameTargetTogether) {
  std::vector<PatchUnit> units(4);
  const char* sections[] = {"## B", "## A", "## B", "## A"};
  for (size_t i = 0; i < 4; ++i) {
    units[i].id = "u" + std::to_string(i);
    units[i].edits = {MakeEdit("e" + std::to_string(i), sections[i], "x", {"t"})};
  }
  std::vector<std::vector<size_t>> groups = GroupUnits(units, 2);
  EXPECT_EQ(groups, (std::vector<std::vector<size_t>>{{1, 3}, {0, 2}}));
}

TEST(MergeTest, SourcesAreComputedByCodeAndNothingIsLostSilently) {
  Edit e1 = MakeEdit("x1", "## Pay", "- a", {"t1"});
  Edit e2 = MakeEdit("x2", "## Pay", "- b", {"t2", "t3"});
  Edit e3 = MakeEdit("x3", "## Pay", "- c", {"t4"});
  Edit e4 = MakeEdit("x4", "## Ship", "- d", {"t5"});
  MergeAnswer answer;
  MergedEdit out;
  out.edit = MakeEdit("", "## Pay", "- a and b", {"made-up"});
  out.from = {"E1", "E2", "E9"};
  answer.edits.push_back(out);
  MergedEdit invented;
  invented.edit = MakeEdit("", "## Pay", "- from nowhere", {});
  answer.edits.push_back(invented);
  answer.dropped = {{"E3", "contradicts E1"}};
  Fates fates;
  PatchUnit u = ApplyMergeAnswer({&e1, &e2, &e3, &e4}, answer, "L1-0000", 1, &fates);
  ASSERT_EQ(u.edits.size(), 2u);
  EXPECT_EQ(u.edits[0].id, "L1-0000-e1");
  EXPECT_EQ(u.edits[0].sources, (std::vector<std::string>{"t1", "t2", "t3"}));  // never the model's
  EXPECT_EQ(u.edits[1].id, "x4");  // neither covered nor dropped: carried up unchanged
  EXPECT_EQ(fates.edits().at("x1").into, "L1-0000-e1");
  EXPECT_EQ(fates.edits().at("x3").fate, "dropped");
  EXPECT_EQ(fates.edits().at("x3").reason, "contradicts E1");
  EXPECT_EQ(fates.edits().at("L1-0000-e2").reason,
            "the merge produced it from no known input edit");
}

TEST(MergeTest, MergeInputShowsSupport) {
  Edit e = MakeEdit("x", "## Pay", "- a", {"t1", "t2"});
  std::string text = MergeInput({&e}, "## Pay\n");
  EXPECT_NE(text.find("E1 (support 2): "
                      "{\"op\":\"append_to_section\",\"file\":\"SKILL.md\",\"section\":\"## Pay\","
                      "\"content\":\"- a\"}"),
            std::string::npos);
}

}  // namespace
}  // namespace t2s
