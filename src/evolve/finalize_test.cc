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
  Skill kept = Restructure(OverBudget(), options, llm, *prompts, &client, notes);
  EXPECT_EQ(transport.posts(), 1u);
  return kept;
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

}  // namespace
}  // namespace t2s
