#include "evolve/settle.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace t2s {
namespace {

Edit Insert(const std::string& id, const std::string& content, size_t support) {
  Edit e;
  e.id = id;
  e.op = EditOp::kAppendToSection;
  e.op_name = "append_to_section";
  e.file = "SKILL.md";
  e.section = "## Booking";
  e.content = content;
  for (size_t i = 0; i < support; ++i) e.sources.push_back("t" + std::to_string(i));
  return e;
}

Skill Seed() {
  Skill s;
  s.folder_name = "demo";
  s.files["SKILL.md"] =
      "---\nname: demo\ndescription: A demo skill.\n---\n\n# Demo\n\n## Booking\n\nBook the "
      "flight.\n\n## Payments\n\nPay.\n";
  return s;
}

TEST(SettleTest, InsertionsAtOnePointLandBySupportWhateverThePatchOrder) {
  std::vector<Edit> edits = {Insert("a", "- low", 1), Insert("b", "- high", 9),
                             Insert("c", "- mid", 4), Insert("d", "- mid too", 4)};
  std::string first;
  std::sort(edits.begin(), edits.end(), [](const Edit& x, const Edit& y) { return x.id < y.id; });
  do {
    Patch p;
    p.edits = edits;
    OrderBySupport(&p.edits);
    ApplyResult r = ApplyPatch(Seed(), p);
    const std::string& md = *r.skill.Find("SKILL.md");
    if (first.empty()) first = md;
    EXPECT_EQ(md, first);
  } while (std::next_permutation(edits.begin(), edits.end(),
                                 [](const Edit& x, const Edit& y) { return x.id < y.id; }));
  EXPECT_NE(first.find("Book the flight.\n\n- high\n- mid\n- mid too\n- low\n"), std::string::npos)
      << first;
}

TEST(SettleTest, TheBetterSupportedEditWinsAnOverlapAndTheLoserSaysWhy) {
  Edit weak;
  weak.id = "L0-0001-e1";
  weak.op = EditOp::kReplaceText;
  weak.op_name = "replace_text";
  weak.file = "SKILL.md";
  weak.old_text = "Book the flight.";
  weak.content = "Book any flight.";
  weak.sources = {"t1"};
  Edit strong = weak;
  strong.id = "L1-0000-e2";
  strong.content = "Book the flight the user confirmed.";
  strong.sources = {"t2", "t3", "t4"};
  Patch p;
  p.edits = {weak, strong};
  OrderBySupport(&p.edits);
  ApplyResult r = ApplyPatch(Seed(), p);
  ExplainConflicts(p.edits, &r.outcomes);
  EXPECT_EQ(p.edits[0].id, "L1-0000-e2");
  EXPECT_TRUE(r.outcomes[0].applied);
  ASSERT_FALSE(r.outcomes[1].applied);
  EXPECT_EQ(r.outcomes[1].reason,
            "conflicts with L1-0000-e2, support 1 vs 3: overlaps edit L1-0000-e2 (SKILL.md line "
            "10); edits of one patch must touch separate text");
  EXPECT_NE(r.skill.Find("SKILL.md")->find("Book the flight the user confirmed."), std::string::npos);
}

}  // namespace
}  // namespace t2s
