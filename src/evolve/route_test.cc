#include "evolve/route.h"

#include <gtest/gtest.h>

#include "base/text.h"
#include "evolve/final_stage.h"
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
  ASSERT_EQ(r.edits.size(), 1u);
  EXPECT_EQ(r.edits[0].id, "e1");
  ASSERT_EQ(r.routing.size(), 3u);
  EXPECT_EQ(r.routing[0].file, "references/lessons-booking.md");
  EXPECT_EQ(r.routing[0].content,
            "# Less frequent lessons: Booking\n\nEach was seen in fewer than 2 of the analysed "
            "trajectories, so it is kept here rather than in SKILL.md until more runs confirm "
            "it.\n\n## Lesson 1 (support 1: t4)\n\n- Rare lesson.\n");
  EXPECT_EQ(r.routing[1].file, "references/lessons-payments.md");
  EXPECT_EQ(r.routing[2].op, EditOp::kAddSection);
  EXPECT_EQ(r.routing[2].section, "## Less frequent lessons");
  EXPECT_EQ(r.routing[2].sources, (std::vector<std::string>{"t4", "t5"}));
  EXPECT_EQ(fates.edits().at("e2").fate, "routed");
  EXPECT_EQ(fates.edits().at("e2").into, "route-e1");
  EXPECT_EQ(fates.edits().at("e2").reason, "support 1 is below --min-support 2");
  // The routed skill applies cleanly: the new files are linked.
  Patch p;
  p.edits = r.edits;
  p.edits.insert(p.edits.end(), r.routing.begin(), r.routing.end());
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
  EXPECT_TRUE(r.routing.empty());
  EXPECT_EQ(r.dropped, 1u);
  EXPECT_EQ(fates.edits().at("e9").reason,
            "support 1 is below --min-support 2; only additions are routed to references/");
}

TEST(RouteTest, WithoutRoutingLowSupportEditsAreDropped) {
  Fates fates;
  RouteResult r = RouteLowSupport(Seed(), {Append("e2", "## Booking", "- Rare.", {"t4"})}, 3,
                                  /*route=*/false, &fates);
  EXPECT_TRUE(r.edits.empty());
  EXPECT_TRUE(r.routing.empty());
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
  ASSERT_EQ(r.routing.size(), 2u);
  EXPECT_EQ(r.routing[0].file, "references/lessons-booking-2.md");
  EXPECT_EQ(r.routing[1].op, EditOp::kAppendToSection);
  Patch p;
  p.edits = r.routing;
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

// Found black-box: routed text kept SKILL.md-relative links, which broke
// in references/; a file only a routed lesson linked lost its link.
TEST(RouteTest, RoutedTextKeepsItsLinksWorking) {
  Fates fates;
  Edit create;
  create.id = "e1";
  create.op = EditOp::kCreateFile;
  create.op_name = "create_file";
  create.file = "references/payments.md";
  create.content = "# Payments\n\nSplit payments.\n";
  create.sources = {"t1"};
  Edit link = Append("e2", "## Payments",
                     "- See [payments](references/payments.md) and [docs](https://x.test/a).", {"t1"});
  RouteResult r = RouteLowSupport(Seed(), {create, link}, 2, true, &fates);
  ASSERT_EQ(r.routing.size(), 2u);
  EXPECT_NE(r.routing[0].content.find("[payments](../references/payments.md) and [docs](https://x.test/a)"),
            std::string::npos)
      << r.routing[0].content;
  EXPECT_NE(r.routing[1].content.find("- [references/payments.md](references/payments.md): linked "
                                      "from the lessons above"),
            std::string::npos)
      << r.routing[1].content;
  Patch p;
  p.edits = r.edits;
  p.edits.insert(p.edits.end(), r.routing.begin(), r.routing.end());
  ApplyResult applied = ApplyPatch(Seed(), p);
  for (const EditOutcome& o : applied.outcomes) EXPECT_TRUE(o.applied) << o.edit_id << ": " << o.reason;
}

// Found black-box: 100 rare lessons made one 403-line file, over the
// budget evolve holds its output to.
TEST(RouteTest, ALongLessonsFileIsSplitUnderItsBudget) {
  Fates fates;
  std::vector<Edit> many;
  for (int i = 0; i < 40; ++i) {
    many.push_back(Append("e" + std::to_string(i), "## Booking",
                          "- Rare lesson " + std::to_string(i) + ".", {"t" + std::to_string(i)}));
  }
  RouteResult r = RouteLowSupport(Seed(), many, 2, true, &fates, /*max_file_lines=*/60);
  ASSERT_EQ(r.routing.size(), 4u) << "three files and the link section";
  EXPECT_EQ(r.routing[0].file, "references/lessons-booking.md");
  EXPECT_EQ(r.routing[1].file, "references/lessons-booking-2.md");
  for (size_t i = 0; i < 3; ++i) EXPECT_LE(CountLines(r.routing[i].content), 60u);
  EXPECT_EQ(r.routed, 40u);
}

// Found black-box: an anchored edit was grouped as "General".
TEST(RouteTest, AnAnchoredEditIsGroupedUnderTheSectionOfItsAnchor) {
  Fates fates;
  Edit e = Append("e1", "", "- After paying.", {"t1"});
  e.op = EditOp::kInsertAfter;
  e.op_name = "insert_after";
  e.anchor = "Pay.";
  RouteResult r = RouteLowSupport(Seed(), {e}, 2, true, &fates);
  ASSERT_FALSE(r.routing.empty());
  EXPECT_EQ(r.routing[0].file, "references/lessons-payments.md");
}

// Found black-box: the lessons section (more support in sum) was applied
// first, so a kept append to SKILL.md's last section landed under it.
TEST(RouteTest, TheLessonsSectionComesAfterEveryKeptEdit) {
  Fates fates;
  EvolveOptions options;
  options.min_support = 2;
  EvolveSummary summary;
  summary.analyzed = 4;
  Skill seed = Seed();
  std::vector<Edit> edits = {Append("e1", "## Payments", "- Kept rule.", {"t1", "t2"}),
                             Append("e2", "## Booking", "- Rare one.", {"t3"}),
                             Append("e3", "## Booking", "- Rare two.", {"t4"}),
                             Append("e4", "## Booking", "- Rare three.", {"t5"})};
  Result<Finished> done = Finish(edits, {&seed, &options, nullptr, nullptr, "out"}, nullptr, &fates,
                                 &summary, [](const std::string&, size_t, size_t, size_t) {});
  ASSERT_TRUE(done.ok()) << done.status().message();
  const std::string& md = *done->applied.skill.Find("SKILL.md");
  EXPECT_NE(md.find("Pay.\n\n- Kept rule.\n\n## Less frequent lessons"), std::string::npos) << md;
  EXPECT_EQ(summary.applied_edits, 1u) << "the routing edits are counted as routed";
  EXPECT_EQ(summary.routed_edits, 3u);
}

}  // namespace
}  // namespace t2s
