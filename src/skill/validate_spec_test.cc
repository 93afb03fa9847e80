// Validation verdicts agree with the Agent Skills specification and its
// reference validator (skills-ref) on skills shaped like public ones: errors
// only where skills-ref reports the skill invalid; size budgets, which the
// specification only recommends, are warnings for `validate` and errors for
// what trace2skill writes itself (the default options).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "skill/skill.h"
#include "skill/validate.h"
#include "testing/golden.h"

namespace t2s {
namespace {

// How `trace2skill validate` (without --strict) validates.
ValidateOptions Lenient() {
  ValidateOptions options;
  options.advisory_severity = Severity::kWarning;
  return options;
}

std::vector<std::string> Lines(const Skill& skill, const ValidateOptions& options) {
  std::vector<std::string> out;
  for (const Finding& f : ValidateSkill(skill, options)) out.push_back(FormatFinding(f));
  return out;
}

Skill Fixture(const std::string& name) {
  Result<Skill> skill = LoadSkill(testing::TestDataDir() / "validate" / name);
  EXPECT_TRUE(skill.ok()) << skill.status().message();
  return skill.ok() ? *skill : Skill{};
}

// A SKILL.md of `lines` lines, linking references/guide.md.
std::string SkillMd(const std::string& name, size_t lines) {
  std::string text = "---\nname: " + name + "\ndescription: A long demo skill.\n---\n\n# Demo\n\n";
  text += "See [the guide](references/guide.md).\n";
  for (size_t n = 9; n <= lines; ++n) text += fmt::format("- step {} of the procedure\n", n);
  return text;
}

std::string Numbered(size_t lines) {
  std::string text = "# Guide\n";
  for (size_t n = 2; n <= lines; ++n) text += fmt::format("Line {} of the guide.\n", n);
  return text;
}

using Expected = std::vector<std::string>;

TEST(ValidateSpecTest, AFenceOpenedInAListItemIsClosedByItsIndentedFence) {
  EXPECT_EQ(Lines(Fixture("list-item-fence"), Lenient()), Expected{});
  EXPECT_EQ(Lines(Fixture("list-item-fence"), {}), Expected{});
}

TEST(ValidateSpecTest, ADescriptionOver1024CharactersIsInvalid) {
  EXPECT_EQ(Lines(Fixture("long-description"), Lenient()),
            Expected{"SKILL.md:3: error: description has 1068 characters; 1 to 1024 are allowed "
                     "(description-length)"});
}

TEST(ValidateSpecTest, AFolderNamedOtherThanTheSkillIsInvalid) {
  EXPECT_EQ(Lines(Fixture("folder-mismatch"), Lenient()),
            Expected{"SKILL.md:2: error: name \"meeting-notes\" must equal the skill's folder name "
                     "\"folder-mismatch\" (name-folder)"});
}

TEST(ValidateSpecTest, A590LineSkillMdIsAWarningForValidateAndAnErrorByDefault) {
  Skill skill;
  skill.folder_name = "long-skill";
  skill.files["SKILL.md"] = SkillMd("long-skill", 590);
  skill.files["references/guide.md"] = Numbered(20);
  EXPECT_EQ(Lines(skill, Lenient()),
            Expected{"SKILL.md: warning: 590 lines, over the budget of 500 (skill-lines)"});
  EXPECT_EQ(Lines(skill, {}),
            Expected{"SKILL.md: error: 590 lines, over the budget of 500 (skill-lines)"});
}

TEST(ValidateSpecTest, A430LineReferenceIsAWarningForValidateAndAnErrorByDefault) {
  Skill skill;
  skill.folder_name = "long-reference";
  skill.files["SKILL.md"] = SkillMd("long-reference", 40);
  skill.files["references/guide.md"] = Numbered(430);
  EXPECT_EQ(Lines(skill, Lenient()),
            Expected{"references/guide.md: warning: 430 lines, over the budget of 300 "
                     "(reference-lines)"});
  EXPECT_EQ(Lines(skill, {}),
            Expected{"references/guide.md: error: 430 lines, over the budget of 300 "
                     "(reference-lines)"});
}

TEST(ValidateSpecTest, AllowedToolsMayBeAStringOrAListOfStrings) {
  auto with_tools = [](const std::string& yaml) {
    Skill skill;
    skill.folder_name = "demo";
    skill.files["SKILL.md"] = "---\nname: demo\ndescription: d\n" + yaml + "---\n\n# Demo\n";
    return Lines(skill, Lenient());
  };
  EXPECT_EQ(with_tools("allowed-tools: Bash(git:*) Read\n"), Expected{});
  EXPECT_EQ(with_tools("allowed-tools:\n  - Bash(git:*)\n  - Read\n"), Expected{});
  EXPECT_EQ(with_tools("allowed-tools:\n  - Read\n  - [a, b]\n"),
            Expected{"SKILL.md:6: error: \"allowed-tools\" items must be strings, got a list "
                     "(frontmatter-type)"});
  EXPECT_EQ(with_tools("allowed-tools:\n  read: yes\n"),
            Expected{"SKILL.md:4: error: \"allowed-tools\" must be a string or a list of strings, "
                     "got a mapping (frontmatter-type)"});
}

}  // namespace
}  // namespace t2s
