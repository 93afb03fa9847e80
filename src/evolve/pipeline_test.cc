// RunEvolve as a library: how it reads its trajectories (twice, streamed)
// and that the input order does not change the run. The model is the
// evolve responder behind a scripted transport: no network, no sleeping.
#include "evolve/pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "base/file_io.h"
#include "testing/fake_evolve_run.h"
#include "testing/temp_dir.h"
#include "trace/reader.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

using testing::DemoTrajectories;
using FakeRun = testing::FakeEvolveRun;

TEST(EvolvePipelineTest, ReadsTheStreamTwiceAndOnlyTheFirstReadingReports) {
  testing::TempDir tmp;
  FakeRun run;
  std::vector<Trajectory> all = DemoTrajectories();
  ASSERT_GE(all.size(), 4u);
  std::vector<bool> reported;
  run.inputs.stream = [&](const std::function<void(Trajectory)>& fn, Unreadable* unreadable) {
    reported.push_back(unreadable != nullptr);
    for (const Trajectory& t : all) fn(t);
    if (unreadable != nullptr) unreadable->push_back({"runs.jsonl:9", "not JSON"});
    return Status::Ok();
  };
  Result<EvolveSummary> s = run.Go(tmp.path() / "out");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(reported, (std::vector<bool>{true, false}));
  EXPECT_EQ(s->trajectories, all.size());
  EXPECT_EQ(s->analyzed, s->selected);
  EXPECT_EQ(s->unreadable, 1u);
  EXPECT_GT(s->applied_edits, 0u);
  EXPECT_EQ(s->min_support, 2u) << "the default for 36 trajectories";
  std::string fates = *ReadFile(tmp.path() / "out" / "fates.json");
  EXPECT_NE(fates.find("\"runs.jsonl:9\""), std::string::npos);
  // Why each applied edit exists: its trajectories' lessons and paths.
  nlohmann::json provenance =
      nlohmann::json::parse(*ReadFile(tmp.path() / "out" / "provenance.json"));
  ASSERT_FALSE(provenance["edits"].empty());
  for (const auto& e : provenance["edits"]) {
    std::set<std::string> trajectories;
    for (const auto& o : e["origins"]) {
      trajectories.insert(o["trajectory"].get<std::string>());
      std::string path = o["path"];
      EXPECT_EQ(path.rfind("L0-", 0), 0u) << path;
      EXPECT_EQ(path.substr(path.size() - 8), "-> final") << path;
    }
    EXPECT_EQ(trajectories.size(), e["support"].get<size_t>()) << e.dump();
    EXPECT_FALSE(e["lessons"].empty()) << e.dump();
    EXPECT_NE(e["patch"], "final");
  }
}

TEST(EvolvePipelineTest, EditsBelowTheMinimumSupportGoToReferencesNotSkillMd) {
  testing::TempDir tmp;
  FakeRun run;
  run.inputs.trajectories = DemoTrajectories();
  run.options.min_support = 100;  // more than there are trajectories
  Result<EvolveSummary> s = run.Go(tmp.path() / "out");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_GT(s->routed_edits, 0u);
  fs::path skill = tmp.path() / "out" / "skill" / "airline-support";
  std::string md = *ReadFile(skill / "SKILL.md");
  EXPECT_NE(md.find("## Less frequent lessons"), std::string::npos) << md;
  EXPECT_EQ(md.find("- Re-check totals"), std::string::npos) << "no lesson reaches SKILL.md";
  EXPECT_EQ(md.find("- Confirm the plan"), std::string::npos) << "no lesson reaches SKILL.md";
  bool found = false;
  for (const auto& f : fs::directory_iterator(skill / "references")) {
    if (f.path().filename().string().rfind("lessons-", 0) != 0) continue;
    std::string text = *ReadFile(f.path());
    EXPECT_NE(md.find("references/" + f.path().filename().string()), std::string::npos);
    found = found || text.find("(support ") != std::string::npos;
  }
  EXPECT_TRUE(found) << "the lessons are in references/";
  nlohmann::json manifest = nlohmann::json::parse(*ReadFile(tmp.path() / "out" / "manifest.json"));
  EXPECT_EQ(manifest["settings"]["min_support"], 100);
  EXPECT_EQ(manifest["settings"]["min_support_from"], "--min-support");
  EXPECT_EQ(manifest["counts"]["routed_edits"], s->routed_edits);
  nlohmann::json provenance =
      nlohmann::json::parse(*ReadFile(tmp.path() / "out" / "provenance.json"));
  for (const auto& e : provenance["edits"]) {
    if (e["file"] == "SKILL.md") continue;
    EXPECT_FALSE(e["origins"].empty()) << "a routing edit is traced to its lessons: " << e.dump();
  }
}

TEST(EvolvePipelineTest, ATrajectoryMissingFromTheSecondReadingStopsTheRun) {
  testing::TempDir tmp;
  FakeRun run;
  std::vector<Trajectory> all = DemoTrajectories();
  int readings = 0;
  run.inputs.stream = [&](const std::function<void(Trajectory)>& fn, Unreadable*) {
    ++readings;
    for (size_t i = 0; i < all.size(); ++i) {
      if (readings == 2 && all[i].id == all.back().id) continue;
      fn(all[i]);
    }
    return Status::Ok();
  };
  Result<EvolveSummary> s = run.Go(tmp.path() / "out");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "trajectory " + all.back().id +
                " was not found when the input was read a second time: the input changed while "
                "evolve ran");
  EXPECT_EQ(run.transport.posts(), 0u) << "nothing is paid for";
}

TEST(EvolvePipelineTest, AStreamErrorStopsTheRunWithItsMessage) {
  testing::TempDir tmp;
  FakeRun run;
  run.inputs.stream = [&](const std::function<void(Trajectory)>&, Unreadable*) {
    return Status::IoError("runs/: cannot read: Permission denied");
  };
  Result<EvolveSummary> s = run.Go(tmp.path() / "out");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "runs/: cannot read: Permission denied");
}

TEST(EvolvePipelineTest, TheInputOrderDoesNotChangeTheRun) {
  testing::TempDir tmp;
  std::vector<Trajectory> all = DemoTrajectories();
  std::string first;
  std::mt19937 rng(5);
  for (int k = 0; k < 3; ++k) {
    FakeRun run;
    run.inputs.trajectories = all;
    std::shuffle(run.inputs.trajectories.begin(), run.inputs.trajectories.end(), rng);
    fs::path out = tmp.path() / ("out" + std::to_string(k));
    Result<EvolveSummary> s = run.Go(out);
    ASSERT_TRUE(s.ok()) << s.status().message();
    if (k == 0) {
      first = testing::RunOutputs(out);
    } else {
      EXPECT_EQ(testing::RunOutputs(out), first) << "order " << k;
    }
  }
}

}  // namespace
}  // namespace t2s
