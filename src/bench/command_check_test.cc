#include "bench/command_check.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "base/file_io.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

class CommandCheckTest : public ::testing::Test {
 protected:
  CommandCheckTest() {
    suite_.root = (dir_.path() / "suite").string();
    dir_.Write("suite/checks/expected.txt", "42\n");
    dir_.Write("ws/answer.txt", "42\n");
  }
  std::string ws() const { return (dir_.path() / "ws").string(); }
  CheckVerdict Run(std::string run, int64_t timeout_ms = 10'000, std::string_view message = "") {
    CheckSpec check;
    check.kind = CheckSpec::Kind::kCommand;
    check.run = std::move(run);
    check.timeout_ms = timeout_ms;
    return RunCommandCheck(suite_, check, ws(), message);
  }
  TempDir dir_;
  Suite suite_;
};

TEST_F(CommandCheckTest, ExitZeroPassesWithItsOutputAsDetail) {
  CheckVerdict v = Run("cmp answer.txt \"$T2S_SUITE/checks/expected.txt\" && echo same");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kPass);
  EXPECT_EQ(v.detail, "same");
}

TEST_F(CommandCheckTest, NonZeroExitFails) {
  dir_.Write("ws/answer.txt", "41\n");
  CheckVerdict v =
      Run("diff answer.txt \"$T2S_SUITE/checks/expected.txt\" >/dev/null || { echo wrong answer "
          ">&2; exit 1; }");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kFail);
  EXPECT_EQ(v.detail, "wrong answer");
  CheckVerdict quiet = Run("exit 3");
  EXPECT_EQ(quiet.kind, CheckVerdict::Kind::kFail);
  EXPECT_EQ(quiet.detail, "exit status 3");
}

TEST_F(CommandCheckTest, Exit125IsAnError) {
  CheckVerdict v = Run("echo no python; exit 125");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kError);
  EXPECT_EQ(v.detail, "the check could not run (exit status 125)\nno python");
}

TEST_F(CommandCheckTest, RunsInACopyOfTheWorkspace) {
  CheckVerdict v = Run("test \"$PWD\" = \"$T2S_WORKSPACE\" && test \"$PWD\" != \"" + ws() +
                  "\" && echo changed > answer.txt && rm -f answer.txt && touch new.txt && pwd");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kPass) << v.detail;
  EXPECT_EQ(*ReadFile(fs::path(ws()) / "answer.txt"), "42\n");
  EXPECT_FALSE(fs::exists(fs::path(ws()) / "new.txt"));
  // The copy is gone afterwards, even with a read-only folder in it.
  CheckVerdict ro = Run("mkdir -p ro/x && chmod 500 ro && pwd");
  EXPECT_EQ(ro.kind, CheckVerdict::Kind::kPass);
  EXPECT_FALSE(fs::exists(ro.detail)) << ro.detail;
  EXPECT_FALSE(fs::exists(v.detail)) << v.detail;
}

TEST_F(CommandCheckTest, NeverReadsThroughALinkTheAgentMade) {
  dir_.Write("secret/golden.txt", "42\n");
  fs::remove(fs::path(ws()) / "answer.txt");
  fs::create_symlink(dir_.path() / "secret/golden.txt", fs::path(ws()) / "answer.txt");
  fs::create_directory_symlink(dir_.path() / "secret", fs::path(ws()) / "peek");
  CheckVerdict v = Run("cat answer.txt peek/golden.txt 2>/dev/null; ls; exit 1");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kFail);
  EXPECT_EQ(v.detail, "exit status 1\n(left out of the check, not regular files: answer.txt, peek)");
  dir_.Write("ws/sub/real.txt", "1\n");
  CheckVerdict sub = Run("cat sub/real.txt");
  EXPECT_EQ(sub.kind, CheckVerdict::Kind::kPass);
  EXPECT_EQ(sub.detail, "1\n(left out of the check, not regular files: answer.txt, peek)");
}

TEST_F(CommandCheckTest, SeesTheFinalMessage) {
  CheckVerdict v =
      Run("grep -q '^The answer is 42$' \"$T2S_FINAL_MESSAGE_FILE\"", 10'000, "The answer is 42");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kPass) << v.detail;
  CheckVerdict w = Run("grep -q '^The answer is 42$' \"$T2S_FINAL_MESSAGE_FILE\"", 10'000, "It is 41");
  EXPECT_EQ(w.kind, CheckVerdict::Kind::kFail);
}

TEST_F(CommandCheckTest, TimeoutKillsTheProcessGroupAndFails) {
  auto start = std::chrono::steady_clock::now();
  CheckVerdict v = Run("echo started; sleep 30 & sleep 30", 300);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kFail);
  EXPECT_EQ(v.detail, "timed out after 0.3 s\nstarted");
  EXPECT_LT(ms.count(), 5000);
}

TEST_F(CommandCheckTest, OutputIsCapped) {
  CheckVerdict v = Run("head -c 100000 /dev/zero | tr '\\0' x; exit 1");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kFail);
  EXPECT_LT(v.detail.size(), kCommandCheckOutputLimit + 200);
  EXPECT_NE(v.detail.find("bytes cut"), std::string::npos) << v.detail.substr(0, 100);
}

TEST_F(CommandCheckTest, MissingWorkspaceIsAnError) {
  fs::remove_all(ws());
  CheckVerdict v = Run("true");
  EXPECT_EQ(v.kind, CheckVerdict::Kind::kError);
  EXPECT_EQ(v.detail, "workspace " + ws() + ": not found");
}

}  // namespace
}  // namespace t2s
