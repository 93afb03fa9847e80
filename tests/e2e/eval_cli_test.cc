// End-to-end tests of `trace2skill eval` in the sums world
// (testing/sums_world.h), where a skill's content decides whether the fake
// agent succeeds: eval calls a skill better only when it is, significantly.
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

std::vector<std::string> EvalArgs(const FakeLlmServer& server, const testing::TempDir& dir,
                                  std::vector<std::string> extra) {
  std::vector<std::string> args = {"eval",       "--suite",  (dir.path() / "suite").string(),
                                   "--out",      (dir.path() / "eval").string(),
                                   "--base-url", server.base_url(),
                                   "--model",    "fake",     "--max-attempts", "1",
                                   "--sandbox",  "none"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

Json ReadJson(const fs::path& p) { return Json::parse(*ReadFile(p)); }

TEST(EvalCliTest, ASkillIsBetterOnlyWhenItHelpsSignificantly) {
  FakeLlmServer server(48);
  server.set_constrained(true);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 12);
  RunOutput r = RunTrace2skill(EvalArgs(
      server, dir,
      {"--skill", "none", "--skill", (dir.path() / "plain/sums").string(), "--skill",
       (dir.path() / "helpful/sums").string(), "--seeds", "41,42"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(server.violations().empty());
  EXPECT_NE(r.out.find("sums: 12 tasks x 2 seeds (pass rate, 95 % interval, against none)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  none       0/24   pass    0.0 % [0.0, 13.8]     seeds 0.0 ± 0.0 %  "
                       "(reference)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("vs none: no significant difference (p = 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("vs none: better (p = 0.0005)"), std::string::npos) << r.out;

  Json eval = ReadJson(dir.path() / "eval/eval.json");
  EXPECT_EQ(eval["schema"], "t2s.eval/1");
  EXPECT_EQ(eval["complete"], true);
  ASSERT_EQ(eval["skills"].size(), 3u);
  EXPECT_EQ(eval["skills"][0]["label"], "none");
  EXPECT_TRUE(eval["skills"][0]["vs_reference"].is_null());
  EXPECT_EQ(eval["skills"][1]["label"], "sums");
  EXPECT_EQ(eval["skills"][1]["vs_reference"]["verdict"], "no significant difference");
  const Json& helpful = eval["skills"][2];
  EXPECT_EQ(helpful["label"], "sums-2");
  EXPECT_EQ(helpful["pass"], 24);
  EXPECT_EQ(helpful["finished"], 24);
  EXPECT_EQ(helpful["vs_reference"]["pairs"], 12);  // tasks: seeds are not extra evidence
  EXPECT_EQ(helpful["vs_reference"]["only_this_passed"], 12);
  EXPECT_EQ(helpful["vs_reference"]["only_reference_passed"], 0);
  EXPECT_EQ(helpful["vs_reference"]["verdict"], "better");
  EXPECT_NEAR(helpful["vs_reference"]["p_value"].get<double>(), 2 * std::pow(0.5, 12), 1e-15);
  EXPECT_EQ(helpful["by_type"][0]["type"], "sum");
  EXPECT_EQ(helpful["runs"][1], "runs/sums-2/seed-42");
  EXPECT_EQ(eval["tasks_table"][0]["verdicts"]["sums-2"], Json::array({"pass", "pass"}));
  // Each seed reached the model as its sampling seed.
  bool saw_42 = false;
  for (const testing::SeenRequest& s : server.seen()) {
    saw_42 = saw_42 || s.body.find("\"seed\":42") != std::string::npos;
  }
  EXPECT_TRUE(saw_42);
  std::string html = *ReadFile(dir.path() / "eval/report.html");
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("better (p = 0.0005)"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir.path() / "eval/runs/none/seed-41/results.json"));

  // The same command again runs nothing and asks nothing.
  int asked = server.request_count();
  RunOutput again = RunTrace2skill(EvalArgs(
      server, dir,
      {"--skill", "none", "--skill", (dir.path() / "plain/sums").string(), "--skill",
       (dir.path() / "helpful/sums").string(), "--seeds", "41,42", "--json"}));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.request_count(), asked);
  Json j = Json::parse(again.out);  // eval.json alone on stdout
  EXPECT_EQ(j["skills"][2]["pass"], 24);
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_EQ(j["this_run"]["paid_tokens"], 0);  // every run was finished before
  EXPECT_FALSE(j["model"].get<std::string>().empty());
  EXPECT_NE(again.err.find("wrote "), std::string::npos) << again.err;
}

TEST(EvalCliTest, AFewTasksAreNotEnoughToCallASkillBetter) {
  FakeLlmServer server(48);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 4);
  RunOutput r = RunTrace2skill(EvalArgs(
      server, dir,
      {"--tasks", "0:2", "--skill", "none", "--skill", (dir.path() / "helpful/sums").string()}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2/2    pass  100.0 % [34.2, 100.0]   vs none: no significant difference (p = 0.50)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("better"), std::string::npos) << r.out;
}

TEST(EvalCliTest, BadArgumentsAreRefusedBeforeAnyCall) {
  FakeLlmServer server(48);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 2);
  RunOutput twice = RunTrace2skill(EvalArgs(server, dir, {"--skill", "none", "--seeds", "41,41"}));
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_EQ(twice.err, "trace2skill eval: --seeds \"41,41\": seed 41 is given twice\nRun 'trace2skill eval --help' for the options of eval.\n");
  RunOutput word = RunTrace2skill(EvalArgs(server, dir, {"--skill", "none", "--seeds", "a"}));
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_EQ(word.err,
            "trace2skill eval: --seeds \"a\": expected comma-separated whole numbers, e.g. 41,42,43\nRun 'trace2skill eval --help' for the options of eval.\n");
  RunOutput range = RunTrace2skill(EvalArgs(server, dir, {"--skill", "none", "--tasks", "5:9"}));
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_NE(range.err.find("task range \"5:9\": selects no task (the suite has 2)"),
            std::string::npos)
      << range.err;
  RunOutput missing = RunTrace2skill(
      EvalArgs(server, dir, {"--skill", "none", "--skill", (dir.path() / "nowhere").string()}));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("trace2skill eval: skill nowhere: "), std::string::npos) << missing.err;
  // A folder holding another command's output is not written into.
  dir.Write("eval/results.json", "{}");
  RunOutput taken = RunTrace2skill(EvalArgs(server, dir, {"--skill", "none"}));
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.err.find("eval holds other files (results.json) and no earlier eval; use "
                           "another --out, or --force to write into it"),
            std::string::npos)
      << taken.err;
  EXPECT_EQ(server.request_count(), 0);
  EXPECT_FALSE(fs::exists(dir.path() / "eval/runs"));
}

// `j` without what measures this machine's time ("seconds") or what an
// invocation paid ("this_run").
Json Timeless(Json j) {
  if (j.is_object()) {
    j.erase("seconds");
    j.erase("this_run");
    for (auto& [key, value] : j.items()) value = Timeless(value);
  } else if (j.is_array()) {
    for (Json& value : j) value = Timeless(value);
  }
  return j;
}

// Three shards of an eval, each on its own share of the tasks, combined,
// conclude what the eval over every task concludes.
TEST(EvalCliTest, ShardsCombineIntoTheEvalOfEveryTask) {
  FakeLlmServer server(48);
  server.SetResponder(testing::SumsResponder);
  testing::TempDir dir;
  testing::WriteSumsWorld(dir, 12);
  auto args = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> a = {"eval",  "--suite", (dir.path() / "suite").string(), "--skill",
                                  "none",  "--skill", (dir.path() / "helpful/sums").string(),
                                  "--seeds", "41,42", "--out", (dir.path() / out).string(),
                                  "--base-url", server.base_url(), "--model", "fake",
                                  "--max-attempts", "1", "--sandbox", "none"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  RunOutput whole = RunTrace2skill(args("whole", {}));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  std::vector<std::string> combine = {"eval", "--combine"};
  for (int i : {2, 3, 1}) {
    RunOutput shard = RunTrace2skill(args(fmt::format("shard-{}", i), {"--shard", fmt::format("{}/3", i)}));
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    EXPECT_NE(shard.out.find("sums: 4 tasks x 2 seeds"), std::string::npos) << shard.out;
    EXPECT_EQ(ReadJson(dir.path() / fmt::format("shard-{}/eval.json", i))["shard"],
              fmt::format("{}/3", i));
    combine.push_back((dir.path() / fmt::format("shard-{}", i)).string());
  }
  int asked = server.request_count();
  std::vector<std::string> missing = {combine[0], combine[1], combine[2], combine[3], "--out",
                                      (dir.path() / "m").string()};
  RunOutput refused = RunTrace2skill(missing);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err,
            "trace2skill eval: --combine: shard 1 of 3 is missing: give every shard of the job\n");
  combine.insert(combine.end(), {"--out", (dir.path() / "combined").string()});
  RunOutput joined = RunTrace2skill(combine);
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_EQ(server.request_count(), asked) << "combining runs nothing";
  EXPECT_NE(joined.out.find("sums: 12 tasks x 2 seeds from 3 shards"), std::string::npos)
      << joined.out;
  EXPECT_NE(joined.out.find("vs none: better (p = 0.0005)"), std::string::npos) << joined.out;
  Json combined = ReadJson(dir.path() / "combined/eval.json");
  EXPECT_EQ(combined["combined_from"], Json({combine[4], combine[2], combine[3]}));
  combined.erase("combined_from");
  EXPECT_EQ(Timeless(combined).dump(2), Timeless(ReadJson(dir.path() / "whole/eval.json")).dump(2));
  // A finished eval is not overwritten; an earlier combine is.
  std::vector<std::string> into_whole(combine.begin(), combine.end() - 1);
  into_whole.push_back((dir.path() / "whole").string());
  RunOutput over = RunTrace2skill(into_whole);
  EXPECT_EQ(over.exit_code, 1);
  EXPECT_EQ(over.err, "trace2skill eval: " + (dir.path() / "whole").string() +
                          ": holds files and no earlier eval --combine; use another --out, or "
                          "--force to write into it\n");
  RunOutput again = RunTrace2skill(combine);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Timeless(ReadJson(dir.path() / "combined/runs/sums/seed-42/results.json")["tasks"]),
            Timeless(ReadJson(dir.path() / "whole/runs/sums/seed-42/results.json")["tasks"]));
  EXPECT_TRUE(fs::exists(dir.path() / "combined/report.html"));
  RunOutput mixed = RunTrace2skill({"eval", "--combine", combine[2], "--suite", "x", "--out",
                                    (dir.path() / "m2").string()});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_EQ(mixed.err.substr(0, mixed.err.find('\n')),
            "trace2skill eval: --combine joins finished shards: give only their folders, --out "
            "(and --force, --json); the shards hold the suite, skills and seeds");
}

}  // namespace
}  // namespace t2s
