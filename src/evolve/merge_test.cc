#include "evolve/merge.h"

#include <gtest/gtest.h>

#include "evolve/analysis.h"

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

// S0 of the merge tests: the sections "## Pay" and "## Ship".
Skill SeedSkill() {
  Skill s;
  s.folder_name = "pay";
  s.files["SKILL.md"] =
      "---\nname: pay\ndescription: Paying bills.\n---\n# Pay\n\n## Pay\n\n- Check the invoice "
      "total.\n\n## Ship\n\n- Ship it.\n";
  return s;
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
  PatchUnit u = ApplyMergeAnswer(SeedSkill(), {&e1, &e2, &e3, &e4}, answer, "L1-0000", 1, &fates);
  ASSERT_EQ(u.edits.size(), 2u);
  EXPECT_EQ(u.edits[0].id, "L1-0000-e1");
  EXPECT_EQ(u.edits[0].sources, (std::vector<std::string>{"t1", "t2", "t3"}));  // never the model's
  EXPECT_EQ(u.edits[1].id, "x4");  // neither covered nor dropped: carried up unchanged
  EXPECT_EQ(fates.edits().at("x1").into, "L1-0000-e1");
  EXPECT_EQ(fates.edits().at("x3").fate, "dropped");
  EXPECT_EQ(fates.edits().at("x3").reason, "contradicts E1");
  EXPECT_EQ(fates.edits().at("L1-0000-e2").reason,
            "the merge produced it from no known input edit");
  EXPECT_EQ(fates.edits().at("x4").fate, "carried");
  EXPECT_EQ(fates.edits().at("x4").reason, "the merge neither covered nor dropped it");
  EXPECT_EQ(u.changelog, std::vector<std::string>{});
}

// Two lessons about payments, and a merge answer built around them.
struct HostileMerge {
  Edit e1 = MakeEdit("x1", "## Pay", "- Confirm the payment split before booking.", {"t1"});
  Edit e2 = MakeEdit("x2", "## Pay", "- Ask for the amount per payment method.", {"t2", "t3"});
  Fates fates;

  PatchUnit Merge(const MergeAnswer& answer) {
    return ApplyMergeAnswer(SeedSkill(), {&e1, &e2}, answer, "L1-0000", 1, &fates);
  }

  // The unit must hold both inputs, unchanged, and nothing else.
  void ExpectBothCarried(const PatchUnit& u, const std::string& why) {
    ASSERT_EQ(u.edits.size(), 2u);
    EXPECT_EQ(u.edits[0].id, "x1");
    EXPECT_EQ(u.edits[0].content, e1.content);
    EXPECT_EQ(u.edits[0].sources, e1.sources);
    EXPECT_EQ(u.edits[1].id, "x2");
    EXPECT_EQ(u.edits[1].sources, e2.sources);
    for (const char* id : {"x1", "x2"}) {
      const EditFate& f = fates.edits().at(id);
      EXPECT_EQ(f.fate, "carried") << id;
      EXPECT_EQ(f.into, "") << id;
      EXPECT_EQ(f.reason, "carried up: L1-0000-e1 was not verified (" + why + ")") << id;
      EXPECT_EQ(f.patch, "L1-0000") << id;
    }
    const EditFate& out = fates.edits().at("L1-0000-e1");
    EXPECT_EQ(out.fate, "dropped");
    EXPECT_EQ(out.reason, "unverified merge output: " + why);
    EXPECT_EQ(out.sources, (std::vector<std::string>{"t1", "t2", "t3"}));
    ASSERT_FALSE(u.changelog.empty());
    EXPECT_EQ(u.changelog.back(),
              "L1-0000-e1 not kept (" + why + "); carried up unchanged: x1, x2");
  }
};

MergeAnswer OneOutput(Edit edit, std::vector<std::string> from) {
  MergeAnswer answer;
  answer.edits.push_back({std::move(edit), std::move(from)});
  answer.changelog = {"Merge the payment lessons"};
  return answer;
}

TEST(MergeTest, MergedEditAimedAtAMissingSectionConsumesNothing) {
  HostileMerge m;
  PatchUnit u = m.Merge(OneOutput(
      MakeEdit("", "## Payments", "- Confirm the payment split and the amount per method.", {}),
      {"E1", "E2"}));
  m.ExpectBothCarried(u, "does not apply to S0: section \"## Payments\" not found in SKILL.md");
  EXPECT_EQ(u.changelog.front(), "Merge the payment lessons");
}

TEST(MergeTest, MalformedMergedEditConsumesNothing) {
  // As the model wrote it: append_to_section without its section.
  Result<MergeAnswer> answer = ParseMergeAnswer(
      R"({"edits":[{"from":["E1","E2"],"op":"append_to_section","file":"SKILL.md",)"
      R"("content":"- Confirm the payment split and the amount per method."}],)"
      R"("dropped":[],"rationale":"","changelog":[]})");
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  HostileMerge m;
  PatchUnit u = m.Merge(*answer);
  m.ExpectBothCarried(
      u, "malformed: $.edits[0]: missing field \"section\" (required by append_to_section)");
}

TEST(MergeTest, EmptyContentClaimingInputsWithContentConsumesNothing) {
  // A deletion that applies to S0 but carries neither lesson.
  Edit wipe;
  wipe.op = EditOp::kDeleteSection;
  wipe.op_name = "delete_section";
  wipe.file = "SKILL.md";
  wipe.section = "## Pay";
  HostileMerge m;
  PatchUnit u = m.Merge(OneOutput(wipe, {"E1", "E2"}));
  m.ExpectBothCarried(u, "its content is empty but E1's is not");
}

TEST(MergeTest, OutputSharingNoWordWithAClaimedInputConsumesNothing) {
  HostileMerge m;
  PatchUnit u = m.Merge(
      OneOutput(MakeEdit("", "## Pay", "- Confirm the split before booking.", {}), {"E1", "E2"}));
  m.ExpectBothCarried(u, "its content shares no word with E2's");
}

TEST(MergeTest, OutputNamingNoKnownInputConsumesNothing) {
  HostileMerge m;
  PatchUnit u = m.Merge(OneOutput(
      MakeEdit("", "## Pay", "- Confirm the payment split and the amount per method.", {}),
      {"E3", "x1", "E0"}));
  ASSERT_EQ(u.edits.size(), 2u);
  EXPECT_EQ(u.edits[0].id, "x1");
  EXPECT_EQ(u.edits[1].id, "x2");
  EXPECT_EQ(m.fates.edits().at("L1-0000-e1").fate, "dropped");
  EXPECT_EQ(m.fates.edits().at("L1-0000-e1").reason,
            "the merge produced it from no known input edit");
  for (const char* id : {"x1", "x2"}) {
    EXPECT_EQ(m.fates.edits().at(id).fate, "carried") << id;
    EXPECT_EQ(m.fates.edits().at(id).reason, "the merge neither covered nor dropped it") << id;
  }
  EXPECT_EQ(u.changelog, std::vector<std::string>{"Merge the payment lessons"});
}

TEST(MergeTest, AVerifiedOutputStillConsumesWhatItCovers) {
  // E1 is covered by a good output; the second output (E1 and E2) is not
  // verified, so only E2, which nothing else covers, goes up.
  HostileMerge m;
  MergeAnswer answer = OneOutput(
      MakeEdit("", "## Pay", "- Confirm the payment split before booking; say so.", {}), {"E1"});
  answer.edits.push_back(
      {MakeEdit("", "## Nowhere", "- Confirm the payment split and the amount per method.", {}),
       {"E1", "E2"}});
  PatchUnit u = m.Merge(answer);
  ASSERT_EQ(u.edits.size(), 2u);
  EXPECT_EQ(u.edits[0].id, "L1-0000-e1");
  EXPECT_EQ(u.edits[0].sources, (std::vector<std::string>{"t1"}));
  EXPECT_EQ(u.edits[1].id, "x2");
  EXPECT_EQ(m.fates.edits().at("x1").fate, "merged-into");
  EXPECT_EQ(m.fates.edits().at("x1").into, "L1-0000-e1");
  EXPECT_EQ(m.fates.edits().at("x2").fate, "carried");
  std::string why = "does not apply to S0: section \"## Nowhere\" not found in SKILL.md";
  EXPECT_EQ(m.fates.edits().at("x2").reason,
            "carried up: L1-0000-e2 was not verified (" + why + ")");
  EXPECT_EQ(m.fates.edits().at("L1-0000-e2").reason, "unverified merge output: " + why);
  EXPECT_EQ(u.changelog.back(), "L1-0000-e2 not kept (" + why + "); carried up unchanged: x2");
}

TEST(MergeTest, AVerifiedMergeReplacesItsInputs) {
  HostileMerge m;
  PatchUnit u = m.Merge(OneOutput(
      MakeEdit("", "## Pay", "- Confirm the payment split and the amount per method.", {}),
      {"E1", "E2"}));
  ASSERT_EQ(u.edits.size(), 1u);
  EXPECT_EQ(u.edits[0].id, "L1-0000-e1");
  EXPECT_EQ(u.edits[0].sources, (std::vector<std::string>{"t1", "t2", "t3"}));
  EXPECT_EQ(m.fates.edits().at("x1").fate, "merged-into");
  EXPECT_EQ(m.fates.edits().at("x2").fate, "merged-into");
  EXPECT_FALSE(m.fates.HasEdit("L1-0000-e1"));
  EXPECT_EQ(u.changelog, std::vector<std::string>{"Merge the payment lessons"});
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
