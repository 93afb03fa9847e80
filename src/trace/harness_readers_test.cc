// The facts each harness reader must get right, checked one by one on the
// fixtures modelled on real files (the goldens in readers_test.cc hold the
// whole output; these name what matters so a regenerated golden cannot hide
// a regression).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/golden.h"
#include "testing/temp_dir.h"
#include "trace/reader.h"

namespace t2s {
namespace {

class Collect final : public TrajectorySink {
 public:
  void Add(Trajectory t) override { trajectories.push_back(std::move(t)); }
  void Skip(const std::string& where, const std::string& what) override {
    skipped.push_back(where + ": " + what);
  }
  std::vector<Trajectory> trajectories;
  std::vector<std::string> skipped;
};

Collect ReadFixture(const std::string& rel) {
  std::filesystem::path path = testing::TestDataDir() / "traces" / rel;
  Collect sink;
  Result<const FormatReader*> reader = DetectFormat(path, rel);
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  if (reader.ok()) {
    Status st = (*reader)->Read(path, rel, &sink);
    EXPECT_TRUE(st.ok()) << st.message();
  }
  EXPECT_TRUE(sink.skipped.empty()) << sink.skipped.front();
  return sink;
}

TEST(SweAgentReaderTest, FunctionCallingHistoryGivesTheModelsOwnCalls) {
  Collect got = ReadFixture("swe-agent/demo__repo-505.traj");
  ASSERT_EQ(got.trajectories.size(), 1u);
  const Trajectory& t = got.trajectories[0];
  ASSERT_EQ(t.steps.size(), 10u);  // the demonstration is left out
  const Step& view = t.steps[2];
  ASSERT_EQ(view.tool_calls.size(), 1u);
  EXPECT_EQ(view.tool_calls[0].id, "toolu_01view");
  EXPECT_EQ(view.tool_calls[0].name, "str_replace_editor");
  EXPECT_EQ(view.tool_calls[0].arguments, R"({"command":"view","path":"/testbed/timefmt.py"})");
  EXPECT_EQ(view.reasoning, "Let me look at the parser first.");
  EXPECT_EQ(t.steps[4].reasoning,
            "The repro script needs running before any edit.\nReproduce the bug with a script.");
  const Step& failed = t.steps[5];
  EXPECT_EQ(failed.role, Role::kTool);
  EXPECT_EQ(failed.tool_call_id, "toolu_02run");
  EXPECT_EQ(failed.name, "bash");
  EXPECT_TRUE(failed.is_error);
  // The raw observation, not the history's "OBSERVATION:" wrapping.
  EXPECT_EQ(failed.content.rfind("Traceback (most recent call last):", 0), 0u);
  const Step& submitted = t.steps[9];
  EXPECT_EQ(submitted.name, "submit");
  EXPECT_FALSE(submitted.is_error);
  EXPECT_EQ(submitted.content.rfind("diff --git a/timefmt.py", 0), 0u);
  EXPECT_EQ(t.outcome.detail, "submitted");
}

TEST(MiniSweAgentReaderTest, V1SubmissionAnswersTheLastCall) {
  Collect got = ReadFixture("mini-swe-agent/demo__repo-606.traj.json");
  ASSERT_EQ(got.trajectories.size(), 1u);
  const std::vector<Step>& s = got.trajectories[0].steps;
  ASSERT_EQ(s.size(), 12u);
  EXPECT_EQ(s[5].role, Role::kTool);  // the timeout message answers its command
  EXPECT_EQ(s[5].tool_call_id, "bash-2");
  EXPECT_TRUE(s[5].is_error);
  EXPECT_EQ(s[7].role, Role::kUser);  // a format error is the harness speaking
  EXPECT_EQ(
      s[10].tool_calls.at(0).arguments,
      R"({"command":"echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached"})");
  EXPECT_EQ(s[11].role, Role::kTool);
  EXPECT_EQ(s[11].tool_call_id, "bash-4");
  EXPECT_EQ(s[11].name, "bash");
  EXPECT_FALSE(s[11].is_error);
  EXPECT_EQ(s[11].content.rfind("diff --git a/slug.py b/slug.py\n", 0), 0u);
}

TEST(MiniSweAgentReaderTest, V2ToolCallsAndExitMessage) {
  Collect got = ReadFixture("mini-swe-agent/demo__repo-707.traj.json");
  ASSERT_EQ(got.trajectories.size(), 1u);
  const Trajectory& t = got.trajectories[0];
  ASSERT_EQ(t.steps.size(), 8u);
  EXPECT_EQ(t.steps[2].reasoning, "The tests live somewhere under tests/.");
  EXPECT_TRUE(t.steps[3].is_error);  // extra.returncode 2
  EXPECT_FALSE(t.steps[5].is_error);
  EXPECT_EQ(t.steps[7].role, Role::kTool);
  EXPECT_EQ(t.steps[7].tool_call_id, "call_a3");
  EXPECT_FALSE(t.steps[7].is_error);
  EXPECT_EQ(t.outcome.detail, "Submitted");

  Collect limits = ReadFixture("mini-swe-agent/demo__repo-808.traj.json");
  ASSERT_EQ(limits.trajectories.size(), 1u);
  const Trajectory& l = limits.trajectories[0];
  ASSERT_EQ(l.steps.size(), 6u);  // the exit message answers no call
  EXPECT_EQ(l.steps[2].tool_calls.at(0).arguments, R"({"command":"ls"})");
  EXPECT_TRUE(l.steps[5].is_error);  // return code -1, exception_info
  EXPECT_EQ(l.outcome.detail, "LimitsExceeded");
}

TEST(ClaudeCodeReaderTest, SubagentFileLinksToTheToolUseThatSpawnedIt) {
  Collect parent = ReadFixture("claude-code/sess-99.jsonl");
  ASSERT_EQ(parent.trajectories.size(), 1u);
  EXPECT_EQ(parent.trajectories[0].metadata.at("subagents"), "sess-99/agent-a7f3c9e1d2b4");

  Collect child = ReadFixture("claude-code/sess-99/subagents/agent-a7f3c9e1d2b4.jsonl");
  ASSERT_EQ(child.trajectories.size(), 1u);
  const Trajectory& c = child.trajectories[0];
  EXPECT_EQ(c.id, "sess-99/agent-a7f3c9e1d2b4");
  EXPECT_EQ(c.metadata.at("parent"), "sess-99");
  EXPECT_EQ(c.metadata.at("parent_tool_use_id"), "toolu_agent1");
  EXPECT_EQ(c.metadata.at("agent_type"), "Explore");
  EXPECT_EQ(c.steps.size(), 6u);
  EXPECT_TRUE(c.steps[4].is_error);
}

// The session id names a file to open: one that would lead to another
// folder is not followed.
TEST(ClaudeCodeReaderTest, ASessionIdThatIsAPathIsNotFollowed) {
  testing::TempDir tmp;
  const std::string spawn =
      R"({"type":"user","uuid":"p3","parentUuid":"p2","sessionId":"x","message":{"role":"user",)"
      R"("content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"ok"}]},)"
      R"("toolUseResult":{"status":"completed","agentId":"z"}})"
      "\n";
  tmp.Write("a/a.jsonl", spawn);  // what "a/subagents/../a.jsonl" would open
  std::filesystem::path file = tmp.Write(
      "a/subagents/agent-z.jsonl",
      R"({"type":"user","uuid":"s1","parentUuid":null,"isSidechain":true,"agentId":"z",)"
      R"("sessionId":"../a","message":{"role":"user","content":"look"}})"
      "\n");
  Collect sink;
  Result<const FormatReader*> reader = DetectFormat(file, "agent-z.jsonl");
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  ASSERT_TRUE((*reader)->Read(file, "agent-z.jsonl", &sink).ok());
  ASSERT_EQ(sink.trajectories.size(), 1u);
  EXPECT_EQ(sink.trajectories[0].metadata.at("parent"), "../a");
  EXPECT_EQ(sink.trajectories[0].metadata.count("parent_tool_use_id"), 0u);
}

TEST(ClaudeCodeReaderTest, OldInlineSidechainIsLinkedByItsPrompt) {
  Collect got = ReadFixture("claude-code/inline-sidechain.jsonl");
  ASSERT_EQ(got.trajectories.size(), 2u);
  EXPECT_EQ(got.trajectories[1].id, "sess-55/sidechain-1");
  EXPECT_EQ(got.trajectories[1].metadata.at("parent_tool_use_id"), "toolu_task55");
}

TEST(OtelReaderTest, MessagesFromSpanEvents) {
  Collect got = ReadFixture("otel/span-events.json");
  ASSERT_EQ(got.trajectories.size(), 1u);
  const std::vector<Step>& s = got.trajectories[0].steps;
  ASSERT_EQ(s.size(), 7u);
  EXPECT_EQ(s[0].role, Role::kSystem);
  EXPECT_EQ(s[1].content, "How many rows does data/sales.csv have?");
  EXPECT_EQ(s[2].tool_calls.at(0).arguments, R"({"cmd":"wc -l data/sale.csv"})");
  EXPECT_TRUE(s[3].is_error);
  // From flat event attributes ("message" holding JSON).
  EXPECT_EQ(s[4].tool_calls.at(0).id, "call_wc2");
  EXPECT_EQ(s[6].content, "data/sales.csv has 1200 rows plus a header line.");
}

TEST(OtelReaderTest, MessagesFromLogRecordEvents) {
  Collect got = ReadFixture("otel/log-events.jsonl");
  ASSERT_EQ(got.trajectories.size(), 1u);
  const std::vector<Step>& s = got.trajectories[0].steps;
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].content, "Is it cold in Oslo?");
  EXPECT_EQ(s[1].tool_calls.at(0).name, "get_weather");
  EXPECT_EQ(s[1].tool_calls.at(0).arguments, R"({"city":"Oslo"})");
  EXPECT_EQ(s[2].tool_call_id, "call_w1");
  EXPECT_EQ(s[3].content, "Yes, 7 degrees C: bring a coat.");
}

}  // namespace
}  // namespace t2s
