// End-to-end tests of sharded evolve (`--shard i/n --until analyze`, then
// `--merge-from`) against the loopback fake model that enforces the schema.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "testing/constrained_llm_server.h"
#include "testing/evolve_responder.h"
#include "testing/run_binary.h"
#include "testing/run_invariants.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::RunOutput;
using testing::RunTrace2skill;

constexpr const char* kSkill = "examples/skills/airline-support";
constexpr const char* kTraces = "examples/traces/airline-demo.jsonl";

std::vector<std::string> Evolve(const testing::FakeLlmServer& server, std::vector<std::string> extra) {
  std::vector<std::string> args = {"evolve", "--skill", kSkill, "--base-url", server.base_url(),
                                   "--model", "fake", "--fan-in", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

TEST(EvolveShardCliTest, TwoShardsThenAMergeGiveWhatOneRunGives) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  const std::string one = (tmp.path() / "one").string();
  RunOutput single = RunTrace2skill(Evolve(server, {"--traces", kTraces, "--out", one}));
  ASSERT_EQ(single.exit_code, 0) << single.err;

  std::vector<std::string> merge = {"--merge-from"};
  for (int i : {1, 2}) {
    const std::string dir = (tmp.path() / ("shard-" + std::to_string(i))).string();
    RunOutput r = RunTrace2skill(Evolve(server, {"--traces", kTraces, "--out", dir, "--shard",
                                                 std::to_string(i) + "/2", "--until", "analyze"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(FirstLine(r.out), i == 1 ? "analyzed shard 1/2: 1 trajectories of 3 selected "
                                         "(numbers 1-1) -> " + dir + "/patch-set.json"
                                       : "analyzed shard 2/2: 2 trajectories of 3 selected "
                                         "(numbers 2-3) -> " + dir + "/patch-set.json");
    EXPECT_NE(r.out.find("next: once every shard is done, run this command again with "
                         "--merge-from and every shard's folder"),
              std::string::npos)
        << r.out;
    EXPECT_FALSE(fs::exists(fs::path(dir) / "manifest.json"));
    merge.push_back(dir);
  }
  // Killed or re-run, a shard asks nothing again.
  int asked = server.request_count();
  RunOutput again = RunTrace2skill(Evolve(server, {"--traces", kTraces, "--out", merge[1],
                                                   "--shard", "1/2", "--until", "analyze", "--json"}));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.request_count(), asked);
  Json j = Json::parse(again.out);
  EXPECT_EQ(j["patch_set"], merge[1] + "/patch-set.json");
  EXPECT_EQ(j["shard"],
            Json({{"index", 1}, {"count", 2}, {"trajectories", 1}, {"first", 1}, {"last", 1}}));

  const std::string merged = (tmp.path() / "merged").string();
  merge.insert(merge.end(), {"--out", merged});
  RunOutput m = RunTrace2skill(Evolve(server, merge));
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(FirstLine(m.out), "evolved examples/skills/airline-support with 3 trajectories -> " +
                                  merged + "/skill/airline-support");
  EXPECT_NE(m.out.find("  analyzed 3 of 3 selected"), std::string::npos) << m.out;
  EXPECT_EQ(testing::RunInvariantViolations(kSkill, merged), std::vector<std::string>{});
  for (const char* f : {"skill/airline-support/SKILL.md", "provenance.json", "fates.json",
                        "changelog.md", "diff.patch"}) {
    EXPECT_EQ(*ReadFile(fs::path(merged) / f), *ReadFile(fs::path(one) / f)) << f;
  }
  Json manifest = Json::parse(*ReadFile(fs::path(merged) / "manifest.json"));
  EXPECT_EQ(manifest["counts"]["analyzed"], 3);
  EXPECT_TRUE(server.violations().empty());
}

TEST(EvolveShardCliTest, FlagsThatDoNotGoTogetherAreRefusedBeforeAnyCall) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  const std::string out = (tmp.path() / "x").string();
  const std::string help = "Run 'trace2skill evolve --help' for the options of evolve.\n";
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  std::vector<Case> cases = {
      {{"--traces", kTraces, "--out", out, "--shard", "1/2"},
       "--shard i/n needs --until analyze: each shard writes its level-0 patch set, then evolve "
       "--merge-from DIR... consolidates them"},
      {{"--traces", kTraces, "--out", out, "--shard", "3/2", "--until", "analyze"},
       "--shard: expected i/n with 1 <= i <= n (e.g. 2/8), got \"3/2\""},
      {{"--traces", kTraces, "--out", out, "--until", "merge"},
       "--until: expected analyze (the stage a shard stops after), got \"merge\""},
      {{"--traces", kTraces, "--out", out, "--merge-from", out},
       "--merge-from consolidates the shards' patch sets: give no --traces, --store or --labels "
       "(the shards read them)"},
      {{"--merge-from", out, "--out", out, "--until", "analyze"},
       "--merge-from consolidates patch sets; --shard and --until make them"},
      {{"--traces", kTraces, "--out", out, "--until", "analyze", "--dry-run"},
       "--dry-run counts the whole run: give it without --shard, --until and --merge-from"},
  };
  for (const Case& c : cases) {
    RunOutput r = RunTrace2skill(Evolve(server, c.args));
    EXPECT_EQ(r.exit_code, 2) << c.error;
    EXPECT_EQ(r.err, "trace2skill evolve: " + c.error + "\n" + help);
  }
  RunOutput none = RunTrace2skill(Evolve(server, {"--merge-from", out, "--out", out + "-m"}));
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find(out + ": no such folder"), std::string::npos) << none.err;
  EXPECT_EQ(server.request_count(), 0);
}

}  // namespace
}  // namespace t2s
