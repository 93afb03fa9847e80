// eval and loop on SpreadsheetBench-Verified from the shared data, with a
// scripted agent: it saves its workbook under the name the checker reads
// only when the skill tells it to (otherwise as result.xlsx). The real
// checker grades every workbook against the golden one. Skipped, visibly,
// without the data.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "testing/evolve_responder.h"
#include "testing/fake_llm_server.h"
#include "testing/run_binary.h"
#include "testing/sums_world.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::FakeLlmServer;
using testing::FakeReply;
using testing::RunOutput;
using testing::RunTrace2skill;
using testing::SeenRequest;

const fs::path kData = "../shared/data/spreadsheetbench-verified-400";
constexpr const char* kSaveLine = "Save the workbook under the output name the task gives.";

FakeReply WorkbookAgent(const SeenRequest& seen) {
  Json body = Json::parse(seen.body);
  const Json& messages = body["messages"];
  for (const Json& m : messages) {
    if (m["role"] == "tool") {
      FakeReply done;
      done.content = "Saved.";
      return done;
    }
  }
  std::string system = messages[0]["content"];
  std::string task = messages[1]["content"];
  const std::string is = "The spreadsheet is ";
  size_t start = task.find(is) + is.size();
  std::string input = task.substr(start, task.find(' ', start) - start);  // 1_<id>_input.xlsx
  std::string output = system.find(kSaveLine) != std::string::npos
                           ? input.substr(0, input.size() - 11) + "_output.xlsx"
                           : "result.xlsx";
  FakeReply r;
  r.tool_calls = {{"cp", "bash", Json{{"command", "cp " + input + " " + output}}.dump()}};
  return r;
}

// The agentic analyst: saves the agent's workbook under the graded name and
// checks (FAIL: the cells differ), puts the golden workbook there and
// checks again (PASS), then submits the save line as its lesson.
FakeReply WorkbookAnalyst(const SeenRequest& seen) {
  Json body = Json::parse(seen.body);
  const Json& messages = body["messages"];
  std::string task = messages[1]["content"];
  size_t tools = 0;
  for (const Json& m : messages) tools += m["role"] == "tool" ? 1 : 0;
  const std::string at = "the workbook /workspace/";
  size_t start = task.find(at) + at.size();
  std::string output = task.substr(start, task.find(' ', start) - start);
  std::string input = output.substr(0, output.size() - 12) + "_input.xlsx";
  auto call = [&](const std::string& name, const Json& args) {
    FakeReply r;
    r.tool_calls = {{fmt::format("c{}", tools), name, args.dump()}};
    return r;
  };
  switch (tools) {
    case 0: return call("bash", {{"command", "ls /workspace /reference/golden"}});
    case 1: return call("bash", {{"command", "cp " + input + " " + output}});
    case 2: return call("check", {{"message", ""}});
    case 3: return call("bash", {{"command", "cp /reference/golden/*.xlsx " + output}});
    case 4: return call("check", {{"message", ""}});
  }
  Json edit = testing::FullEdit({{"file", "SKILL.md"},
                                 {"op", "append_to_section"},
                                 {"section", "## Output"},
                                 {"content", std::string("- ") + kSaveLine}});
  Json lesson = {{"title", "the output name"}, {"when", "saving"}, {"do", kSaveLine},
                 {"avoid", "other names"},     {"evidence_steps", {2}}};
  Json analysis = {{"kind", "error"},
                   {"causes", {{{"title", "wrong name"}, {"evidence", "step 2"}, {"explanation", "x"}}}},
                   {"lessons", {lesson}},
                   {"edits", {edit}},
                   {"changelog", {kSaveLine}}};
  return call("submit", analysis);
}

FakeReply Responder(const SeenRequest& seen) {
  if (seen.body.find("\"submit\"") != std::string::npos) return WorkbookAnalyst(seen);
  if (seen.body.find("\"tools\"") != std::string::npos) return WorkbookAgent(seen);
  return testing::SumsResponder(seen);  // single-call analysts and merges
}

void WriteSkills(const testing::TempDir& dir) {
  std::string head = "---\nname: xlsx\ndescription: Editing Excel workbooks.\n---\n# Workbooks\n\n";
  dir.Write("plain/xlsx/SKILL.md", head + "## Output\n\n- Keep formulas intact.\n");
  dir.Write("told/xlsx/SKILL.md", head + "## Output\n\n- " + kSaveLine + "\n");
}

std::vector<std::string> Common(const FakeLlmServer& server) {
  return {"--suite", "spreadsheetbench:" + kData.string(), "--base-url", server.base_url(),
          "--model", "fake", "--max-attempts", "1"};
}

TEST(SpreadsheetBenchEvalTest, EvalGradesEverySkillOnTheRealTasks) {
  if (!fs::exists(kData / "dataset.json")) {
    GTEST_SKIP() << "no SpreadsheetBench data at " << kData << "; skipping";
  }
  FakeLlmServer server(48);
  server.SetResponder(Responder);
  testing::TempDir dir;
  WriteSkills(dir);
  std::vector<std::string> args = {"eval", "--tasks", "0:4", "--skill", "none", "--skill",
                                   (dir.path() / "told/xlsx").string(), "--out",
                                   (dir.path() / "eval").string()};
  for (const std::string& a : Common(server)) args.push_back(a);
  RunOutput r = RunTrace2skill(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json eval = Json::parse(*ReadFile(dir.path() / "eval/eval.json"));
  ASSERT_EQ(eval["skills"].size(), 2u);
  EXPECT_EQ(eval["skills"][0]["finished"], 4);
  EXPECT_EQ(eval["skills"][1]["finished"], 4);
  // The task types come from the dataset.
  std::set<std::string> types;
  for (const Json& t : eval["skills"][1]["by_type"]) types.insert(t["type"].get<std::string>());
  for (const std::string& t : types) {
    EXPECT_TRUE(t == "Cell-Level Manipulation" || t == "Sheet-Level Manipulation") << t;
  }
  EXPECT_FALSE(types.empty());
  // Without the skill there is no output workbook; with it, the checker graded one.
  Json none = Json::parse(*ReadFile(dir.path() / "eval/runs/none/seed-41/results.json"));
  Json told = Json::parse(*ReadFile(dir.path() / "eval/runs/xlsx/seed-41/results.json"));
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(none["tasks"][i]["verdict"], "fail") << none["tasks"][i].dump();
    EXPECT_NE(told["tasks"][i]["verdict"], "error") << told["tasks"][i].dump();
    EXPECT_NE(none["tasks"][i]["detail"], told["tasks"][i]["detail"]);
    std::string id = told["tasks"][i]["id"];
    EXPECT_TRUE(fs::exists(dir.path() / "eval/runs/xlsx/seed-41/workspaces" / id /
                           fmt::format("1_{}_output.xlsx", id)));
  }
  EXPECT_TRUE(server.violations().empty());
}

TEST(SpreadsheetBenchEvalTest, TheLoopRunsEndToEndOnTheRealTasks) {
  if (!fs::exists(kData / "dataset.json")) {
    GTEST_SKIP() << "no SpreadsheetBench data at " << kData << "; skipping";
  }
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(Responder);
  testing::TempDir dir;
  WriteSkills(dir);
  std::vector<std::string> args = {"loop",    "--train", "0:2", "--test", "2:4", "--seeds", "41",
                                   "--skill", (dir.path() / "plain/xlsx").string(), "--out",
                                   (dir.path() / "loop").string()};
  for (const std::string& a : Common(server)) args.push_back(a);
  RunOutput r = RunTrace2skill(args);
  // The candidate's edit does not help on these workbooks: the gate keeps S0.
  EXPECT_EQ(r.exit_code, 4) << r.err << r.out;
  Json loop = Json::parse(*ReadFile(dir.path() / "loop/loop.json"));
  EXPECT_EQ(loop["complete"], true);
  EXPECT_EQ(loop["gate"]["kept"], "S0");
  ASSERT_EQ(loop["candidates"].size(), 1u);
  EXPECT_TRUE(loop["candidates"][0]["skill"].is_string()) << loop.dump(2);
  // The analysts proved their diagnosis with the real checker: the first
  // check reported the cells that differ, the second passed.
  fs::path evolved = dir.path() / "loop/evolve/seed-41";
  Json fates = Json::parse(*ReadFile(evolved / "fates.json"));
  for (const Json& t : fates["trajectories"]) {
    EXPECT_EQ(t["reason"], "verified by the checker (2 checks, 1 passed)") << fates.dump(1);
  }
  Json episode = Json::parse(*ReadFile(evolved / "analysts/L0-0000/conversation.jsonl"));
  std::string first_check = episode["steps"][7]["content"];
  EXPECT_EQ(first_check.rfind("FAIL: ", 0), 0u) << episode["steps"].dump(1);
  EXPECT_EQ(episode["steps"][11]["content"], "PASS") << episode["steps"].dump(1);
  Json test = Json::parse(*ReadFile(dir.path() / "loop/test/eval.json"));
  EXPECT_EQ(test["tasks_table"].size(), 2u);
  EXPECT_TRUE(server.violations().empty());
}

}  // namespace
}  // namespace t2s
