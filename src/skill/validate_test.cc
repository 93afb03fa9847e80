// Every validation rule, with its exact message.
#include "skill/validate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace t2s {
namespace {

constexpr const char* kFrontMatter =
    "---\nname: demo\ndescription: A demo skill.\n---\n\n# Demo\n\nText.\n";

Skill MakeSkill(std::string skill_md, std::vector<std::pair<std::string, std::string>> more = {}) {
  Skill s;
  s.folder_name = "demo";
  s.files["SKILL.md"] = std::move(skill_md);
  for (auto& [path, text] : more) s.files[path] = std::move(text);
  return s;
}

std::vector<std::string> Lines(const Skill& skill, const ValidateOptions& options = {}) {
  std::vector<std::string> out;
  for (const Finding& f : ValidateSkill(skill, options)) out.push_back(FormatFinding(f));
  return out;
}

using Expected = std::vector<std::string>;

TEST(ValidateTest, ACleanSkillHasNoFindings) {
  EXPECT_EQ(Lines(MakeSkill(kFrontMatter)), Expected{});
}

TEST(ValidateTest, AbsurdlyLongLinesAreErrors) {
  std::string huge(10 << 20, 'x');
  EXPECT_EQ(Lines(MakeSkill(std::string(kFrontMatter) + huge + "\n\n" + huge + "\n")),
            Expected{"SKILL.md:9: error: line of 10485760 bytes; at most 8192 are allowed (split "
                     "it, or move it to a references/ file as real lines) (line-length)"});
  EXPECT_EQ(Lines(MakeSkill(std::string(kFrontMatter) + std::string(8192, 'y') + "\n")),
            Expected{});
}

TEST(ValidateTest, MissingAndUnclosedFrontMatter) {
  EXPECT_EQ(Lines(MakeSkill("# Demo\n")),
            Expected{"SKILL.md:1: error: missing YAML frontmatter (the file must start with a "
                     "\"---\" line) (frontmatter-missing)"});
  EXPECT_EQ(Lines(MakeSkill("---\nname: demo\n")),
            Expected{"SKILL.md:1: error: frontmatter is not closed (expected a \"---\" line after "
                     "it) (frontmatter-unclosed)"});
}

TEST(ValidateTest, MalformedYamlNamesItsLine) {
  EXPECT_EQ(Lines(MakeSkill("---\nname: demo\ndescription: [unclosed\n---\n")),
            Expected{"SKILL.md:4: error: invalid YAML frontmatter: end of sequence flow not found "
                     "(frontmatter-yaml)"});
  EXPECT_EQ(Lines(MakeSkill("---\n- a\n- b\n---\n")),
            Expected{"SKILL.md:2: error: frontmatter must be a mapping of keys, got a sequence "
                     "(frontmatter-yaml)"});
}

TEST(ValidateTest, OnlyTheSixKeysAreAllowed) {
  EXPECT_EQ(Lines(MakeSkill("---\nname: demo\ndescription: d\nversion: 2\n---\n")),
            Expected{"SKILL.md:4: error: unknown frontmatter key \"version\" (allowed: name, "
                     "description, license, allowed-tools, metadata, compatibility) "
                     "(frontmatter-key)"});
}

TEST(ValidateTest, NameAndDescriptionAreRequired) {
  EXPECT_EQ(Lines(MakeSkill("---\nlicense: MIT\n---\n")),
            (Expected{"SKILL.md:2: error: missing required key \"name\" (name-required)",
                      "SKILL.md:2: error: missing required key \"description\" "
                      "(description-required)"}));
}

TEST(ValidateTest, NameRules) {
  auto with_name = [](const std::string& name) {
    return MakeSkill("---\nname: " + name + "\ndescription: d\n---\n");
  };
  EXPECT_EQ(Lines(with_name("Demo_1")),
            (Expected{"SKILL.md:2: error: name \"Demo_1\" may hold only lowercase letters a-z, "
                      "digits and '-' (name-charset)",
                      "SKILL.md:2: error: name \"Demo_1\" must equal the skill's folder name "
                      "\"demo\" (name-folder)"}));
  EXPECT_EQ(
      Lines(with_name("-demo"), {.expected_name = "-demo"}),
      Expected{"SKILL.md:2: error: name \"-demo\" must not start or end with '-' (name-hyphens)"});
  EXPECT_EQ(Lines(with_name("de--mo"), {.expected_name = "de--mo"}),
            Expected{"SKILL.md:2: error: name \"de--mo\" must not contain \"--\" (name-hyphens)"});
  std::string long_name(65, 'a');
  EXPECT_EQ(Lines(with_name(long_name), {.expected_name = long_name}),
            Expected{"SKILL.md:2: error: name \"" + long_name +
                     "\" has 65 characters; 1 to 64 are allowed (name-length)"});
  EXPECT_EQ(
      Lines(MakeSkill("---\nname: [a]\ndescription: d\n---\n")),
      Expected{"SKILL.md:2: error: \"name\" must be a string, got a list (frontmatter-type)"});
}

TEST(ValidateTest, DescriptionRules) {
  std::string long_desc(1025, 'x');
  EXPECT_EQ(Lines(MakeSkill("---\nname: demo\ndescription: " + long_desc + "\n---\n")),
            Expected{"SKILL.md:3: error: description has 1025 characters; 1 to 1024 are allowed "
                     "(description-length)"});
  EXPECT_EQ(Lines(MakeSkill("---\nname: demo\ndescription: use <b>this</b>\n---\n")),
            Expected{"SKILL.md:3: error: description must not contain '<' or '>' "
                     "(description-angle-brackets)"});
  EXPECT_EQ(Lines(MakeSkill("---\nname: demo\ndescription: \"\"\n---\n")),
            Expected{"SKILL.md:3: error: description has 0 characters; 1 to 1024 are allowed "
                     "(description-length)"});
}

TEST(ValidateTest, CompatibilityAndMetadataRules) {
  std::string compat(501, 'c');
  EXPECT_EQ(
      Lines(MakeSkill("---\nname: demo\ndescription: d\ncompatibility: " + compat + "\n---\n")),
      Expected{"SKILL.md:4: error: compatibility has 501 characters; at most 500 are allowed "
               "(compatibility-length)"});
  EXPECT_EQ(Lines(MakeSkill(
                "---\nname: demo\ndescription: d\nmetadata:\n  author: me\n  tags: [a, b]\n---\n")),
            Expected{"SKILL.md:6: error: metadata \"tags\" must be a string, got a list "
                     "(metadata-type)"});
  EXPECT_EQ(Lines(MakeSkill("---\nname: demo\ndescription: d\nmetadata: flat\n---\n")),
            Expected{"SKILL.md:4: error: \"metadata\" must map strings to strings, got a string "
                     "(metadata-type)"});
}

TEST(ValidateTest, LineBudgets) {
  std::string body;
  for (int i = 0; i < 10; ++i) body += "line\n";
  Skill skill = MakeSkill(std::string(kFrontMatter) + body + "[r](references/r.md)\n",
                          {{"references/r.md", body}});
  ValidateOptions options;
  options.max_skill_lines = 12;
  options.max_reference_lines = 5;
  EXPECT_EQ(Lines(skill, options),
            (Expected{"SKILL.md: error: 19 lines, over the budget of 12 (skill-lines)",
                      "references/r.md: error: 10 lines, over the budget of 5 (reference-lines)"}));
}

TEST(ValidateTest, LinksMustResolveAndStayInside) {
  Skill skill =
      MakeSkill(std::string(kFrontMatter) +
                    "See [a](references/a.md), [gone](references/gone.md#part),\n"
                    "[out](../other/SKILL.md), [web](https://example.com) and [top](#demo).\n",
                {{"references/a.md", "# A\n\nBack to [b](b.md) and [bad](missing.md).\n"},
                 {"references/b.md", "# B\n"}});
  EXPECT_EQ(Lines(skill),
            (Expected{"SKILL.md:9: error: link to \"references/gone.md#part\" does not resolve: "
                      "no references/gone.md in the skill (broken-link)",
                      "SKILL.md:10: error: link to \"../other/SKILL.md\" points outside the skill "
                      "folder (link-escapes)",
                      "references/a.md:3: error: link to \"missing.md\" does not resolve: no "
                      "references/missing.md in the skill (broken-link)",
                      "references/b.md: error: not linked from SKILL.md; agents find reference "
                      "files only through its links (unlinked-reference)"}));
}

TEST(ValidateTest, MentionsInCodeAreCheckedAsWarnings) {
  Skill skill = MakeSkill(std::string(kFrontMatter) +
                              "Run `python scripts/run.py` then read `references/notes.md`.\n\n"
                              "```bash\npython scripts/missing.py --fast\n```\n",
                          {{"scripts/run.py", "print(1)\n"}, {"references/notes.md", "# N\n"}});
  EXPECT_EQ(Lines(skill),
            (Expected{"SKILL.md:11: warning: code mentions scripts/missing.py, which is not in the "
                      "skill (missing-mention)",
                      "references/notes.md: warning: mentioned in SKILL.md only inside code; link "
                      "it so agents can open it (unlinked-reference)"}));
}

TEST(ValidateTest, MarkdownDefects) {
  Skill skill = MakeSkill(std::string(kFrontMatter) +
                          "Use this approach.## Common errors\n"
                          "##Heading without space\n"
                          "`code.## stays code`\n\n"
                          "## New Section\n\nx\n\n## [Title]\n\ny\n\n"
                          "```python\n# a comment, not a heading\n~~~\n");
  EXPECT_EQ(
      Lines(skill),
      (Expected{"SKILL.md:9: error: heading marker glued to the text before it; start the "
                "heading on its own line (glued-heading)",
                "SKILL.md:10: error: '#' marker without a space after it; Markdown shows "
                "this line as text, not a heading (heading-space)",
                "SKILL.md:13: error: placeholder heading \"## New Section\" "
                "(placeholder-heading)",
                "SKILL.md:17: error: placeholder heading \"## [Title]\" (placeholder-heading)",
                "SKILL.md:21: error: code fence ``` opened here is never closed "
                "(unclosed-fence)"}));
}

TEST(ValidateTest, DuplicateHeadingsUnderOneParentAreWarnings) {
  Skill skill = MakeSkill(std::string(kFrontMatter) +
                          "\n## Booking\n\na\n\n### Notes\n\nb\n\n"  // lines 10-16
                          "## Booking\n\nc\n\n### Notes\n\nd\n\n"    // 18-24: a new parent
                          "## Refunds\n\n### Notes\n\ne\n\n"         // 26-30
                          "```\n## Refunds\n```\n\n"                 // 32-34: code
                          "# Demo\n\nf\n");                          // 36
  EXPECT_EQ(Lines(skill),
            (Expected{"SKILL.md:18: warning: duplicate heading \"## Booking\" under \"# Demo\" "
                      "(first at line 10); an edit naming it cannot tell the two apart "
                      "(duplicate-heading)",
                      "SKILL.md:36: warning: duplicate heading \"# Demo\" (first at line 6); an "
                      "edit naming it cannot tell the two apart (duplicate-heading)"}));
}

TEST(ValidateTest, FencesAreReadAsCommonMarkReadsThem) {
  // Closed by an indented fence inside the list item: no finding.
  EXPECT_EQ(Lines(MakeSkill(std::string(kFrontMatter) + "1. a\n2. ```sh\n   x\n   ```\n3. b\n")),
            Expected{});
  // An item's fence that its item ends before closing is unclosed; a shorter
  // fence does not close a longer one.
  EXPECT_EQ(Lines(MakeSkill(std::string(kFrontMatter) +
                            "- ```\n  code\n- next\n\n````\n```\nstill code\n")),
            (Expected{"SKILL.md:9: error: code fence ``` opened here is never closed "
                      "(unclosed-fence)",
                      "SKILL.md:13: error: code fence ```` opened here is never closed "
                      "(unclosed-fence)"}));
}

TEST(ValidateTest, SizeRulesTakeTheirSeverityFromTheOptions) {
  Skill skill = MakeSkill(std::string(kFrontMatter) + std::string(9000, 'y') + "\n");
  ValidateOptions options;
  options.max_skill_lines = 5;
  options.advisory_severity = Severity::kWarning;
  EXPECT_EQ(Lines(skill, options),
            (Expected{"SKILL.md: warning: 9 lines, over the budget of 5 (skill-lines)",
                      "SKILL.md:9: warning: line of 9000 bytes; at most 8192 are allowed (split "
                      "it, or move it to a references/ file as real lines) (line-length)"}));
}

TEST(ValidateTest, SymlinksAndInvalidUtf8) {
  Skill skill = MakeSkill(std::string(kFrontMatter) + "Bad byte \xFF here.\n");
  skill.symlinks.push_back("references/escape.md");
  EXPECT_EQ(Lines(skill),
            (Expected{"SKILL.md:9: error: invalid UTF-8 at byte 70 (utf8)",
                      "references/escape.md: error: symbolic link; a skill must hold real files "
                      "(a link can point outside the folder) (symlink)"}));
}

TEST(ValidateTest, AFolderWithoutSkillMd) {
  Skill skill;
  skill.folder_name = "demo";
  EXPECT_EQ(Lines(skill), Expected{"SKILL.md: error: missing SKILL.md (skill-file)"});
}

TEST(ValidateTest, CountErrorsIgnoresWarnings) {
  std::vector<Finding> findings = {{"a", 1, Severity::kError, "r", "m"},
                                   {"a", 2, Severity::kWarning, "r", "m"}};
  EXPECT_EQ(CountErrors(findings), 1u);
}

}  // namespace
}  // namespace t2s
