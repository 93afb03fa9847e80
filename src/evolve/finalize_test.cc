// Restructure against a scripted model: an answer that moves detail into
// references/ is kept; one that drops text is refused, whatever the budget.
#include "evolve/finalize.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "llm/provider.h"
#include "testing/fake_transport.h"

namespace t2s {
namespace {

using Json = nlohmann::json;
using testing::FakeTransport;
using testing::OpenAIAnswer;

constexpr const char* kHandOff =
    "## Hand-off\n\nSend the summary to the team.\n- Close the ticket.\n";

Skill OverBudget() {
  Skill s;
  s.folder_name = "pay";
  s.files["SKILL.md"] =
      std::string(
          "---\nname: pay\ndescription: Paying bills for the team.\n---\n# Pay\n\n"
          "## Pay\n\n- Check the invoice total.\n\n") +
      kHandOff;
  return s;
}

// One edit of a t2s_patch answer, every field present as the schema wants.
Json EditJson(const std::string& op, Json fields) {
  Json e = {{"id", nullptr},
            {"op", op},
            {"file", "SKILL.md"},
            {"section", nullptr},
            {"after_section", nullptr},
            {"old_text", nullptr},
            {"anchor", nullptr},
            {"content", nullptr},
            {"replace", nullptr}};
  for (auto& [key, value] : fields.items()) e[key] = value;
  return e;
}

// Runs RepairFailedEdits with `fix` (one t2s_patch edit) as the model's
// answer; the model is called once.
void RepairWith(const Json& fix, const Skill& s0, Patch* patch, ApplyResult* applied) {
  FakeTransport transport;
  std::string answer = Json{{"edits", {fix}}, {"changelog", Json::array()}}.dump();
  transport.SetDefault([answer](const HttpRequest&) { return OpenAIAnswer(answer); });
  ManualClock clock;
  LlmClient client(MakeOpenAIProvider(), {{"http://a/v1", "k"}}, &transport, &clock, nullptr,
                   LlmOptions{});
  LlmConfig llm;
  llm.model = "m";
  Result<PromptSet> prompts = PromptSet::Load();
  ASSERT_TRUE(prompts.ok()) << prompts.status().message();
  RepairFailedEdits(s0, EvolveOptions{}, llm, *prompts, &client, patch, applied);
  EXPECT_EQ(transport.posts(), 1u);
}

// Runs Restructure with `edits` as the model's answer; returns the skill kept.
Skill RestructureWith(const Json& edits, std::vector<std::string>* notes) {
  FakeTransport transport;
  std::string answer = Json{{"edits", edits}, {"changelog", Json::array()}}.dump();
  transport.SetDefault([answer](const HttpRequest&) { return OpenAIAnswer(answer); });
  ManualClock clock;
  LlmClient client(MakeOpenAIProvider(), {{"http://a/v1", "k"}}, &transport, &clock, nullptr,
                   LlmOptions{});
  LlmConfig llm;
  llm.model = "m";
  EvolveOptions options;
  options.max_skill_lines = 12;
  Result<PromptSet> prompts = PromptSet::Load();
  EXPECT_TRUE(prompts.ok()) << prompts.status().message();
  Restructured kept = Restructure(OverBudget(), options, llm, *prompts, &client, notes);
  EXPECT_EQ(transport.posts(), 1u);
  EXPECT_EQ(kept.outcomes.size(), kept.edits.size());
  for (size_t i = 0; i < kept.edits.size(); ++i) {
    EXPECT_EQ(kept.edits[i].id, "restructure-e" + std::to_string(i + 1));
    EXPECT_EQ(kept.outcomes[i].applied, kept.kept) << kept.outcomes[i].reason;
  }
  return kept.skill;
}

TEST(RestructureTest, AnAnswerThatMovesDetailIsKept) {
  std::vector<std::string> notes;
  Skill kept = RestructureWith(
      Json::array(
          {EditJson("replace_text", {{"old_text", kHandOff},
                                     {"content", "See [hand-off](references/hand-off.md).\n"}}),
           EditJson("create_file", {{"file", "references/hand-off.md"},
                                    {"content",
                                     "# Hand-off\n\nSend the summary to the "
                                     "team.\n- Close the ticket.\n"}})}),
      &notes);
  EXPECT_EQ(notes, std::vector<std::string>{"restructured: SKILL.md 14 -> 11 lines"});
  ASSERT_NE(kept.Find("references/hand-off.md"), nullptr);
}

TEST(RestructureTest, AnAnswerThatDropsTextIsRefused) {
  // It fits the budget and adds no validation error; it only loses a section.
  std::vector<std::string> notes;
  Skill kept = RestructureWith(
      Json::array({EditJson("delete_section", {{"section", "## Hand-off"}})}), &notes);
  EXPECT_EQ(notes,
            std::vector<std::string>{
                "restructuring was not kept: restructure dropped 3 lines, first "
                "SKILL.md:11 \"## Hand-off\", SKILL.md:13 \"Send the summary to the team.\", "
                "SKILL.md:14 \"- Close the ticket.\""});
  EXPECT_EQ(kept.files, OverBudget().files);
}

// The repair may only add applied edits: a correction that would take the
// text of an edit that applied is refused, and that edit stays applied.
TEST(RepairTest, ACorrectionThatWouldUndoAnAppliedEditIsRefused) {
  Skill s0 = OverBudget();
  Edit failed;  // better supported, so it comes first in the patch
  failed.id = "L1-0000-e1";
  failed.op = EditOp::kReplaceText;
  failed.op_name = "replace_text";
  failed.file = "SKILL.md";
  failed.old_text = "No such sentence.";
  failed.content = "- Lesson.";
  failed.sources = {"t1", "t2", "t3"};
  Edit applied_edit;
  applied_edit.id = "L0-0004-e1";
  applied_edit.op = EditOp::kAppendToSection;
  applied_edit.op_name = "append_to_section";
  applied_edit.file = "SKILL.md";
  applied_edit.section = "## Hand-off";
  applied_edit.content = "- Say goodbye.";
  applied_edit.sources = {"t4"};
  Patch patch;
  patch.edits = {failed, applied_edit};
  ApplyResult applied = ApplyPatch(s0, patch);
  ASSERT_FALSE(applied.outcomes[0].applied);
  ASSERT_TRUE(applied.outcomes[1].applied);

  RepairWith(EditJson("delete_section", {{"section", "## Hand-off"}, {"id", "L1-0000-e1"}}), s0,
             &patch, &applied);
  EXPECT_TRUE(applied.outcomes[1].applied) << applied.outcomes[1].reason;
  EXPECT_FALSE(applied.outcomes[0].applied);
  EXPECT_NE(applied.outcomes[0].reason.find("; its repair was refused: it would undo edit L0-0004-e1 ("),
            std::string::npos)
      << applied.outcomes[0].reason;
  EXPECT_EQ(patch.edits[0].op, EditOp::kReplaceText) << "the refused correction is not kept";
  EXPECT_NE(applied.skill.Find("SKILL.md")->find("- Say goodbye."), std::string::npos);
}

// Found black-box: a repair turned a failed append into a replace_text
// that deleted the skill's own text.
TEST(RepairTest, ACorrectionMayNotTurnAnAdditionIntoARemoval) {
  Skill s0 = OverBudget();
  Edit failed;
  failed.id = "L0-0001-e1";
  failed.op = EditOp::kAppendToSection;
  failed.op_name = "append_to_section";
  failed.file = "SKILL.md";
  failed.section = "## No such section";
  failed.content = "- Lesson.";
  failed.sources = {"t1"};
  Patch patch;
  patch.edits = {failed};
  ApplyResult applied = ApplyPatch(s0, patch);
  ASSERT_FALSE(applied.outcomes[0].applied);
  RepairWith(EditJson("replace_text", {{"old_text", "- Check the invoice total."},
                                       {"content", "- Lesson."},
                                       {"id", "L0-0001-e1"}}),
             s0, &patch, &applied);
  EXPECT_FALSE(applied.outcomes[0].applied);
  EXPECT_EQ(applied.outcomes[0].reason,
            "section \"## No such section\" not found in SKILL.md; its repair was refused: it turns "
            "append_to_section into replace_text");
  EXPECT_NE(applied.skill.Find("SKILL.md")->find("- Check the invoice total."), std::string::npos);
}

}  // namespace
}  // namespace t2s
