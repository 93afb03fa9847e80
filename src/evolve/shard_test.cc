// Sharded runs: shards cover the selection once, a shard writes its
// level-0 patch set, and merging the patch sets of every shard gives what
// one run on the same inputs and answers gives, file for file.
#include "evolve/shard.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "testing/fake_evolve_run.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

TEST(ShardSpecTest, ParsesIOfNAndRefusesTheRest) {
  Result<ShardSpec> s = ParseShardSpec("2/8", "--shard");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 2u);
  EXPECT_EQ(s->count, 8u);
  EXPECT_EQ(ShardName(*s), "2/8");
  EXPECT_EQ(ShardName(ShardSpec{}), "");
  for (const char* bad : {"0/4", "5/4", "2", "2/", "/4", "a/b", "2/4x", "-1/4", ""}) {
    Result<ShardSpec> r = ParseShardSpec(bad, "--shard");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message(),
              fmt::format("--shard: expected i/n with 1 <= i <= n (e.g. 2/8), got \"{}\"", bad));
  }
}

TEST(ShardSpecTest, ShardsTakeEveryItemOnceInOrder) {
  for (size_t n : {0u, 1u, 5u, 36u, 1000u}) {
    for (size_t count : {1u, 2u, 3u, 7u, 40u}) {
      size_t next = 0;
      for (size_t i = 1; i <= count; ++i) {
        auto [first, last] = ShardRange({i, count}, n);
        EXPECT_EQ(first, next) << n << " " << i << "/" << count;
        EXPECT_LE(last - first, n / count + 1);
        EXPECT_GE(last - first, n / count);
        next = last;
      }
      EXPECT_EQ(next, n);
    }
  }
}

// The merge requests a run sent, in order.
std::vector<std::string> MergeBodies(const testing::FakeTransport& t) {
  std::vector<std::string> out;
  for (const HttpRequest& r : t.requests) {
    if (r.body.find("t2s_merge") != std::string::npos) out.push_back(r.body);
  }
  return out;
}

class ShardedEvolveTest : public ::testing::Test {
 protected:
  // Runs shard i/n of the demo trajectories into tmp/shard-i; its patch set.
  fs::path Shard(size_t i, size_t n, size_t* calls = nullptr) {
    testing::FakeEvolveRun run;
    run.inputs.trajectories = testing::DemoTrajectories();
    run.options.until_analyze = true;
    run.options.shard = {i, n};
    fs::path dir = tmp_.path() / fmt::format("shard-{}", i);
    Result<EvolveSummary> s = run.Go(dir);
    EXPECT_TRUE(s.ok()) << s.status().message();
    if (s.ok()) {
      EXPECT_EQ(s->patch_set, (dir / kPatchSetFile).string());
    }
    EXPECT_FALSE(fs::exists(dir / "manifest.json")) << "a shard is not a finished run";
    if (calls != nullptr) *calls = run.transport.requests.size();
    return dir;
  }
  Result<EvolveSummary> Merge(const std::vector<fs::path>& dirs, const fs::path& out,
                              testing::FakeEvolveRun* run) {
    for (const fs::path& d : dirs) run->options.merge_from.push_back(d.string());
    return run->Go(out);
  }
  testing::TempDir tmp_;
};

TEST_F(ShardedEvolveTest, ShardThenMergeEqualsOneRun) {
  testing::FakeEvolveRun one;
  one.inputs.trajectories = testing::DemoTrajectories();
  Result<EvolveSummary> whole = one.Go(tmp_.path() / "one");
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  ASSERT_GT(whole->applied_edits, 0u);

  size_t analyze_calls = 0;
  std::vector<fs::path> dirs;
  for (size_t i : {3u, 1u, 2u}) {  // any order
    size_t calls = 0;
    dirs.push_back(Shard(i, 3, &calls));
    analyze_calls += calls;
  }
  EXPECT_EQ(analyze_calls, whole->selected) << "each trajectory analyzed by one shard";
  testing::FakeEvolveRun merge;
  Result<EvolveSummary> merged = Merge(dirs, tmp_.path() / "merged", &merge);
  ASSERT_TRUE(merged.ok()) << merged.status().message();

  EXPECT_EQ(testing::RunOutputs(tmp_.path() / "merged"), testing::RunOutputs(tmp_.path() / "one"));
  EXPECT_EQ(MergeBodies(merge.transport), MergeBodies(one.transport));
  EXPECT_EQ(merged->analyzed, whole->analyzed);
  EXPECT_EQ(merged->selected, whole->selected);
  EXPECT_EQ(merged->proposed_edits, whole->proposed_edits);
  EXPECT_EQ(merged->applied_edits, whole->applied_edits);
  EXPECT_EQ(merged->merged_shards, 3u);
  for (const HttpRequest& r : merge.transport.requests) {
    EXPECT_EQ(r.body.find("t2s_analysis"), std::string::npos) << "the merge analyzes nothing";
  }
}

TEST_F(ShardedEvolveTest, APatchSetHoldsItsRangeWithRunWideUnitIds) {
  fs::path dir = Shard(2, 3);
  Result<PatchSet> set = ReadPatchSet(dir);
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->shard.index, 2u);
  EXPECT_EQ(set->first, set->selected.size() / 3);
  EXPECT_EQ(set->last, set->selected.size() * 2 / 3);
  ASSERT_FALSE(set->units.empty());
  for (const PatchUnit& u : set->units) {
    size_t index = std::stoul(u.id.substr(3));
    EXPECT_GE(index, set->first) << u.id;
    EXPECT_LT(index, set->last) << u.id;
    EXPECT_EQ(u.edits[0].sources, std::vector<std::string>{set->selected[index].id});
    EXPECT_FALSE(u.lessons.empty()) << "the diagnosis travels with the patch";
  }
  EXPECT_EQ(set->analyzed, set->last - set->first);
  EXPECT_EQ(PatchSetJson(*set), *ReadFile(dir / kPatchSetFile)) << "read and written alike";
}

TEST_F(ShardedEvolveTest, MoreShardsThanTrajectoriesLeavesSomeEmpty) {
  size_t n = testing::DemoTrajectories().size() + 2;
  fs::path dir = Shard(1, n);  // takes [0, N / n) = nothing
  Result<PatchSet> set = ReadPatchSet(dir);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->first, set->last);
  EXPECT_TRUE(set->units.empty());
}

TEST_F(ShardedEvolveTest, TheMergeRefusesMissingRepeatedAndForeignShards) {
  fs::path one = Shard(1, 3), two = Shard(2, 3);
  testing::FakeEvolveRun a;
  Result<EvolveSummary> missing = Merge({one, two}, tmp_.path() / "m1", &a);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "--merge-from: shard 3 of 3 is missing: give every shard of the job");
  testing::FakeEvolveRun b;
  Result<EvolveSummary> twice = Merge({one, two, one}, tmp_.path() / "m2", &b);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(), fmt::format("--merge-from: shard 1/3 is given twice ({} and {})",
                                                  one.string(), one.string()));
  // A shard of another run: another seed.
  testing::FakeEvolveRun other;
  other.inputs.trajectories = testing::DemoTrajectories();
  other.options.until_analyze = true;
  other.options.shard = {3, 3};
  other.options.seed = 7;
  ASSERT_TRUE(other.Go(tmp_.path() / "foreign").ok());
  testing::FakeEvolveRun c;
  Result<EvolveSummary> foreign = Merge({one, two, tmp_.path() / "foreign"}, tmp_.path() / "m3", &c);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().message().rfind(fmt::format(
                "--merge-from: {} holds a patch set of other trajectories or settings than {}",
                (tmp_.path() / "foreign").string(), one.string()), 0),
            0u)
      << foreign.status().message();
  // The merge itself with other settings than the shards'.
  fs::path three = Shard(3, 3);
  testing::FakeEvolveRun d;
  d.llm.model = "another";
  Result<EvolveSummary> settings = Merge({one, two, three}, tmp_.path() / "m4", &d);
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().message(),
            "--merge-from: the patch sets were made with another skill, model, prompts or "
            "settings than this command's: give the merge the shards' --skill, --model and flags "
            "(without --shard and --until); the run key covers the skill's files, --mode, "
            "--fan-in, --trajectory-tokens, --max-tokens, --seed, --temperature, --no-evidence, "
            "--max-skill-lines, the analyst's settings, the provider, the model and --prompts");
  EXPECT_TRUE(d.transport.requests.empty());
  testing::FakeEvolveRun e;
  Result<EvolveSummary> none = Merge({tmp_.path()}, tmp_.path() / "m5", &e);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            fmt::format("{}: not a shard's folder (no patch-set.json); shards are made by "
                        "trace2skill evolve --shard i/n --until analyze --out DIR",
                        tmp_.path().string()));
}

TEST_F(ShardedEvolveTest, ABrokenPatchSetIsNamedWithItsField) {
  fs::path dir = Shard(1, 1);
  nlohmann::json j = nlohmann::json::parse(*ReadFile(dir / kPatchSetFile));
  j["selection"]["all"] = "many";
  ASSERT_TRUE(WriteFileAtomic(dir / kPatchSetFile, j.dump()).ok());
  Result<PatchSet> set = ReadPatchSet(dir);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().message().rfind(
                (dir / kPatchSetFile).string() +
                    ": $.selection: not a patch set as evolve --until analyze writes it (",
                0),
            0u)
      << set.status().message();
}

}  // namespace
}  // namespace t2s
