// examples/suite-demo loads, every task's reference answer passes, and an
// agent that does nothing fails every task: the demo suite can tell a
// working agent from a broken one.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "bench/check_task.h"
#include "bench/suite.h"
#include "bench/workspace.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const std::string kDemo = std::string(T2S_SOURCE_DIR) + "/examples/suite-demo";

struct Reference {
  std::string final_message;
  std::map<std::string, std::string> files;  // written into the workspace
};

const std::map<std::string, Reference>& References() {
  static const auto* refs = new std::map<std::string, Reference>{
      {"capital", {"Canberra", {}}},
      {"sales-total", {"The amounts add up to 3,711.50", {}}},
      {"error-count", {"Done.", {{"count.txt", "4\n"}}}},
      {"greeting", {"Created it.", {{"greeting.txt", "Hello from trace2skill\n"}}}},
      {"sorted-names", {"Sorted.", {{"sorted.txt", "Bob\nEve\nMallory\nTrent\nalice\ncarol\n"}}}},
  };
  return *refs;
}

TEST(ExampleSuiteTest, Loads) {
  Result<Suite> s = LoadSuite(kDemo);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "suite-demo");
  std::string ids;
  for (const TaskSpec& t : s->tasks) ids += t.id + " ";
  EXPECT_EQ(ids, "capital sales-total error-count greeting sorted-names ");
}

TEST(ExampleSuiteTest, ReferenceAnswersPassAndNoAnswerFails) {
  Result<Suite> s = LoadSuite(kDemo);
  ASSERT_TRUE(s.ok()) << s.status().message();
  TempDir dir;
  for (const TaskSpec& t : s->tasks) {
    fs::path idle = dir.path() / "idle" / t.id;
    ASSERT_TRUE(PrepareWorkspace(*s, t, idle.string()).ok()) << t.id;
    EXPECT_FALSE(fs::exists(idle / "checks")) << t.id;
    CheckVerdict nothing = CheckTask(*s, t, idle.string(), "I could not do it.");
    EXPECT_EQ(nothing.kind, CheckVerdict::Kind::kFail) << t.id << ": " << nothing.detail;

    fs::path ws = dir.path() / "done" / t.id;
    ASSERT_TRUE(PrepareWorkspace(*s, t, ws.string()).ok()) << t.id;
    const Reference& ref = References().at(t.id);
    for (const auto& [name, content] : ref.files) {
      dir.Write((ws / name).lexically_relative(dir.path()).string(), content);
    }
    CheckVerdict v = CheckTask(*s, t, ws.string(), ref.final_message);
    EXPECT_EQ(v.kind, CheckVerdict::Kind::kPass) << t.id << ": " << v.detail;
  }
}

TEST(ExampleSuiteTest, WrongAnswersFail) {
  Result<Suite> s = LoadSuite(kDemo);
  ASSERT_TRUE(s.ok()) << s.status().message();
  TempDir dir;
  std::map<std::string, Reference> wrong = {
      {"capital", {"Sydney", {}}},
      {"sales-total", {"3711.5 over 4 regions", {}}},
      {"error-count", {"", {{"count.txt", "5\n"}}}},
      {"greeting", {"", {{"greeting.txt", "Hello from trace2skill!"}}}},
      {"sorted-names", {"", {{"sorted.txt", "alice\nBob\ncarol\nEve\nMallory\nTrent\n"}}}},
  };
  for (const TaskSpec& t : s->tasks) {
    fs::path ws = dir.path() / t.id;
    ASSERT_TRUE(PrepareWorkspace(*s, t, ws.string()).ok()) << t.id;
    for (const auto& [name, content] : wrong.at(t.id).files) {
      dir.Write((ws / name).lexically_relative(dir.path()).string(), content);
    }
    CheckVerdict v = CheckTask(*s, t, ws.string(), wrong.at(t.id).final_message);
    EXPECT_EQ(v.kind, CheckVerdict::Kind::kFail) << t.id << ": " << v.detail;
  }
}

}  // namespace
}  // namespace t2s
