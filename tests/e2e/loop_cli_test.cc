// End-to-end tests of `trace2skill loop` and `evolve --gate` in the sums
// world (testing/sums_world.h): the evolve run of seed 41 proposes the line
// that makes the fake agent succeed, 42 a harmful one, 43 a neutral one
// (single-call analysts, --analyst llm). The loop must find and keep the
// helpful edit and prove it on held-out tasks; the gates must reject what
// does not help. With agentic analysts (the default), seed 41 proves its
// fix with the checker and 42 does not: only the verified lesson counts.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "testing/fake_llm_server.h"
#include "testing/run_binary.h"
#include "testing/sums_world.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::FakeLlmServer;
using testing::RunOutput;
using testing::RunTrace2skill;

std::vector<std::string> LlmArgs(const FakeLlmServer& server) {
  return {"--base-url", server.base_url(), "--model", "fake", "--max-attempts", "1",
          "--sandbox",  "none"};
}

std::vector<std::string> LoopArgs(const FakeLlmServer& server, const testing::TempDir& dir,
                                  const std::string& seeds, const std::string& analyst = "llm") {
  std::vector<std::string> args = {"loop",    "--suite", (dir.path() / "suite").string(),
                                   "--train", "0:6",     "--test",
                                   "6:14",    "--skill", (dir.path() / "plain/sums").string(),
                                   "--out",   (dir.path() / "loop").string(),
                                   "--seeds", seeds,     "--analyst", analyst};
  for (const std::string& a : LlmArgs(server)) args.push_back(a);
  return args;
}

Json ReadJson(const fs::path& p) { return Json::parse(*ReadFile(p)); }

TEST(LoopCliTest, TheLoopFindsKeepsAndProvesTheHelpfulEdit) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 14);
  RunOutput r = RunTrace2skill(LoopArgs(server, dir, "41,42,43"));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(server.violations().empty());
  EXPECT_NE(r.out.find("gate: seed-41 passed 18/18 on the train split, S0 0/18 (better "
                       "(p = 0.03)); kept"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("held-out: seed-41 against none: better (p = 0.0078)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("held-out: seed-41 against S0: better (p = 0.0078)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("held-out: S0 against none: no significant difference (p = 1)"),
            std::string::npos)
      << r.out;

  fs::path loop = dir.path() / "loop";
  Json j = ReadJson(loop / "loop.json");
  EXPECT_EQ(j["schema"], "t2s.loop/1");
  EXPECT_EQ(j["complete"], true);
  EXPECT_EQ(j["gate"]["kept"], "seed-41");
  EXPECT_EQ(j["gate"]["kept_seed_skill"], false);
  ASSERT_EQ(j["candidates"].size(), 3u);
  EXPECT_EQ(j["skill"], "skill/sums");
  // The selection saw every candidate: the harmful and neutral ones fail.
  Json selection = ReadJson(loop / "selection/eval.json");
  ASSERT_EQ(selection["skills"].size(), 4u);
  EXPECT_EQ(selection["skills"][1]["label"], "seed-41");
  EXPECT_EQ(selection["skills"][1]["pass"], 18);
  EXPECT_EQ(selection["skills"][2]["pass"], 0);
  EXPECT_EQ(selection["skills"][3]["pass"], 0);
  // The held-out split ran no skill, S0 and the kept skill on tasks 6:14.
  Json test = ReadJson(loop / "test/eval.json");
  ASSERT_EQ(test["skills"].size(), 3u);
  EXPECT_EQ(test["tasks_table"][0]["id"], "t7");
  EXPECT_EQ(test["skills"][2]["pass"], 24);
  std::string kept = *ReadFile(loop / "skill/sums/SKILL.md");
  EXPECT_NE(kept.find(testing::kHelpfulLine), std::string::npos) << kept;
  EXPECT_EQ(kept.find(testing::kHarmfulLine), std::string::npos) << kept;
  // The seed skill was never modified.
  EXPECT_EQ(ReadFile(dir.path() / "plain/sums/SKILL.md")->find(testing::kHelpfulLine),
            std::string::npos);
  std::string html = *ReadFile(loop / "report.html");
  EXPECT_NE(html.find("<span class=\"add\">+- " + std::string(testing::kHelpfulLine)),
            std::string::npos);
  EXPECT_NE(html.find("evolve/seed-41/provenance.json"), std::string::npos);
  // The header names the model and what the agent runs and evolve runs cost.
  EXPECT_NE(html.find("<dt>model</dt><dd>fake</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>agent runs</dt><dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>evolve runs</dt><dd>"), std::string::npos);

  // Every stage resumes: the same command again asks nothing.
  int asked = server.request_count();
  RunOutput again = RunTrace2skill(LoopArgs(server, dir, "41,42,43"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.request_count(), asked);
  EXPECT_EQ(ReadJson(loop / "loop.json")["gate"]["kept"], "seed-41");
}

TEST(LoopCliTest, AgenticAnalystsYieldOnlyVerifiedLessonsAndTheyHoldOnHeldOutTasks) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 14);
  RunOutput r = RunTrace2skill(LoopArgs(server, dir, "41,42", "auto"));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(server.violations().empty());
  EXPECT_NE(r.out.find("held-out: seed-41 against S0: better (p = 0.0078)"), std::string::npos)
      << r.out;
  fs::path loop = dir.path() / "loop";
  Json j = ReadJson(loop / "loop.json");
  EXPECT_EQ(j["gate"]["kept"], "seed-41");
  ASSERT_EQ(j["candidates"].size(), 2u);
  // Seed 42 submitted its (harmful) lesson without a passing check: it
  // never reached a skill, so there is no candidate to select.
  EXPECT_EQ(j["candidates"][1]["why_none"],
            "none of the 6 analyses was verified: 6 submitted without a passing check (left "
            "out; --keep-unverified keeps them)");
  EXPECT_EQ(ReadJson(loop / "selection/eval.json")["skills"].size(), 2u);
  EXPECT_EQ(ReadJson(loop / "test/eval.json")["skills"][2]["pass"], 16);  // 8 tasks x 2 seeds
  std::string kept = *ReadFile(loop / "skill/sums/SKILL.md");
  EXPECT_NE(kept.find(testing::kHelpfulLine), std::string::npos) << kept;
  EXPECT_EQ(kept.find(testing::kHarmfulLine), std::string::npos) << kept;
  EXPECT_FALSE(fs::exists(loop / "evolve/seed-42/skill/sums/SKILL.md") &&
               ReadFile(loop / "evolve/seed-42/skill/sums/SKILL.md")->find(testing::kHarmfulLine) !=
                   std::string::npos);

  // Every analyzed trajectory was a verified agentic episode.
  Json m = ReadJson(loop / "evolve/seed-41/manifest.json");
  EXPECT_EQ(m["analyst"], "agentic");
  EXPECT_EQ(m["agentic_analysts"]["episodes"], 6);
  EXPECT_EQ(m["agentic_analysts"]["verified"], 6);
  EXPECT_EQ(m["agentic_analysts"]["unverified"], 0);
  Json fates = ReadJson(loop / "evolve/seed-42/fates.json");
  size_t unverified = 0;
  for (const Json& t : fates["trajectories"]) {
    if (t["fate"] == "unverified") ++unverified;
  }
  EXPECT_EQ(unverified, 6u) << fates.dump(1);

  int asked = server.request_count();
  RunOutput again = RunTrace2skill(LoopArgs(server, dir, "41,42", "auto"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.request_count(), asked);
}

TEST(LoopCliTest, TheGateKeepsS0WhenNoCandidateBeatsIt) {
  FakeLlmServer server(48);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 14);
  RunOutput r = RunTrace2skill(LoopArgs(server, dir, "42,43"));
  EXPECT_EQ(r.exit_code, 4) << r.err << r.out;
  EXPECT_NE(r.err.find("trace2skill loop: the gate kept the seed skill: the best candidate: "
                       "seed-42 passed 0/12 on the train split, S0 0/12 (no significant "
                       "difference (p = 1)); no better, so S0 is kept"),
            std::string::npos)
      << r.err;
  fs::path loop = dir.path() / "loop";
  Json j = ReadJson(loop / "loop.json");
  EXPECT_EQ(j["gate"]["kept"], "S0");
  EXPECT_EQ(*ReadFile(loop / "skill/sums/SKILL.md"), *ReadFile(dir.path() / "plain/sums/SKILL.md"));
  // The held-out split measured no skill and S0 only.
  EXPECT_EQ(ReadJson(loop / "test/eval.json")["skills"].size(), 2u);
}

TEST(LoopCliTest, NothingToLearnFromKeepsS0AndSaysWhy) {
  FakeLlmServer server(48);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 6);
  std::vector<std::string> args = {"loop",    "--suite", (dir.path() / "suite").string(),
                                   "--train", "0:3",     "--test", "3:6", "--skill",
                                   (dir.path() / "helpful/sums").string(), "--out",
                                   (dir.path() / "loop").string(), "--seeds", "41",
                                   "--mode",  "error"};
  for (const std::string& a : LlmArgs(server)) args.push_back(a);
  RunOutput r = RunTrace2skill(args);
  EXPECT_EQ(r.exit_code, 4) << r.err << r.out;
  Json j = ReadJson(dir.path() / "loop/loop.json");
  EXPECT_EQ(j["gate"]["kept"], "S0");
  EXPECT_EQ(j["gate"]["reason"],
            "no candidate: every seed's evolve run failed or changed nothing, so S0 is kept");
  EXPECT_EQ(j["candidates"][0]["why_none"], "no trajectory fits --mode error: 3 trajectories, 0 without a label");
  EXPECT_EQ(ReadJson(dir.path() / "loop/test/eval.json")["skills"][1]["pass"], 3);
}

TEST(LoopCliTest, NewDraftsTheSeedSkillFirst) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 8);
  std::vector<std::string> args = {"loop",  "--suite", (dir.path() / "suite").string(),
                                   "--train", "0:4",   "--test", "4:8", "--new", "sums",
                                   "--about", "add up numbers from files", "--out",
                                   (dir.path() / "loop").string(), "--seeds", "41"};
  for (const std::string& a : LlmArgs(server)) args.push_back(a);
  RunOutput r = RunTrace2skill(args);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  fs::path loop = dir.path() / "loop";
  std::string draft = *ReadFile(loop / "draft/sums/SKILL.md");
  EXPECT_NE(draft.find("A drafted skill for tests."), std::string::npos) << draft;
  Json j = ReadJson(loop / "loop.json");
  EXPECT_EQ(j["s0"], (loop / "draft/sums").string());
  EXPECT_EQ(j["gate"]["kept"], "seed-41");
  EXPECT_NE(ReadFile(loop / "skill/sums/SKILL.md")->find(testing::kHelpfulLine), std::string::npos);
  EXPECT_TRUE(server.violations().empty());
}

TEST(LoopCliTest, BadSplitsFoldersAndSeedSkillsAreRefusedBeforeAnyCall) {
  FakeLlmServer server(48);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 8);
  auto loop = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"loop", "--suite", (dir.path() / "suite").string(),
                                     "--seeds", "41"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (const std::string& a : LlmArgs(server)) args.push_back(a);
    return RunTrace2skill(args);
  };
  std::string plain = (dir.path() / "plain/sums").string();
  std::string out = (dir.path() / "loop").string();
  RunOutput test_range = loop({"--train", "0:4", "--test", "20:30", "--skill", plain, "--out", out});
  EXPECT_EQ(test_range.exit_code, 2);
  auto ends_with = [](const std::string& s, const std::string& end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
  };
  EXPECT_TRUE(ends_with(test_range.err,
                        "\ntrace2skill loop: task range \"20:30\": selects no task (the suite has 8)\nRun 'trace2skill loop --help' for the options of loop.\n"))
      << test_range.err;
  RunOutput overlap = loop({"--train", "0:4", "--test", "2:6", "--skill", plain, "--out", out});
  EXPECT_EQ(overlap.exit_code, 2);
  EXPECT_TRUE(ends_with(overlap.err,
                        "\ntrace2skill loop: task ranges --train 0:4 and --test 2:6 share 2 tasks "
                        "(t3, ...): the held-out split must not overlap the train split\nRun 'trace2skill loop --help' for the options of loop.\n"))
      << overlap.err;
  RunOutput about = loop({"--train", "0:4", "--test", "4:8", "--skill", plain, "--about", "x",
                          "--out", out});
  EXPECT_EQ(about.exit_code, 2);
  EXPECT_TRUE(ends_with(about.err, "trace2skill loop: --about goes with --new NAME (it describes "
                                   "the skill to draft)\nRun 'trace2skill loop --help' for the options of loop.\n"))
      << about.err;
  dir.Write("other/notes.txt", "mine");
  RunOutput other = loop({"--train", "0:4", "--test", "4:8", "--skill", plain, "--out",
                          (dir.path() / "other").string()});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("other holds other files (notes.txt) and no earlier loop; use another "
                           "--out, or --force to write into it"),
            std::string::npos)
      << other.err;
  EXPECT_EQ(*ReadFile(dir.path() / "other/notes.txt"), "mine");
  dir.Write("misnamed/other/SKILL.md", "---\nname: sums\ndescription: Sums.\n---\n# Sums\n");
  RunOutput invalid = loop({"--train", "0:4", "--test", "4:8", "--skill",
                            (dir.path() / "misnamed/other").string(), "--out", out});
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.err.find("has 1 validation error ("), std::string::npos) << invalid.err;
  EXPECT_NE(invalid.err.find("every candidate would inherit them; fix it first"), std::string::npos);
  EXPECT_EQ(server.request_count(), 0);
}

// Runs the seed skill on the suite, then evolves it with `seed`, gated on
// tasks 0:4.
RunOutput GatedEvolve(const FakeLlmServer& server, const testing::TempDir& dir,
                      const std::string& skill, const std::string& seed, const std::string& out) {
  std::vector<std::string> run = {"run", "--suite", (dir.path() / "suite").string(), "--skill",
                                  skill, "--out",   (dir.path() / "runs" / out).string()};
  for (const std::string& a : LlmArgs(server)) run.push_back(a);
  RunOutput ran = RunTrace2skill(run);
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  std::vector<std::string> evolve = {
      "evolve",      "--traces", (dir.path() / "runs" / out / "trajectories.jsonl").string(),
      "--skill",     skill,      "--out",
      (dir.path() / out).string(), "--seed", seed,
      "--gate",      (dir.path() / "suite").string(), "--gate-tasks", "0:4"};
  for (const std::string& a : LlmArgs(server)) evolve.push_back(a);
  return RunTrace2skill(evolve);
}

TEST(LoopCliTest, EvolveGateRejectsAHarmfulEditAndKeepsAHelpfulOne) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 6);
  // From a skill that works, seed 42 adds the harmful line: S1 is worse.
  RunOutput harmful = GatedEvolve(server, dir, (dir.path() / "helpful/sums").string(), "42", "bad");
  EXPECT_EQ(harmful.exit_code, 4) << harmful.err << harmful.out;
  EXPECT_NE(harmful.out.find("gate: the best candidate: S1 passed 0/4 on the gate's tasks, S0 "
                             "4/4 (no significant difference (p = 0.12)); no better, so S0 is "
                             "kept"),
            std::string::npos)
      << harmful.out;
  fs::path bad = dir.path() / "bad";
  // The folder keeps both: S0 where the result goes, S1 as the candidate.
  EXPECT_EQ(*ReadFile(bad / "skill/sums/SKILL.md"), *ReadFile(dir.path() / "helpful/sums/SKILL.md"));
  EXPECT_NE(ReadFile(bad / "candidate/sums/SKILL.md")->find(testing::kHarmfulLine),
            std::string::npos);
  Json gate = ReadJson(bad / "gate.json");
  EXPECT_EQ(gate["kept"], "S0");
  EXPECT_EQ(gate["use"], (bad / "skill/sums").string());
  EXPECT_EQ(gate["seed_skill"], (dir.path() / "helpful/sums").string());

  // From the plain skill, seed 41 adds the helpful line: S1 is the result.
  RunOutput helpful = GatedEvolve(server, dir, (dir.path() / "plain/sums").string(), "41", "good");
  EXPECT_EQ(helpful.exit_code, 0) << helpful.err << helpful.out;
  fs::path good = dir.path() / "good";
  EXPECT_NE(ReadFile(good / "skill/sums/SKILL.md")->find(testing::kHelpfulLine), std::string::npos);
  EXPECT_EQ(ReadJson(good / "gate.json")["kept"], "S1");
  EXPECT_TRUE(server.violations().empty());
}

}  // namespace
}  // namespace t2s
