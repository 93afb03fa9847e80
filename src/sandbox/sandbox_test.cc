#include "sandbox/sandbox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sandbox/job_limiter.h"
#include "sandbox/tool_runner.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

bool Has(const std::vector<std::string>& argv, const std::vector<std::string>& run) {
  return std::search(argv.begin(), argv.end(), run.begin(), run.end()) != argv.end();
}

TEST(SandboxTest, ParsesTheMode) {
  EXPECT_EQ(*ParseSandboxMode("bwrap"), SandboxMode::kBwrap);
  EXPECT_EQ(*ParseSandboxMode("none"), SandboxMode::kNone);
  EXPECT_EQ(ParseSandboxMode("docker").status().message(),
            "sandbox: unknown mode \"docker\" (expected bwrap or none)");
}

TEST(SandboxTest, BwrapCommandLineIsolatesTheCommand) {
  testing::TempDir dir;
  dir.Write("ws/a.txt", "a");
  dir.Write("skill/SKILL.md", "# s");
  ToolCommand command;
  command.command = "ls -l";
  command.workspace = (dir.path() / "ws").string();
  command.skill_dir = (dir.path() / "skill").string();
  command.env = {{"FOO", "bar"}};
  Result<LaunchSpec> spec = SandboxLaunch(SandboxOptions{}, command);
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  const std::vector<std::string>& a = spec->argv;
  EXPECT_TRUE(spec->bwrap);
  EXPECT_EQ(a.front(), "bwrap");
  for (const char* flag :
       {"--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session", "--clearenv"}) {
    EXPECT_TRUE(Has(a, {flag})) << flag;
  }
  EXPECT_TRUE(Has(a, {"--cap-drop", "ALL"}));
  EXPECT_TRUE(Has(a, {"--ro-bind", "/usr", "/usr"}));
  EXPECT_TRUE(Has(a, {"--tmpfs", "/tmp"}));
  EXPECT_TRUE(Has(a, {"--bind", command.workspace, "/workspace"}));
  EXPECT_TRUE(Has(a, {"--ro-bind", command.skill_dir, "/skill"}));
  EXPECT_TRUE(Has(a, {"--chdir", "/workspace"}));
  EXPECT_TRUE(Has(a, {"--setenv", "FOO", "bar"}));
  EXPECT_TRUE(Has(a, {"--info-fd", "3", "bash", "-c", "ls -l"}));
  EXPECT_EQ(a.back(), "ls -l");
  // Nothing of the host is bound but the system, the workspace and the skill.
  EXPECT_FALSE(Has(a, {"--bind", "/", "/"}));
  EXPECT_FALSE(Has(a, {"--ro-bind", "/", "/"}));
}

TEST(SandboxTest, NoneModeRunsBashInTheWorkspace) {
  testing::TempDir dir;
  ToolCommand command;
  command.command = "pwd";
  command.workspace = dir.path().string();
  command.env = {{"FOO", "bar"}};
  SandboxOptions options;
  options.mode = SandboxMode::kNone;
  Result<LaunchSpec> spec = SandboxLaunch(options, command);
  ASSERT_TRUE(spec.ok());
  EXPECT_FALSE(spec->bwrap);
  EXPECT_EQ(spec->argv, (std::vector<std::string>{"bash", "-c", "pwd"}));
  EXPECT_EQ(spec->cwd, dir.path().string());
  EXPECT_NE(std::find(spec->env.begin(), spec->env.end(), "FOO=bar"), spec->env.end());
}

TEST(SandboxTest, MissingWorkspaceIsAnError) {
  ToolCommand command;
  command.command = "true";
  command.workspace = "/nonexistent/ws";
  EXPECT_EQ(SandboxLaunch(SandboxOptions{}, command).status().message(),
            "sandbox: workspace /nonexistent/ws: not a folder");
  testing::TempDir dir;
  command.workspace = dir.path().string();
  command.skill_dir = "/nonexistent/skill";
  EXPECT_EQ(SandboxLaunch(SandboxOptions{}, command).status().message(),
            "sandbox: skill folder /nonexistent/skill: not a folder");
}

TEST(SandboxTest, MissingBwrapFailsWithOneClearLine) {
  testing::TempDir dir;
  SandboxOptions options;
  options.bwrap_path = (dir.path() / "no-bwrap").string();
  std::string expected = "sandbox: bwrap not found at " + options.bwrap_path +
                         " (install the Debian package bubblewrap, or run with --sandbox none to "
                         "run tools without isolation)";
  EXPECT_EQ(ProbeSandbox(options).message(), expected);
  EXPECT_EQ(ProbeSandbox(options).message(), expected);  // cached
  JobLimiter limiter(1);
  Result<std::unique_ptr<ToolRunner>> runner = ToolRunner::Create(options, &limiter);
  ASSERT_FALSE(runner.ok());
  EXPECT_EQ(runner.status().message(), expected);
  EXPECT_EQ(expected.find('\n'), std::string::npos);
}

TEST(SandboxTest, BwrapThatCannotCreateNamespacesFailsWithOneLine) {
  // A stand-in "bwrap" that fails as bwrap does without user namespaces.
  testing::TempDir dir;
  std::filesystem::path fake = dir.Write(
      "bwrap", "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  SandboxOptions options;
  options.bwrap_path = fake.string();
  EXPECT_EQ(ProbeSandbox(options).message(),
            "sandbox: bwrap cannot create its namespaces here (bwrap: No permissions to create "
            "new namespace); run with --sandbox none to run tools without isolation");
}

TEST(SandboxTest, NoneModeNeedsNoProbe) {
  SandboxOptions options;
  options.mode = SandboxMode::kNone;
  options.bwrap_path = "/nonexistent/bwrap";
  EXPECT_TRUE(ProbeSandbox(options).ok());
}

}  // namespace
}  // namespace t2s
