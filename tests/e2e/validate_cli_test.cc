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

namespace t2s {
namespace {

// The specification recommends linking references; skills-ref accepts a
// reference named only in prose. `validate` warns; --strict (and a skill
// trace2skill writes) holds it as an error.
TEST(ValidateCliTest, AnUnlinkedReferenceIsAWarningAndAnErrorWithStrict) {
  testing::TempDir tmp;
  tmp.Write("prose-ref/SKILL.md",
            "---\nname: prose-ref\ndescription: A skill whose reference is named in prose.\n---\n"
            "# Demo\n\nFor the long checklist, see references/checklist.md.\n");
  tmp.Write("prose-ref/references/checklist.md", "# Checklist\n\n- One.\n");
  std::string dir = (tmp.path() / "prose-ref").string();
  testing::RunOutput r = testing::RunTrace2skill({"validate", dir});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out,
            "references/checklist.md: warning: not linked from SKILL.md; agents find reference "
            "files only through its links (unlinked-reference)\n" +
                dir + ": 0 errors, 1 warning\n");
  EXPECT_EQ(testing::RunTrace2skill({"validate", dir, "--strict"}).exit_code, 1);
}

// "." names the folder it resolves to, as skills-ref reads it.
TEST(ValidateCliTest, TheCurrentFolderIsNamedByWhatItResolvesTo) {
  testing::TempDir tmp;
  tmp.Write("dotdir/SKILL.md",
            "---\nname: dotdir\ndescription: A skill validated by a relative path.\n---\n# Body\n");
  std::string cmd = "cd " + (tmp.path() / "dotdir").string() + " && " T2S_BINARY " validate . > " +
                    (tmp.path() / "out.txt").string();
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace t2s
