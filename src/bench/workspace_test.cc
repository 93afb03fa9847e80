#include "bench/workspace.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/file_io.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

class WorkspaceTest : public ::testing::Test {
 protected:
  WorkspaceTest() {
    dir_.Write("suite/suite.json", R"({"schema":"t2s.suite/1","name":"w"})");
    dir_.Write("suite/data/in.csv", "a,b\n");
    dir_.Write("suite/data/more/deep.txt", "deep");
    dir_.Write("suite/golden/out.xlsx", "golden bytes");
    dir_.Write("suite/checks/check.sh", "exit 0");
    dir_.Write(
        "suite/tasks.jsonl",
        R"({"id":"t","instruction":"x","files":["data",{"from":"data/in.csv","to":"in/renamed.csv"}],)"
        R"("check":{"kind":"xlsx","file":"o.xlsx","golden":"golden/out.xlsx","ranges":"A1"}})");
    Result<Suite> s = LoadSuite((dir_.path() / "suite").string());
    EXPECT_TRUE(s.ok()) << s.status().message();
    if (s.ok()) suite_ = *s;
  }
  fs::path ws() const { return dir_.path() / "ws" / "t"; }
  TempDir dir_;
  Suite suite_;
};

TEST_F(WorkspaceTest, CopiesTheTaskFilesAndNothingElse) {
  ASSERT_EQ(suite_.tasks.size(), 1u);
  ASSERT_TRUE(PrepareWorkspace(suite_, suite_.tasks[0], ws().string()).ok());
  EXPECT_EQ(*ReadFile(ws() / "data" / "in.csv"), "a,b\n");
  EXPECT_EQ(*ReadFile(ws() / "data" / "more" / "deep.txt"), "deep");
  EXPECT_EQ(*ReadFile(ws() / "in" / "renamed.csv"), "a,b\n");
  std::vector<std::string> all;
  for (const auto& e : fs::recursive_directory_iterator(ws())) {
    all.push_back(e.path().lexically_relative(ws()).generic_string());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<std::string>{"data", "data/in.csv", "data/more", "data/more/deep.txt",
                                           "in", "in/renamed.csv"}));
}

TEST_F(WorkspaceTest, CopiesAreWritableEvenFromAReadOnlySuite) {
  fs::path src = dir_.path() / "suite" / "data" / "in.csv";
  fs::permissions(src, fs::perms::owner_read);
  ASSERT_TRUE(PrepareWorkspace(suite_, suite_.tasks[0], ws().string()).ok());
  fs::perms p = fs::status(ws() / "in" / "renamed.csv").permissions();
  EXPECT_NE(p & fs::perms::owner_write, fs::perms::none);
  fs::permissions(src, fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(WorkspaceTest, RefusesANonEmptyFolderAndAcceptsAnEmptyOne) {
  fs::create_directories(ws());
  EXPECT_TRUE(PrepareWorkspace(suite_, suite_.tasks[0], ws().string()).ok());
  Status again = PrepareWorkspace(suite_, suite_.tasks[0], ws().string());
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.message(), "workspace " + ws().string() + ": not empty");
}

// A TaskSpec built by hand cannot smuggle golden material in either.
TEST_F(WorkspaceTest, NeverCopiesGoldenMaterial) {
  TaskSpec task = suite_.tasks[0];
  task.files = {{suite_.root + "/golden", "g"}};
  Status s = PrepareWorkspace(suite_, task, ws().string());
  EXPECT_EQ(s.message(), "task t: " + suite_.root +
                             "/golden: holds golden material, which never enters the workspace");
  EXPECT_FALSE(fs::exists(ws() / "g"));
  task.files = {{suite_.root, "all"}};
  EXPECT_FALSE(PrepareWorkspace(suite_, task, (dir_.path() / "ws2").string()).ok());
  task.check.golden.clear();
  task.files = {{suite_.root + "/tasks.jsonl", "t.jsonl"}};
  EXPECT_EQ(PrepareWorkspace(suite_, task, (dir_.path() / "ws3").string()).message(),
            "task t: " + suite_.root +
                "/tasks.jsonl: holds golden material, which never enters the workspace");
}

TEST_F(WorkspaceTest, MissingSourceAndEscapingDestination) {
  TaskSpec task = suite_.tasks[0];
  task.files = {{suite_.root + "/data/gone.csv", "gone.csv"}};
  EXPECT_EQ(PrepareWorkspace(suite_, task, ws().string()).message(),
            "task t: " + suite_.root + "/data/gone.csv: not found");
  task.files = {{suite_.root + "/data/in.csv", "../escape.csv"}};
  EXPECT_EQ(PrepareWorkspace(suite_, task, (dir_.path() / "ws4").string()).message(),
            "task t: \"../escape.csv\": a path must stay inside the workspace folder");
  EXPECT_FALSE(fs::exists(dir_.path() / "escape.csv"));
}

}  // namespace
}  // namespace t2s
