#include "evolve/analyst_tools.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "bench/workspace.h"
#include "testing/evolve_responder.h"
#include "testing/sums_world.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using Json = nlohmann::json;

// Task t1 of the sums world (answer.txt must hold "11"), its candidate
// holding the agent's wrong output.
class AnalystToolsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteSumsWorld(dir_, 2);
    Result<Suite> suite = LoadSuite((dir_.path() / "suite").string());
    ASSERT_TRUE(suite.ok()) << suite.status().message();
    suite_ = std::make_shared<const Suite>(std::move(*suite));
    spec_.id = "analyst/t1/x";
    spec_.workspace = (dir_.path() / "candidate").string();
    ASSERT_TRUE(PrepareWorkspace(*suite_, suite_->tasks[0], spec_.workspace).ok());
    dir_.Write("candidate/total.txt", "11\n");
    AnalystTask task;
    task.suite = suite_;
    task.task = &suite_->tasks[0];
    tools_.Add(spec_.id, {task, GoldenValues::Of(*suite_, suite_->tasks[0])});
  }
  LocalToolResult Call(const std::string& name, const Json& args) {
    return tools_.Run(spec_, {"c", name, args.dump()});
  }
  static Json Analysis(const std::string& line) {
    Json edit = testing::FullEdit({{"file", "SKILL.md"},
                                   {"op", "append_to_section"},
                                   {"section", "## Output"},
                                   {"content", "- " + line}});
    Json lesson = {{"title", "the answer file"}, {"when", "writing the total"}, {"do", line},
                   {"avoid", "other files"},     {"evidence_steps", {2}}};
    return {{"kind", "error"},
            {"causes", {{{"title", "t"}, {"evidence", "step 2"}, {"explanation", "e"}}}},
            {"lessons", {lesson}},
            {"edits", {edit}},
            {"changelog", {line}}};
  }

  testing::TempDir dir_;
  std::shared_ptr<const Suite> suite_;
  EpisodeSpec spec_;
  AnalystTools tools_;
};

TEST_F(AnalystToolsTest, OffersCheckAndSubmitWithTheAnalysisSchema) {
  std::vector<ToolSpec> specs = tools_.Specs();
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].name, "check");
  EXPECT_EQ(specs[1].name, "submit");
  EXPECT_NE(specs[1].parameters.find("\"lessons\""), std::string::npos);
}

TEST_F(AnalystToolsTest, ASubmitAfterAPassingCheckIsVerified) {
  LocalToolResult fail = Call("check", {{"message", ""}});
  EXPECT_FALSE(fail.is_error);
  EXPECT_EQ(fail.content.rfind("FAIL: ", 0), 0u) << fail.content;
  dir_.Write("candidate/answer.txt", "11");
  EXPECT_EQ(Call("check", {{"message", ""}}).content, "PASS");
  LocalToolResult done = Call("submit", Analysis(testing::kHelpfulLine));
  EXPECT_EQ(done.content, "submitted (verified: a check passed)");
  EXPECT_TRUE(done.ends_episode);
  AnalystRecord r = tools_.Record(spec_.id);
  EXPECT_EQ(r.checks, 2);
  EXPECT_EQ(r.passes, 1);
  EXPECT_TRUE(r.verified);
  ASSERT_TRUE(r.analysis.has_value());
  EXPECT_EQ(r.analysis->lessons[0].do_, testing::kHelpfulLine);
}

TEST_F(AnalystToolsTest, ASubmitWithoutAPassingCheckIsUnverified) {
  EXPECT_EQ(Call("check", {{"message", ""}}).content.rfind("FAIL: ", 0), 0u);
  LocalToolResult done = Call("submit", Analysis(testing::kHarmfulLine));
  EXPECT_EQ(done.content, "submitted (unverified: no check passed before it)");
  EXPECT_TRUE(done.ends_episode);
  AnalystRecord r = tools_.Record(spec_.id);
  EXPECT_FALSE(r.verified);
  EXPECT_TRUE(r.analysis.has_value());
  EXPECT_EQ(r.last_check.rfind("FAIL: ", 0), 0u);
}

TEST_F(AnalystToolsTest, ALessonQuotingTheGroundTruthIsRefusedAndRecorded) {
  dir_.Write("candidate/answer.txt", "11");
  EXPECT_EQ(Call("check", {{"message", ""}}).content, "PASS");
  LocalToolResult refused = Call("submit", Analysis("Write 11 to answer.txt."));
  EXPECT_TRUE(refused.is_error);
  EXPECT_FALSE(refused.ends_episode);
  EXPECT_EQ(refused.content,
            "submit refused: lesson 1 (do) quotes \"11\", a value of this task's ground truth. "
            "Lessons and edits must hold for other tasks: say what the agent should do, not this "
            "task's answer. Rephrase and submit again.");
  AnalystRecord r = tools_.Record(spec_.id);
  EXPECT_EQ(r.refusals, (std::vector<std::string>{"lesson 1 (do) quotes \"11\""}));
  EXPECT_FALSE(r.analysis.has_value());
  EXPECT_TRUE(Call("submit", Analysis(testing::kHelpfulLine)).ends_episode);
  EXPECT_TRUE(tools_.Record(spec_.id).verified);
}

TEST_F(AnalystToolsTest, MalformedArgumentsGetOneClearLine) {
  LocalToolResult bad = tools_.Run(spec_, {"c", "check", "[1]"});
  EXPECT_TRUE(bad.is_error);
  EXPECT_EQ(bad.content,
            "check arguments must be a JSON object {\"message\": \"...\"} (\"\" keeps the agent's "
            "final message)");
  LocalToolResult missing = Call("submit", Json{{"kind", "error"}});
  EXPECT_TRUE(missing.is_error);
  EXPECT_EQ(missing.content, "submit refused: $: missing required property \"causes\"")
      << missing.content;
  EXPECT_EQ(tools_.Record(spec_.id).checks, 0);
}

}  // namespace
}  // namespace t2s
