#include "agent/recorder.h"

#include <gtest/gtest.h>

#include "trace/trajectory_json.h"

namespace t2s {
namespace {

TEST(RecorderTest, ArgumentsThatAreNotJsonAreKeptAsAJsonString) {
  EpisodeSpec spec{"t1", "You solve tasks.", "Add.", "/tmp/none", ""};
  EpisodeResult episode;
  episode.answered = true;
  episode.final_message = "done";
  ChatMessage said{"assistant", ""};
  said.tool_calls = {{"c1", "bash", R"({"command": "ls"})"},
                     {"c2", "bash", R"({"command": "ls")"},
                     {"c3", "submit", ""}};
  episode.messages = {{"system", "You solve tasks."}, {"user", "Add."}, said,
                      {"assistant", "done"}};
  Trajectory t = EpisodeTrajectory(spec, episode, EpisodeContext{}, VerdictKind::kPass, "");
  ASSERT_EQ(t.steps.size(), 4u);
  const std::vector<ToolCall>& calls = t.steps[2].tool_calls;
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].arguments, R"({"command": "ls"})");
  EXPECT_EQ(calls[1].arguments, R"("{\"command\": \"ls\"")");
  EXPECT_EQ(calls[2].arguments, R"("")");
  // The trajectory serializes as JSON that reads back the same.
  Result<Trajectory> back = ParseTrajectoryRecord(SerializeTrajectory(t));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->steps[2].tool_calls[1].arguments, R"("{\"command\": \"ls\"")");
}

}  // namespace
}  // namespace t2s
