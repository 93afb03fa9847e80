#include "evolve/merged_edit_check.h"

#include <gtest/gtest.h>

namespace t2s {
namespace {

Skill Seed() {
  Skill s;
  s.folder_name = "pay";
  s.files["SKILL.md"] =
      "---\nname: pay\ndescription: Paying bills.\n---\n# Pay\n\n## Pay\n\n- Check the total.\n";
  s.files["scripts/run.py"] = "print('hi')\n";
  return s;
}

Edit Append(const std::string& section, const std::string& content) {
  Edit e;
  e.id = "m1";
  e.op = EditOp::kAppendToSection;
  e.op_name = "append_to_section";
  e.file = "SKILL.md";
  e.section = section;
  e.content = content;
  return e;
}

TEST(MergedEditCheckTest, AnEditThatAppliesPasses) {
  EXPECT_TRUE(CheckMergedEditApplies(Seed(), Append("## Pay", "- Split."), {}).ok());
}

TEST(MergedEditCheckTest, ANewReferenceFileIsNotJudgedByItsLink) {
  // The link to it is another edit's business; the final apply checks the pair.
  Edit create;
  create.op = EditOp::kCreateFile;
  create.op_name = "create_file";
  create.file = "references/payments.md";
  create.content = "# Payments\n\nDetail.\n";
  EXPECT_TRUE(CheckMergedEditApplies(Seed(), create, {}).ok());
  create.file = "../payments.md";
  Status bad = CheckMergedEditApplies(Seed(), create, {});
  EXPECT_EQ(bad.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(bad.message().rfind("does not apply to S0: ", 0), 0u) << bad.message();
}

TEST(MergedEditCheckTest, TheFinalApplysOptionsApply) {
  Edit e;
  e.op = EditOp::kReplaceText;
  e.op_name = "replace_text";
  e.file = "scripts/run.py";
  e.old_text = "hi";
  e.content = "hello";
  ApplyOptions options;
  options.protected_paths = {"scripts/"};
  EXPECT_TRUE(CheckMergedEditApplies(Seed(), e, {}).ok());
  EXPECT_EQ(CheckMergedEditApplies(Seed(), e, options).message(),
            "does not apply to S0: scripts/run.py is protected (scripts/)");
}

TEST(MergedEditCheckTest, AProblemFromParsingIsMalformed) {
  Edit e = Append("## Pay", "- Split.");
  e.problem = "$.edits[2].op: unknown op \"rewrite\" (expected one of create_file)";
  EXPECT_EQ(CheckMergedEditWellFormed(e).message(),
            "malformed: $.edits[2].op: unknown op \"rewrite\" (expected one of create_file)");
  EXPECT_EQ(CheckMergedEditApplies(Seed(), e, {}).message(),
            "malformed: $.edits[2].op: unknown op \"rewrite\" (expected one of create_file)");
}

TEST(MergedEditCheckTest, SharingOneKeyWordCarriesAnInput) {
  Edit in = Append("## Pay", "- Confirm the Payment split.");
  EXPECT_TRUE(
      CheckMergedEditCarries(Append("## Pay", "Check PAYMENT amounts."), {{"E1", &in}}).ok());
}

TEST(MergedEditCheckTest, FunctionWordsAndShortWordsDoNotCount) {
  Edit in = Append("## Pay", "- When paying, check that the total is right.");
  Status s =
      CheckMergedEditCarries(Append("## Pay", "When booking, note that it is so."), {{"E1", &in}});
  EXPECT_EQ(s.message(), "its content shares no word with E1's");
}

TEST(MergedEditCheckTest, AnInputWithoutKeyWordsIsExempt) {
  Edit in = Append("## Pay", "- a b");
  EXPECT_TRUE(CheckMergedEditCarries(Append("## Pay", "- Totally different."), {{"E4", &in}}).ok());
}

TEST(MergedEditCheckTest, EmptyContentCarriesNothing) {
  Edit deletion;
  deletion.op = EditOp::kDeleteSection;
  Edit in = Append("## Pay", "- Confirm the split.");
  EXPECT_TRUE(CheckMergedEditCarries(deletion, {{"E1", &deletion}}).ok());
  EXPECT_EQ(CheckMergedEditCarries(deletion, {{"E1", &deletion}, {"E2", &in}}).message(),
            "its content is empty but E2's is not");
}

TEST(MergedEditCheckTest, VerifyChecksApplyingBeforeCarrying) {
  Edit in = Append("## Pay", "- Confirm the split.");
  EXPECT_EQ(VerifyMergedEdit(Seed(), Append("## Gone", "- Nothing."), {{"E1", &in}}, {}).message(),
            "does not apply to S0: section \"## Gone\" not found in SKILL.md");
  EXPECT_EQ(VerifyMergedEdit(Seed(), Append("## Pay", "- Nothing."), {{"E1", &in}}, {}).message(),
            "its content shares no word with E1's");
  EXPECT_TRUE(VerifyMergedEdit(Seed(), Append("## Pay", "- Split."), {{"E1", &in}}, {}).ok());
}

}  // namespace
}  // namespace t2s

namespace t2s {
namespace {

Edit Lesson(const std::string& section, const std::string& content) {
  Edit e;
  e.id = "x";
  e.op = EditOp::kAppendToSection;
  e.op_name = "append_to_section";
  e.file = "SKILL.md";
  e.section = section;
  e.content = content;
  return e;
}

// Found black-box: a merge kept E1's text, claimed E2 (another section)
// because one word ("check") appeared in both, and E2's lesson was lost.
TEST(MergedEditCheckCarriesTest, OneSharedWordDoesNotCarryALessonAimedElsewhere) {
  Edit e1 = Lesson("## Booking", "- Check the fare before booking.");
  Edit e2 = Lesson("## Baggage", "- Weigh the bags before check-in at the desk.");
  Edit merged = Lesson("## Booking", "- Check the fare before booking.");
  Status s = CheckMergedEditCarries(merged, {{"E1", &e1}, {"E2", &e2}});
  EXPECT_EQ(s.message(),
            "its content carries 1 of the 4 key words of E2, which aimed elsewhere (needs 2)");
}

TEST(MergedEditCheckCarriesTest, AParaphraseThatKeepsTheSubstanceCarries) {
  Edit e1 = Lesson("## Booking", "- Re-check totals and ids before any write action.");
  Edit e2 = Lesson("## Booking", "- Verify amounts before writing.");
  Edit merged = Lesson("## Booking", "- Re-check totals, ids and amounts before any write.");
  EXPECT_TRUE(CheckMergedEditCarries(merged, {{"E1", &e1}, {"E2", &e2}}).ok());
}

}  // namespace
}  // namespace t2s
