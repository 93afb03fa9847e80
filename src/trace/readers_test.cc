// Every reader on a fixture of its format (testdata/traces/), against a
// golden file holding the detected format, each trajectory as native JSON,
// and each skipped record with its message. Regenerate with
// T2S_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/file_io.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"
#include "trace/reader.h"
#include "trace/trajectory_json.h"

namespace t2s {
namespace {

class CollectingSink final : public TrajectorySink {
 public:
  void Add(Trajectory t) override { lines.push_back(SerializeTrajectory(t)); }
  void Skip(const std::string& where, const std::string& what) override {
    lines.push_back("skip " + where + ": " + what);
  }
  std::vector<std::string> lines;
};

struct Fixture {
  const char* path;  // under testdata/traces/
  const char* format;
};

const Fixture kFixtures[] = {
    {"native/runs.jsonl", "native"},
    {"openai/conversation.json", "openai"},
    {"openai/runs.jsonl", "openai"},
    {"tau-bench/small-run.json", "tau-bench"},
    {"anthropic/session.json", "anthropic"},
    {"claude-code/session.jsonl", "claude-code"},
    {"claude-code/slash-command.jsonl", "claude-code"},
    {"claude-code/subagents.jsonl", "claude-code"},
    {"claude-code/agent-e5f6a7b8.jsonl", "claude-code"},
    {"claude-code/sess-99.jsonl", "claude-code"},
    {"claude-code/sess-99/subagents/agent-a7f3c9e1d2b4.jsonl", "claude-code"},
    {"claude-code/inline-sidechain.jsonl", "claude-code"},
    {"codex/rollout-2026-01-02.jsonl", "codex"},
    {"atif/trial-7/agent/trajectory.json", "atif"},
    {"atif/trial-9/agent/trajectory.json", "atif"},
    {"atif/trial-9/agent/trajectory.cont-1.json", "atif"},
    {"atif/trial-10/agent/trajectory.json", "atif"},
    {"swe-agent/demo__repo-101.traj", "swe-agent"},
    {"swe-agent/demo__repo-404.traj", "swe-agent"},
    {"swe-agent/demo__repo-505.traj", "swe-agent"},
    {"mini-swe-agent/demo__repo-202.traj.json", "mini-swe-agent"},
    {"mini-swe-agent/demo__repo-303/demo__repo-303.traj.json", "mini-swe-agent"},
    {"mini-swe-agent/demo__repo-606.traj.json", "mini-swe-agent"},
    {"mini-swe-agent/demo__repo-707.traj.json", "mini-swe-agent"},
    {"mini-swe-agent/demo__repo-808.traj.json", "mini-swe-agent"},
    {"openhands/events.json", "openhands"},
    {"openhands/tool-call-metadata.json", "openhands"},
    {"trace2skill-md/xlsx-sum-column_FAILED.md", "trace2skill-md"},
    {"otel/traces.json", "otel"},
    {"otel/collector-export.jsonl", "otel"},
    {"otel/span-events.json", "otel"},
    {"otel/log-events.jsonl", "otel"},
    {"inspect/2026-01-05T10-00-00_csv-rows_Ev7kq2.json", "inspect"},
    {"inspect/2026-01-06T09-30-00_csv-rows_Qm3rT8.eval", "inspect"},
    {"tau2-bench/airline_gpt-4.1-mini_results.json", "tau2-bench"},
    {"tau-bench/retail-run.jsonl", "tau-bench"},
    {"gemini-cli/session-2026-01-08T12-00-8d0e6a2c.json", "gemini-cli"},
    {"openhands-eval/output.jsonl", "openhands-eval"},
    {"openhands-v1/conv-5c2e/base_state.json", "openhands-v1"},
};

class ReaderTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(ReaderTest, MatchesGolden) {
  const Fixture& f = GetParam();
  std::filesystem::path path = testing::TestDataDir() / "traces" / f.path;
  std::string display = std::string("traces/") + f.path;
  Result<const FormatReader*> reader = DetectFormat(path, display);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ((*reader)->name(), f.format);
  CollectingSink sink;
  Status st = (*reader)->Read(path, display, &sink);
  ASSERT_TRUE(st.ok()) << st.message();
  std::string actual;
  for (const std::string& line : sink.lines) actual += line + "\n";
  std::string name = f.path;
  for (char& c : name) c = c == '/' ? '_' : c;
  testing::ExpectMatchesGolden(testing::TestDataDir() / "traces-golden" / (name + ".txt"), actual);
}

INSTANTIATE_TEST_SUITE_P(Formats, ReaderTest, ::testing::ValuesIn(kFixtures),
                         [](const ::testing::TestParamInfo<Fixture>& info) {
                           std::string name = info.param.path;
                           for (char& c : name)
                             c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(DetectFormatTest, BadFilesGetOneClearMessage) {
  auto detect = [](const char* rel) {
    return DetectFormat(testing::TestDataDir() / "traces" / rel, rel).status().message();
  };
  EXPECT_EQ(detect("bad/empty.json"), "bad/empty.json: empty file");
  EXPECT_EQ(detect("bad/garbage.bin"),
            "bad/garbage.bin: not a known trajectory format: binary, no key any reader looks for; "
            "use --format to name one");
  EXPECT_EQ(detect("bad/unknown.json"),
            "bad/unknown.json: not a known trajectory format: its first 64 KiB hold no key any "
            "reader looks for; use --format to name one");
}

TEST(DetectFormatTest, TruncatedJsonIsReportedWithItsPlace) {
  std::filesystem::path path = testing::TestDataDir() / "traces/bad/truncated.json";
  Result<const FormatReader*> reader = DetectFormat(path, "truncated.json");
  ASSERT_TRUE(reader.ok());
  CollectingSink sink;
  Status st = (*reader)->Read(path, "truncated.json", &sink);
  EXPECT_EQ(
      st.message(),
      "truncated.json:2:1: invalid JSON: unexpected end of input; expected '[', '{', or a literal");
}

TEST(ReaderBomTest, AUtf8ByteOrderMarkIsSkipped) {
  for (const char* rel : {"tau-bench/small-run.json", "native/runs.jsonl"}) {
    std::filesystem::path path = testing::TestDataDir() / "traces" / rel;
    std::string text = *ReadFile(path);
    testing::TempDir tmp;
    std::filesystem::path bom = tmp.Write(std::filesystem::path(rel).filename().string(),
                                          "\xEF\xBB\xBF" + text);
    auto read = [](const std::filesystem::path& p) {
      CollectingSink sink;
      Result<const FormatReader*> reader = DetectFormat(p, "f");
      EXPECT_TRUE(reader.ok()) << reader.status().message();
      if (reader.ok()) {
        EXPECT_TRUE((*reader)->Read(p, "f", &sink).ok());
      }
      return sink.lines;
    };
    std::vector<std::string> with = read(bom), without = read(path);
    EXPECT_EQ(with.size(), without.size()) << rel;
    ASSERT_FALSE(with.empty());
    EXPECT_EQ(with[0].rfind("skip", 0), std::string::npos) << rel << ": " << with[0];
  }
}

}  // namespace
}  // namespace t2s
