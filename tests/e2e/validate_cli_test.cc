// End-to-end tests of `trace2skill validate`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
using testing::RunOutput;
using testing::RunTrace2skill;

TEST(ValidateCliTest, TheExampleSkillIsValid) {
  RunOutput r = RunTrace2skill({"validate", "examples/skills/airline-support"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "examples/skills/airline-support: 0 errors, 0 warnings\n");
}

TEST(ValidateCliTest, ErrorsPrintOneLineEachAndExitOne) {
  testing::TempDir tmp;
  tmp.Write("bad/SKILL.md", "---\nname: bad\ndescription: d: e: f\n---\n");
  std::string dir = (tmp.path() / "bad").string();
  RunOutput r = RunTrace2skill({"validate", dir});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "SKILL.md:3: error: invalid YAML frontmatter: illegal map value (frontmatter-yaml)\n" +
                dir + ": 1 error, 0 warnings\n");
}

TEST(ValidateCliTest, JsonOutput) {
  testing::TempDir tmp;
  tmp.Write("demo/SKILL.md", "---\nname: demo\ndescription: d\n---\n\n## New Section\n\nx\n");
  RunOutput r = RunTrace2skill({"validate", (tmp.path() / "demo").string(), "--json"});
  EXPECT_EQ(r.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "t2s.validation/1");
  EXPECT_EQ(j["ok"], false);
  ASSERT_EQ(j["findings"].size(), 1u);
  EXPECT_EQ(j["findings"][0]["rule"], "placeholder-heading");
  EXPECT_EQ(j["findings"][0]["line"], 6);
}

TEST(ValidateCliTest, MissingFolderIsAFailure) {
  RunOutput r = RunTrace2skill({"validate", "no/such/skill"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill validate: no/such/skill: no such folder\n");
  EXPECT_EQ(r.out, "");
}

TEST(ValidateCliTest, BudgetsAreConfigurableWarningsAndErrorsWithStrict) {
  RunOutput r =
      RunTrace2skill({"validate", "examples/skills/airline-support", "--max-skill-lines", "20"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "SKILL.md: warning: 53 lines, over the budget of 20 (skill-lines)\n"
            "examples/skills/airline-support: 0 errors, 1 warning\n");
  r = RunTrace2skill(
      {"validate", "examples/skills/airline-support", "--max-skill-lines", "20", "--strict"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "SKILL.md: error: 53 lines, over the budget of 20 (skill-lines)\n"
            "examples/skills/airline-support: 1 error, 0 warnings\n");
}

}  // namespace
}  // namespace t2s
