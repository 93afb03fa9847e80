// End-to-end tests of `trace2skill apply`: outputs, exit codes, and that
// nothing is written when the command fails.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "testing/golden.h"
#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using testing::RunOutput;
using testing::RunTrace2skill;

constexpr const char* kSkill = "examples/skills/airline-support";
constexpr const char* kPatch = "examples/patches/payments.json";

TEST(ApplyCliTest, WritesTheSkillTheDiffAndASummary) {
  testing::TempDir tmp;
  std::string out = (tmp.path() / "airline-support").string();
  RunOutput r = RunTrace2skill({"apply", kSkill, kPatch, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(
      r.out,
      "applied 5 of 6 edits to examples/skills/airline-support -> " + out +
          "\n"
          "  failed e6 (insert_after SKILL.md): anchor found 8 times in SKILL.md (lines 3, 12, "
          "16, 18, 19, 29, 33, 53); it must match exactly once\n"
          "diff: " +
          out +
          ".diff (+21 -1 lines)\n"
          "validation: 0 errors, 0 warnings\n");
  testing::ExpectMatchesGolden(testing::TestDataDir() / "cli/payments.diff",
                               *ReadFile(out + ".diff"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "references/payments.md"));
  EXPECT_NE(
      fs::status(fs::path(out) / "scripts/fare_diff.py").permissions() & fs::perms::owner_exec,
      fs::perms::none);
}

TEST(ApplyCliTest, JsonResultGivesEveryEditItsFate) {
  testing::TempDir tmp;
  std::string out = (tmp.path() / "airline-support").string();
  RunOutput r = RunTrace2skill({"apply", kSkill, kPatch, "--out", out, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "t2s.apply/1");
  EXPECT_EQ(j["applied"], 5);
  EXPECT_EQ(j["failed"], 1);
  ASSERT_EQ(j["edits"].size(), 6u);
  EXPECT_EQ(j["edits"][0]["status"], "applied");
  EXPECT_EQ(j["edits"][0]["support"], 3);
  EXPECT_EQ(j["edits"][5]["status"], "failed");
  EXPECT_EQ(j["edits"][5]["id"], "e6");
  EXPECT_EQ(j["validation"]["ok"], true);
}

TEST(ApplyCliTest, StrictFailsAndWritesNothing) {
  testing::TempDir tmp;
  fs::path out = tmp.path() / "airline-support";
  RunOutput r = RunTrace2skill({"apply", kSkill, kPatch, "--out", out.string(), "--strict"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.err,
      "trace2skill apply: --strict: 1 failed edit and 0 validation errors; nothing written\n");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".diff"));
}

TEST(ApplyCliTest, UnknownOpIsAFailedEditAndFailsUnderStrict) {
  testing::TempDir tmp;
  fs::path patch =
      tmp.Write("p.json", R"({"edits":[{"id":"x","op":"rename_file","file":"SKILL.md"}]})");
  fs::path out = tmp.path() / "airline-support";
  RunOutput r =
      RunTrace2skill({"apply", kSkill, patch.string(), "--out", out.string(), "--strict"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.out,
      "would apply 0 of 1 edit to examples/skills/airline-support\n"
      "  failed x (rename_file SKILL.md): $.edits[0].op: unknown op \"rename_file\" (expected "
      "one of create_file, delete_file, add_section, delete_section, append_to_section, "
      "replace_text, insert_after, insert_before)\n"
      "validation: 0 errors, 0 warnings\n");
  EXPECT_EQ(
      r.err,
      "trace2skill apply: --strict: 1 failed edit and 0 validation errors; nothing written\n");
  EXPECT_FALSE(fs::exists(out));
}

TEST(ApplyCliTest, MalformedPatchJsonIsOneLineAndWritesNothing) {
  testing::TempDir tmp;
  fs::path patch = tmp.Write("bad.json", "{\"edits\": [\n  {\"op\": \"create_file\",}\n]}\n");
  fs::path out = tmp.path() / "out";
  RunOutput r = RunTrace2skill({"apply", kSkill, patch.string(), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill apply: " + patch.string() +
                       ":2:24: invalid JSON: unexpected '}'; expected string literal\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(out));
}

TEST(ApplyCliTest, PatchTypeErrorsNameTheJsonPath) {
  testing::TempDir tmp;
  fs::path patch = tmp.Write("bad.json", R"({"edits":[{"op":"create_file","file":["x"]}]})");
  RunOutput r =
      RunTrace2skill({"apply", kSkill, patch.string(), "--out", (tmp.path() / "o").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill apply: " + patch.string() +
                       ": $.edits[0].file: expected string, got array\n");
}

TEST(ApplyCliTest, MissingInputsAreFailures) {
  testing::TempDir tmp;
  std::string out = (tmp.path() / "o").string();
  RunOutput r = RunTrace2skill({"apply", "no/such/skill", kPatch, "--out", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill apply: no/such/skill: no such folder\n");
  r = RunTrace2skill({"apply", kSkill, "no/such.json", "--out", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill apply: no/such.json: no such file\n");
  r = RunTrace2skill({"apply", kSkill, "examples", "--out", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill apply: examples: is a folder, expected a file\n");
  EXPECT_FALSE(fs::exists(out));
}

TEST(ApplyCliTest, RefusesANonEmptyOutputUnlessForced) {
  testing::TempDir tmp;
  tmp.Write("o/keep.txt", "mine");
  std::string out = (tmp.path() / "o").string();
  RunOutput r = RunTrace2skill({"apply", kSkill, kPatch, "--out", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "trace2skill apply: " + out + ": folder is not empty (use --force to replace it)\n");
  EXPECT_TRUE(fs::exists(tmp.path() / "o/keep.txt"));
  r = RunTrace2skill({"apply", kSkill, kPatch, "--out", out, "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(tmp.path() / "o/keep.txt"));
}

TEST(ApplyCliTest, NeverWritesIntoTheInput) {
  RunOutput r = RunTrace2skill({"apply", kSkill, kPatch, "--out", std::string(kSkill) + "/out"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill apply: --out examples/skills/airline-support/out is the input skill "
            "folder or inside it; the input is never modified\nRun 'trace2skill apply --help' for the options of apply.\n");
}

TEST(ApplyCliTest, MissingArgumentsAreUsageErrors) {
  RunOutput r = RunTrace2skill({"apply", kSkill});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.substr(0, 13), "trace2skill: ");
}

}  // namespace
}  // namespace t2s
