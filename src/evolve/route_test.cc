#include "evolve/route.h"

#include <gtest/gtest.h>

#include "skill/apply.h"

namespace t2s {
namespace {

Edit Append(const std::string& id, const std::string& section, const std::string& content,
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

Skill Seed() {
  Skill s;
  s.folder_name = "demo";
  s.files["SKILL.md"] =
      "---\nname: demo\ndescription: A demo skill.\n---\n\n# Demo\n\n## Booking\n\nBook.\n\n"
      "## Payments\n\nPay.\n";
  return s;
}

TEST(RouteTest, DefaultMinSupportGrowsWithThePool) {
  EXPECT_EQ(DefaultMinSupport(0), 1u);
  EXPECT_EQ(DefaultMinSupport(3), 1u);
  EXPECT_EQ(DefaultMinSupport(20), 1u);
  EXPECT_EQ(DefaultMinSupport(36), 2u);
  EXPECT_EQ(DefaultMinSupport(200), 5u);
  EXPECT_EQ(DefaultMinSupport(1000), 11u);
}

TEST(RouteTest, LowSupportAdditionsGoToAReferenceFilePerSectionLinkedFromSkillMd) {
  Fates fates;
  std::vector<Edit> edits = {Append("e1", "## Booking", "- Recurring lesson.", {"t1", "t2", "t3"}),
                             Append("e2", "## Booking", "- Rare lesson.", {"t4"}),
                             Append("e3", "## Payments", "- Rare payment lesson.", {"t5"})};
  RouteResult r = RouteLowSupport(Seed(), edits, 2, /*route=*/true, &fates);
  EXPECT_EQ(r.routed, 2u);
  EXPECT_EQ(r.dropped, 0u);
  ASSERT_EQ(r.edits.size(), 4u);
  EXPECT_EQ(r.edits[0].id, "e1");
  EXPECT_EQ(r.edits[1].file, "references/lessons-booking.md");
  EXPECT_EQ(r.edits[1].content,
            "# Less frequent lessons: Booking\n\nEach was seen in fewer than 2 of the analysed "
            "trajectories, so it is kept here rather than in SKILL.md until more runs confirm "
            "it.\n\n## Lesson 1 (support 1: t4)\n\n- Rare lesson.\n");
  EXPECT_EQ(r.edits[2].file, "references/lessons-payments.md");
  EXPECT_EQ(r.edits[3].op, EditOp::kAddSection);
  EXPECT_EQ(r.edits[3].section, "## Less frequent lessons");
  EXPECT_EQ(r.edits[3].sources, (std::vector<std::string>{"t4", "t5"}));
  EXPECT_EQ(fates.edits().at("e2").fate, "routed");
  EXPECT_EQ(fates.edits().at("e2").into, "route-e1");
  EXPECT_EQ(fates.edits().at("e2").reason, "support 1 is below --min-support 2");
  // The routed skill applies cleanly: the new files are linked.
  Patch p;
  p.edits = r.edits;
  ApplyResult applied = ApplyPatch(Seed(), p);
  for (const EditOutcome& o : applied.outcomes) EXPECT_TRUE(o.applied) << o.edit_id << ": " << o.reason;
  const std::string& md = *applied.skill.Find("SKILL.md");
  EXPECT_NE(md.find("- Recurring lesson."), std::string::npos);
  EXPECT_EQ(md.find("- Rare lesson."), std::string::npos) << "not in SKILL.md";
  EXPECT_NE(md.find("- [Booking](references/lessons-booking.md): 1 lesson seen in fewer than 2 "
                    "trajectories"),
            std::string::npos)
      << md;
}

TEST(RouteTest, LowSupportDeletionsAndReplacementsAreDroppedWithTheReason) {
  Fates fates;
  Edit del;
  del.id = "e9";
  del.op = EditOp::kDeleteSection;
  del.op_name = "delete_section";
  del.file = "SKILL.md";
  del.section = "## Payments";
  del.sources = {"t1"};
  RouteResult r = RouteLowSupport(Seed(), {del}, 2, true, &fates);
  EXPECT_TRUE(r.edits.empty());
  EXPECT_EQ(r.dropped, 1u);
  EXPECT_EQ(fates.edits().at("e9").reason,
            "support 1 is below --min-support 2; only additions are routed to references/");
}

TEST(RouteTest, WithoutRoutingLowSupportEditsAreDropped) {
  Fates fates;
  RouteResult r = RouteLowSupport(Seed(), {Append("e2", "## Booking", "- Rare.", {"t4"})}, 3,
                                  /*route=*/false, &fates);
  EXPECT_TRUE(r.edits.empty());
  EXPECT_EQ(fates.edits().at("e2").fate, "dropped");
  EXPECT_EQ(fates.edits().at("e2").reason,
            "support 1 is below --min-support 3 (routing is off: --no-route)");
}

TEST(RouteTest, AnExistingLessonsFileAndSectionAreExtendedNotOverwritten) {
  Skill seed = Seed();
  seed.files["SKILL.md"] += "\n## Less frequent lessons\n\n- [Booking](references/lessons-booking.md)\n";
  seed.files["references/lessons-booking.md"] = "# Less frequent lessons: Booking\n";
  Fates fates;
  RouteResult r = RouteLowSupport(seed, {Append("e2", "## Booking", "- Rare.", {"t4"})}, 2, true, &fates);
  ASSERT_EQ(r.edits.size(), 2u);
  EXPECT_EQ(r.edits[0].file, "references/lessons-booking-2.md");
  EXPECT_EQ(r.edits[1].op, EditOp::kAppendToSection);
  Patch p;
  p.edits = r.edits;
  ApplyResult applied = ApplyPatch(seed, p);
  for (const EditOutcome& o : applied.outcomes) EXPECT_TRUE(o.applied) << o.edit_id << ": " << o.reason;
}

TEST(RouteTest, EditsToOtherFilesAreNotHeldToTheThreshold) {
  Fates fates;
  Edit e = Append("e1", "## Notes", "- x", {"t1"});
  e.file = "references/notes.md";
  RouteResult r = RouteLowSupport(Seed(), {e}, 5, true, &fates);
  ASSERT_EQ(r.edits.size(), 1u);
  EXPECT_EQ(r.edits[0].id, "e1");
  EXPECT_EQ(r.routed, 0u);
}

}  // namespace
}  // namespace t2s
