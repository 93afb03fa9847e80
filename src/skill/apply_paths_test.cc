// Edit paths are checked whole: a path a model or a crafted patch names can
// only write the file it names, inside the skill, and one edit that cannot
// be written fails alone.
#include <gtest/gtest.h>

#include "skill/apply.h"
#include "skill/skill_paths.h"

namespace t2s {
namespace {

Skill MakeSkill() {
  Skill s;
  s.folder_name = "demo";
  s.files["SKILL.md"] =
      "---\nname: demo\ndescription: Demo.\n---\n\n# Demo\n\n## A\n\nalpha\n\nSee "
      "[notes](references/notes.md).\n";
  s.files["references/notes.md"] = "# Notes\n";
  s.files["scripts/run.sh"] = "echo run\n";
  return s;
}

Edit Create(std::string file, std::string content, bool replace = false) {
  Edit e;
  e.id = "e1";
  e.op = EditOp::kCreateFile;
  e.op_name = "create_file";
  e.file = std::move(file);
  e.content = std::move(content);
  e.replace = replace;
  return e;
}

std::string ReasonOf(const Edit& e, const ApplyOptions& options = {}) {
  Patch p;
  p.edits = {e};
  ApplyResult r = ApplyPatch(MakeSkill(), p, options);
  return r.outcomes.at(0).applied ? "applied" : r.outcomes[0].reason;
}

TEST(ApplyPathsTest, ANulByteCannotReachAProtectedScript) {
  Edit e = Create(std::string("scripts/run.sh\0.txt", 19), "rm -rf /\n", true);
  ApplyOptions options;
  options.protected_paths = {"scripts/run.sh"};
  Patch p;
  p.edits = {e};
  ApplyResult r = ApplyPatch(MakeSkill(), p, options);
  EXPECT_FALSE(r.outcomes[0].applied);
  EXPECT_EQ(r.outcomes[0].reason,
            "path \"scripts/run.sh\\u0000.txt\" contains a control character (\\u0000)");
  EXPECT_EQ(*r.skill.Find("scripts/run.sh"), "echo run\n");
  EXPECT_EQ(r.skill.files.size(), 3u);
}

TEST(ApplyPathsTest, ControlCharactersAndOverlongNamesFailAlone) {
  EXPECT_EQ(ReasonOf(Create("references/a\nb.md", "x")),
            "path \"references/a\\u000ab.md\" contains a control character (\\u000a)");
  std::string long_name = "references/" + std::string(256, 'a') + ".md";
  EXPECT_EQ(ReasonOf(Create(long_name, "x")),
            "path \"" + long_name + "\" has a part longer than 255 bytes");
  std::string deep = "references/" + std::string(1100, 'b');
  EXPECT_EQ(ReasonOf(Create(deep, "x")),
            "path \"references/bbbbbbbbbbbbbbbbbbbbbbbbbbbbb...\" is longer than 1024 bytes");
  // The other edits of the patch still apply.
  Patch p;
  Edit bad = Create(long_name, "x");
  Edit good = Create("scripts/check.sh", "echo ok\n");
  good.id = "e2";
  p.edits = {bad, good};
  ApplyResult r = ApplyPatch(MakeSkill(), p);
  EXPECT_FALSE(r.outcomes[0].applied);
  EXPECT_TRUE(r.outcomes[1].applied);
}

TEST(ApplyPathsTest, NoPathThroughAFileOrOntoAFolderOrDifferingOnlyInCase) {
  EXPECT_EQ(ReasonOf(Create("references/notes.md/more.md", "x")),
            "path \"references/notes.md/more.md\" goes through the file references/notes.md");
  EXPECT_EQ(ReasonOf(Create("scripts/RUN.sh", "x")),
            "path \"scripts/RUN.sh\" differs only in case from scripts/run.sh (they clash on "
            "case-insensitive file systems)");
  EXPECT_EQ(CheckPathAgainstFiles("references/sub", {"references/sub/a.md"}).message(),
            "path \"references/sub\" is a folder of the skill (it holds references/sub/a.md)");
}

TEST(ApplyPathsTest, ReplacingSkillMdKeepsItsIdentity) {
  Edit renamed = Create("SKILL.md", "---\nname: other\ndescription: Demo.\n---\n\n# Other\n", true);
  EXPECT_EQ(ReasonOf(renamed),
            "changes the frontmatter \"name\" (allowed only with --allow-identity-edits)");
  Edit stub = Create("SKILL.md", "# No frontmatter\n", true);
  EXPECT_EQ(ReasonOf(stub),
            "changes the frontmatter \"name\" (allowed only with --allow-identity-edits)");
  Edit kept = Create("SKILL.md",
                     "---\nname: demo\ndescription: Demo.\n---\n\n# Demo\n\nSee "
                     "[notes](references/notes.md).\n",
                     true);
  EXPECT_EQ(ReasonOf(kept), "applied");
  ApplyOptions allow;
  allow.allow_identity_edits = true;
  EXPECT_EQ(ReasonOf(renamed, allow), "applied");
}

TEST(ApplyPathsTest, EditsOfOnePatchCannotCreateClashingFiles) {
  Edit a = Create("references/a.md", "# A\n");
  Edit through = Create("references/a.md/b.md", "# B\n");
  through.id = "e2";
  Edit upper = Create("references/A.md", "# A again\n");
  upper.id = "e3";
  Edit link = {};
  link.id = "e4";
  link.op = EditOp::kAppendToSection;
  link.op_name = "append_to_section";
  link.file = "SKILL.md";
  link.section = "## A";
  link.content = "See [a](references/a.md).";
  Patch p;
  p.edits = {a, through, upper, link};
  ApplyResult r = ApplyPatch(MakeSkill(), p);
  EXPECT_TRUE(r.outcomes[0].applied) << r.outcomes[0].reason;
  EXPECT_EQ(r.outcomes[1].reason,
            "path \"references/a.md/b.md\" goes through the file references/a.md");
  EXPECT_EQ(r.outcomes[2].reason,
            "path \"references/A.md\" differs only in case from references/a.md (they clash on "
            "case-insensitive file systems)");
  EXPECT_TRUE(r.outcomes[3].applied) << r.outcomes[3].reason;
}

}  // namespace
}  // namespace t2s
