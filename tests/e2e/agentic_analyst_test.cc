// End-to-end tests of `evolve` with agentic error analysts in the sums world
// (testing/sums_world.h), in the bubblewrap sandbox: the plain skill fails
// every task; `run` writes the trajectories; evolve gives each failure an
// analyst episode with a private copy, check and submit. Seed 41's analyst
// fixes, checks and submits (verified), 42's submits without a check
// (unverified), 43's tries the host's files and quotes the golden total.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <mutex>
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
using testing::FakeReply;
using testing::RunOutput;
using testing::RunTrace2skill;
using testing::SeenRequest;

Json ReadJson(const fs::path& p) { return Json::parse(*ReadFile(p)); }

std::vector<std::string> Model(const FakeLlmServer& server) {
  return {"--base-url", server.base_url(), "--model", "fake", "--max-attempts", "1"};
}

// The sums world with the plain skill run on tasks 0:2 (both fail).
struct World {
  explicit World(const FakeLlmServer& server) {
    testing::WriteSumsWorld(dir, 4);
    std::vector<std::string> args = {"run",   "--suite", suite(), "--skill", plain(),
                                     "--out", runs(),    "--tasks", "0:2"};
    for (const std::string& a : Model(server)) args.push_back(a);
    RunOutput r = RunTrace2skill(args);
    EXPECT_EQ(ReadJson(fs::path(runs()) / "results.json")["summary"]["pass"], 0) << r.err;
  }
  std::string suite() const { return (dir.path() / "suite").string(); }
  std::string plain() const { return (dir.path() / "plain/sums").string(); }
  std::string runs() const { return (dir.path() / "runs").string(); }
  std::string trajectories() const { return runs() + "/trajectories.jsonl"; }
  RunOutput Evolve(const FakeLlmServer& server, const std::string& out, const std::string& seed,
                   std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"evolve", "--traces", trajectories(), "--skill", plain(),
                                     "--out",  out,        "--seed",       seed};
    for (const std::string& a : Model(server)) args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    return RunTrace2skill(args);
  }
  testing::TempDir dir;
};

std::map<std::string, Json> TrajectoryFates(const fs::path& out) {
  std::map<std::string, Json> by_id;
  const Json fates = ReadJson(out / "fates.json");
  for (const Json& t : fates["trajectories"]) by_id[t["id"].get<std::string>()] = t;
  return by_id;
}

TEST(AgenticAnalystTest, VerifiedDiagnosesBecomeTheLessonThatMakesTheAgentSucceedOnHeldOutTasks) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  World w(server);
  fs::path out = w.dir.path() / "evolved";
  RunOutput r = w.Evolve(server, out.string(), "41");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(server.violations().empty());
  EXPECT_NE(r.out.find("  agentic analysts: 2 episodes, 2 verified by the checker, 0 unverified "
                       "(left out)\n"),
            std::string::npos)
      << r.out;
  std::string skill = *ReadFile(out / "skill/sums/SKILL.md");
  EXPECT_NE(skill.find(testing::kHelpfulLine), std::string::npos) << skill;

  // Each analyst worked in its own copy: the fixed candidate, the inputs
  // and the golden material, and its episode as a trajectory.
  EXPECT_EQ(*ReadFile(out / "analysts/L0-0000/candidate/answer.txt"), "11");
  EXPECT_EQ(*ReadFile(out / "analysts/L0-0001/candidate/answer.txt"), "22");
  EXPECT_TRUE(fs::exists(out / "analysts/L0-0000/candidate/total.txt"));  // the agent's output
  EXPECT_EQ(*ReadFile(out / "analysts/L0-0000/reference/inputs/data.txt"), "1\n10\n");
  EXPECT_EQ(*ReadFile(out / "analysts/L0-0000/reference/golden/suite/golden/g1.txt"), "11");
  Json episode = Json::parse(*ReadFile(out / "analysts/L0-0000/conversation.jsonl"));
  EXPECT_EQ(episode["outcome"]["label"], "success");
  EXPECT_EQ(episode["metadata"]["analyzed"], "t1");
  std::map<std::string, Json> fates = TrajectoryFates(out);
  EXPECT_EQ(fates["t1"]["fate"], "analyzed") << *ReadFile(out / "fates.json");
  EXPECT_EQ(fates["t1"]["reason"], "verified by the checker (1 check, 1 passed)");

  Json m = ReadJson(out / "manifest.json");
  EXPECT_EQ(m["analyst"], "agentic");
  EXPECT_EQ(m["agentic_analysts"]["episodes"], 2);
  EXPECT_EQ(m["agentic_analysts"]["verified"], 2);
  EXPECT_EQ(m["agentic_analysts"]["turns"], 30);
  EXPECT_NE(ReadFile(out / "report.html")
                ->find("<p>Agentic analysts: 2 episodes, 2 verified by the checker, 0 unverified "
                       "(left out), 0 submits refused for quoting the ground truth.</p>"),
            std::string::npos);

  // The lesson holds on tasks no analyst saw.
  std::vector<std::string> held = {"run",   "--suite",  w.suite(), "--skill",
                                   (out / "skill/sums").string(), "--out",
                                   (w.dir.path() / "held").string(), "--tasks", "2:4"};
  for (const std::string& a : Model(server)) held.push_back(a);
  RunOutput h = RunTrace2skill(held);
  EXPECT_EQ(h.exit_code, 0) << h.err;
  EXPECT_EQ(ReadJson(w.dir.path() / "held/results.json")["summary"]["pass"], 2);

  // The same command again asks nothing and writes the same skill.
  int asked = server.request_count();
  RunOutput again = w.Evolve(server, out.string(), "41");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.request_count(), asked);
  EXPECT_EQ(*ReadFile(out / "skill/sums/SKILL.md"), skill);
  EXPECT_EQ(TrajectoryFates(out)["t1"]["reason"], "verified by the checker (1 check, 1 passed)");
}

TEST(AgenticAnalystTest, UnverifiedDiagnosesNeverReachTheSkillUnlessKeptWithAFlag) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  World w(server);
  fs::path out = w.dir.path() / "unverified";
  RunOutput r = w.Evolve(server, out.string(), "42");
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_NE(r.err.find("trace2skill evolve: none of the 2 analyses was verified: 2 submitted "
                       "without a passing check (left out; --keep-unverified keeps them)\n"),
            std::string::npos)
      << r.err;
  std::map<std::string, Json> fates = TrajectoryFates(out);
  EXPECT_EQ(fates["t1"]["fate"], "unverified");
  EXPECT_EQ(fates["t1"]["reason"], "submitted without a passing check (0 checks, 0 passed)");
  std::string skill = *ReadFile(out / "skill/sums/SKILL.md");
  EXPECT_EQ(skill.find(testing::kHarmfulLine), std::string::npos) << skill;
  EXPECT_EQ(ReadJson(out / "manifest.json")["agentic_analysts"]["unverified"], 2);

  fs::path kept = w.dir.path() / "kept";
  RunOutput k = w.Evolve(server, kept.string(), "42", {"--keep-unverified"});
  EXPECT_EQ(k.exit_code, 0) << k.err << k.out;
  EXPECT_NE(ReadFile(kept / "skill/sums/SKILL.md")->find(testing::kHarmfulLine), std::string::npos);
  EXPECT_EQ(TrajectoryFates(kept)["t1"]["reason"],
            "UNVERIFIED, kept by --keep-unverified (0 checks, 0 passed)");
  EXPECT_EQ(ReadJson(kept / "manifest.json")["agentic_analysts"]["unverified_kept"], true);
  // The flag follows the edits: the level-0 patches and every origin.
  bool flagged_patch = false;
  for (const auto& f : fs::directory_iterator(kept / "patches")) {
    if (f.path().filename().string().rfind("L0-", 0) == 0) {
      EXPECT_EQ(ReadJson(f.path()).value("unverified", false), true) << f.path();
      flagged_patch = true;
    }
  }
  EXPECT_TRUE(flagged_patch);
  Json provenance = ReadJson(kept / "provenance.json");
  ASSERT_FALSE(provenance["edits"].empty());
  for (const Json& e : provenance["edits"]) {
    for (const Json& o : e["origins"]) EXPECT_EQ(o.value("unverified", false), true) << o;
  }
}

TEST(AgenticAnalystTest, ReadsOutsideTheCopyFailAndLessonsQuotingTheGroundTruthAreRefused) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  World w(server);
  ASSERT_TRUE(fs::exists(w.dir.path() / "suite/golden/g1.txt"));
  fs::path out = w.dir.path() / "leaky";
  RunOutput r = w.Evolve(server, out.string(), "43");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("2 submits refused for quoting the ground truth"), std::string::npos) << r.out;
  // The host's suite is not in the sandbox.
  Json episode = Json::parse(*ReadFile(out / "analysts/L0-0000/conversation.jsonl"));
  const Json& outside = episode["steps"][3];
  EXPECT_EQ(outside["role"], "tool") << episode["steps"].dump(1);
  EXPECT_EQ(outside["is_error"], true);
  EXPECT_NE(outside["content"].get<std::string>().find("No such file or directory"),
            std::string::npos);
  std::map<std::string, Json> fates = TrajectoryFates(out);
  EXPECT_EQ(fates["t1"]["reason"],
            "verified by the checker (1 check, 1 passed); 1 submit refused for quoting the "
            "ground truth (lesson 1 (do) quotes \"11\")");
  EXPECT_EQ(ReadJson(out / "manifest.json")["agentic_analysts"]["golden_refusals"], 2);
  std::string skill = *ReadFile(out / "skill/sums/SKILL.md");
  EXPECT_NE(skill.find(testing::kHelpfulLine), std::string::npos) << skill;
  EXPECT_EQ(skill.find("Write 11"), std::string::npos) << skill;
  EXPECT_EQ(skill.find("Write 22"), std::string::npos) << skill;
}

TEST(AgenticAnalystTest, AFaultMidEpisodeResumesWithoutAskingAnsweredTurnsAgain) {
  FakeLlmServer server(48);
  std::mutex mu;
  std::map<std::string, int> answered;  // request body -> times answered
  int analyst_calls = 0;
  server.SetResponder([&](const SeenRequest& seen) {
    bool analyst = seen.body.find("\"submit\"") != std::string::npos;
    std::lock_guard<std::mutex> lock(mu);
    if (analyst && ++analyst_calls == 3) {  // the server fails once, mid-episode
      FakeReply reply;
      reply.status = 503;
      return reply;
    }
    if (analyst) ++answered[seen.body];
    return testing::SumsResponder(seen);
  });
  World w(server);
  fs::path out = w.dir.path() / "resumed";
  RunOutput first = w.Evolve(server, out.string(), "41", {"--concurrency", "1"});
  EXPECT_NE(first.exit_code, 0) << first.out;
  RunOutput second = w.Evolve(server, out.string(), "41", {"--concurrency", "1"});
  EXPECT_EQ(second.exit_code, 0) << second.err << second.out;
  EXPECT_NE(second.out.find("2 verified by the checker"), std::string::npos) << second.out;
  for (const auto& [body, times] : answered) EXPECT_EQ(times, 1) << body.substr(0, 300);
  EXPECT_EQ(analyst_calls, 2 * 4 + 1);  // every turn answered once, plus the failed call
}

TEST(AgenticAnalystTest, AFailureTheCheckerDoesNotReproduceGetsASingleCall) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  World w(server);
  // t1 solved with the helpful skill, yet labelled a failure elsewhere.
  std::vector<std::string> args = {"run",   "--suite", w.suite(), "--skill",
                                   (w.dir.path() / "helpful/sums").string(), "--out",
                                   (w.dir.path() / "solved").string(), "--tasks", "0:1"};
  for (const std::string& a : Model(server)) args.push_back(a);
  ASSERT_EQ(RunTrace2skill(args).exit_code, 0);
  w.dir.Write("labels.csv", "id,label\nt1,fail\n");
  fs::path out = w.dir.path() / "relabelled";
  std::vector<std::string> evolve = {
      "evolve", "--traces", (w.dir.path() / "solved/trajectories.jsonl").string(), "--labels",
      (w.dir.path() / "labels.csv").string(), "--skill", w.plain(), "--out", out.string(),
      "--seed", "41"};
  for (const std::string& a : Model(server)) evolve.push_back(a);
  RunOutput r = RunTrace2skill(evolve);
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("note: 1 failed trajectory passed the checker when checked again (the "
                       "failure does not reproduce): analyzed by single calls, not by agentic "
                       "analysts"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(out / "analysts/L0-0000"));
  EXPECT_EQ(TrajectoryFates(out)["t1"]["fate"], "analyzed");
  EXPECT_EQ(ReadJson(out / "manifest.json")["analyst"], "llm");
}

TEST(AgenticAnalystTest, DryRunBoundsTheEpisodesAndAgenticNeedsTheTask) {
  FakeLlmServer server;
  World w(server);
  int asked = server.request_count();
  RunOutput dry = w.Evolve(server, (w.dir.path() / "dry").string(), "41",
                           {"--dry-run", "--analyst-turns", "5"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("analyze (agentic): 2 episodes of at most 5 turns: at most 10 calls"),
            std::string::npos)
      << dry.out;
  EXPECT_EQ(server.request_count(), asked);

  // A --suite that cannot be loaded is an error before anything is asked.
  RunOutput bad = w.Evolve(server, (w.dir.path() / "bad").string(), "41",
                           {"--suite", (w.dir.path() / "nosuite").string()});
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.err.find("trace2skill evolve: --suite: "), std::string::npos) << bad.err;
  EXPECT_EQ(server.request_count(), asked);

  // A failure whose task is nowhere to be found: --analyst agentic refuses.
  w.dir.Write("other.jsonl",
              R"({"schema":"t2s.trajectory/1","id":"x1","task":"Add up.","steps":[)"
              R"({"role":"assistant","content":"Done."}],"outcome":{"label":"fail"}})"
              "\n");
  RunOutput lost = RunTrace2skill(
      {"evolve", "--traces", (w.dir.path() / "other.jsonl").string(), "--skill", w.plain(),
       "--out", (w.dir.path() / "lost").string(), "--analyst", "agentic", "--base-url",
       server.base_url(), "--model", "fake"});
  EXPECT_EQ(lost.exit_code, 1) << lost.out;
  EXPECT_NE(lost.err.find("trace2skill evolve: --analyst agentic: trajectory x1: no suite: the "
                          "trajectory was not written by trace2skill run (give --suite)"),
            std::string::npos)
      << lost.err;
  EXPECT_EQ(server.request_count(), asked);
}

}  // namespace
}  // namespace t2s
