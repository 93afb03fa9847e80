// End-to-end tests of `trace2skill evolve` against the loopback fake model.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "base/file_io.h"
#include "skill/skill.h"
#include "testing/evolve_responder.h"
#include "testing/constrained_llm_server.h"
#include "testing/run_binary.h"
#include "testing/run_invariants.h"
#include "testing/temp_dir.h"
#include "trace/token_estimate.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::RunOutput;
using testing::RunTrace2skill;

constexpr const char* kSkill = "examples/skills/airline-support";
constexpr const char* kTraces = "examples/traces/airline-demo.jsonl";

Json ReadJson(const fs::path& p) { return Json::parse(*ReadFile(p)); }

std::vector<std::string> Evolve(const testing::FakeLlmServer& server, const std::string& out,
                                std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"evolve", "--traces", kTraces,      "--skill",         kSkill,
                                   "--out",  out,        "--base-url", server.base_url(), "--model",
                                   "fake",   "--fan-in", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Every applied edit has sources; every trajectory and every edit of every patch has a fate.
void ExpectAccounted(const fs::path& out, size_t trajectories) {
  Json fates = ReadJson(out / "fates.json");
  EXPECT_EQ(fates["trajectories"].size(), trajectories);
  std::set<std::string> with_fate;
  for (const Json& e : fates["edits"]) with_fate.insert(e["id"].get<std::string>());
  for (const auto& entry : fs::directory_iterator(out / "patches")) {
    for (const Json& e : ReadJson(entry.path())["edits"]) {
      EXPECT_EQ(with_fate.count(e["id"].get<std::string>()), 1u)
          << e["id"] << " in " << entry.path();
    }
  }
  for (const Json& e : ReadJson(out / "provenance.json")["edits"]) {
    EXPECT_GE(e["sources"].size(), 1u);
    EXPECT_EQ(e["support"], e["sources"].size());
  }
}

TEST(EvolveCliTest, ProducesAValidTraceableSkillAndLeavesTheInputAlone) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  Result<Skill> before = LoadSkill(kSkill);
  RunOutput r = RunTrace2skill(Evolve(server, out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "evolved examples/skills/airline-support with 3 trajectories -> " + out +
                "/skill/airline-support");
  RunOutput v = RunTrace2skill({"validate", out + "/skill/airline-support"});
  EXPECT_EQ(v.exit_code, 0) << v.out;
  ExpectAccounted(out, 3);
  EXPECT_EQ(testing::RunInvariantViolations(kSkill, out), std::vector<std::string>{});
  Json provenance = ReadJson(fs::path(out) / "provenance.json");
  ASSERT_EQ(provenance["edits"].size(), 1u);
  EXPECT_EQ(provenance["edits"][0]["sources"],
            Json({"demo-baggage-fail", "demo-cancel-success", "demo-split-payment-fail"}));
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["counts"]["analyzed"], 3);
  EXPECT_EQ(manifest["accounting"]["stages"]["analyze"]["calls"], 3);
  EXPECT_EQ(LoadSkill(kSkill)->files, before->files);
  for (const char* f : {"diff.patch", "changelog.md", "report.html", "run.sqlite"}) {
    EXPECT_TRUE(fs::exists(fs::path(out) / f)) << f;
  }
}

TEST(EvolveCliTest, JsonGivesTheSummaryAloneOnStdoutAndProgressGoesToStderr) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);  // nothing else on stdout
  EXPECT_EQ(j["schema"], "t2s.evolve-summary/1");
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_EQ(j["trajectories"], 3);
  EXPECT_EQ(j["analyzed"], 3);
  EXPECT_EQ(j["skill_out"], out + "/skill/airline-support");
  EXPECT_EQ(j["edits"]["applied"], 1);
  EXPECT_GT(j["tokens"].get<int64_t>(), 0);
  EXPECT_TRUE(j["cost_usd"].is_null()) << "no price configured";
  EXPECT_EQ(j["report"], out + "/report.html");
  // The lines for people went to stderr, with the progress of each stage
  // (stderr is not a terminal here: plain lines) and the closing totals.
  EXPECT_NE(r.err.find("evolved examples/skills/airline-support with 3 trajectories"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("analyze: 3/3 (100 %), 0 failed, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cost unknown: set [prices]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("  took "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("  next: open " + out + "/report.html"), std::string::npos) << r.err;
  // A re-run is answered from the run's store, and says so.
  RunOutput again = RunTrace2skill(Evolve(server, out, {"--json"}));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  Json k = Json::parse(again.out);
  EXPECT_EQ(k["tokens"], 0);
  EXPECT_GE(k["cache_hits"].get<int64_t>(), 3);
  // A usage error still gives JSON, with the reason.
  RunOutput bad = RunTrace2skill({"evolve", "--out", out, "--json"});
  EXPECT_EQ(bad.exit_code, 2);
  Json b = Json::parse(bad.out);
  EXPECT_EQ(b["exit_code"], 2);
  EXPECT_EQ(b["error"], "give --traces PATH... or --store DIR");
}

TEST(EvolveCliTest, AnthropicAnswersThroughAForcedToolCall) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--provider", "anthropic"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectAccounted(out, 3);
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["llm"]["structured_output"], "tool");
  EXPECT_GE(manifest["counts"]["applied_edits"].get<int>(), 1);
  for (const testing::SeenRequest& seen : server.seen()) {
    ASSERT_EQ(seen.path, "/v1/messages");
    Json body = Json::parse(seen.body);
    EXPECT_EQ(body["tool_choice"]["type"], "tool");
    EXPECT_EQ(body["tools"][0]["name"], body["tool_choice"]["name"]);
    if (body["tool_choice"]["name"] != "t2s_analysis") continue;
    // The shared prefix (system prompt; the skill and how to answer) is
    // marked for the provider's cache; the trajectory comes after it.
    EXPECT_EQ(body["system"][0]["cache_control"]["type"], "ephemeral");
    const Json& blocks = body["messages"][0]["content"];
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(blocks[0]["cache_control"]["type"], "ephemeral");
    EXPECT_EQ(blocks[0]["text"].get<std::string>().rfind("# The skill (SKILL.md)", 0), 0u);
    EXPECT_EQ(blocks[1]["text"].get<std::string>().rfind("# The trajectory", 0), 0u);
    EXPECT_FALSE(blocks[1].contains("cache_control"));
  }
}

TEST(EvolveCliTest, ARerunMakesNoCallAndGivesIdenticalOutput) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  ASSERT_EQ(RunTrace2skill(Evolve(server, out)).exit_code, 0);
  int calls = server.request_count();
  std::string diff = *ReadFile(fs::path(out) / "diff.patch");
  std::string fates = *ReadFile(fs::path(out) / "fates.json");
  // What a writer killed mid-write leaves behind goes with the next run.
  std::ofstream(fs::path(out) / "patches/final.json.tmp-01a2b3c4") << "{";
  fs::create_directories(fs::path(out) / "skill/airline-support.old-9f8e7d6c");
  std::ofstream(fs::path(out) / "notes.tmp-mine") << "a user's file";
  RunOutput again = RunTrace2skill(Evolve(server, out));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.request_count(), calls);
  EXPECT_EQ(*ReadFile(fs::path(out) / "diff.patch"), diff);
  EXPECT_EQ(*ReadFile(fs::path(out) / "fates.json"), fates);
  EXPECT_FALSE(fs::exists(fs::path(out) / "patches/final.json.tmp-01a2b3c4"));
  EXPECT_FALSE(fs::exists(fs::path(out) / "skill/airline-support.old-9f8e7d6c"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "notes.tmp-mine"));
  // Another seed is another run: refused in the same folder without --resume.
  RunOutput other = RunTrace2skill(Evolve(server, out, {"--seed", "9"}));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(other.err,
            "trace2skill evolve: " + out +
                ": holds a run with other inputs or settings; use another --out, or --resume to "
                "continue it anyway\n");
  // The same inputs in a fresh folder give the same skill.
  std::string out2 = (tmp.path() / "run2").string();
  ASSERT_EQ(RunTrace2skill(Evolve(server, out2)).exit_code, 0);
  EXPECT_EQ(*ReadFile(fs::path(out2) / "diff.patch"), diff);
}

TEST(EvolveCliTest, FaultsStillEndInACompleteAccountedRun) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::FakeReply limited;
  limited.status = 429;
  limited.headers = {{"Retry-After", "0"}};
  testing::FakeReply broken;
  broken.status = 500;
  testing::FakeReply garbage;
  garbage.body = "not json at all";
  testing::FakeReply truncated;
  truncated.content = "{\"kind\": \"err";
  truncated.finish_reason = "length";
  server.Script({limited, broken, garbage, truncated});
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--concurrency", "1"}));
  // One analysis failed: done, but not with all of the input.
  ASSERT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("trace2skill evolve: 1 of 3 analyses failed (reasons above and in "
                       "fates.json); the skill was evolved from the other 2\n"),
            std::string::npos)
      << r.err;
  ExpectAccounted(out, 3);
  Json fates = ReadJson(fs::path(out) / "fates.json");
  // The truncated answer is a failed analysis with its reason; the rest were retried.
  int failed = 0;
  for (const Json& t : fates["trajectories"]) {
    if (t["fate"] == "failed") {
      ++failed;
      EXPECT_EQ(t["reason"], "the answer was cut off at max_tokens (4096)");
    }
  }
  EXPECT_EQ(failed, 1);
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["accounting"]["stages"]["analyze"]["failures"]["length"], 1);
  EXPECT_GE(manifest["accounting"]["stages"]["analyze"]["retries"], 3);
}

TEST(EvolveCliTest, AFailedMergeCarriesItsInputsUpOnRecord) {
  testing::ConstrainedLlmServer server;
  server.SetResponder([](const testing::SeenRequest& req) {
    testing::FakeReply reply = testing::EvolveResponder(req);
    if (req.body.find("\"t2s_merge\"") != std::string::npos) {
      reply.status = 503;
      reply.body = "{\"error\": {\"message\": \"overloaded\"}}";
    }
    return reply;
  });
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--max-attempts", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectAccounted(out, 3);
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["notes"][0],
            "merge L1-0000 failed (HTTP 503: overloaded (after 1 attempts)); its inputs were "
            "carried up unchanged");
  // The folded duplicate aside, every proposed edit reached the final patch.
  EXPECT_EQ(manifest["counts"]["applied_edits"].get<int>() +
                manifest["counts"]["dropped_final_edits"].get<int>(),
            5);
}

TEST(EvolveCliTest, AKilledRunResumesWithoutRepeatingAnsweredCalls) {
  testing::ConstrainedLlmServer server;
  // The 3rd call hangs: the run is killed while waiting for it.
  std::atomic<int> calls{0};
  server.SetResponder([&](const testing::SeenRequest& req) {
    testing::FakeReply reply = testing::EvolveResponder(req);
    if (++calls == 3) reply.delay_ms = 1000;
    return reply;
  });
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  int pid = testing::StartTrace2skill(Evolve(server, out, {"--concurrency", "1"}));
  for (int i = 0; i < 500 && server.request_count() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(server.request_count(), 3);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  std::vector<testing::SeenRequest> first = server.seen();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--concurrency", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<testing::SeenRequest> all = server.seen();
  // The two calls answered before the kill are never asked again.
  for (size_t i = 3; i < all.size(); ++i) {
    EXPECT_NE(all[i].body, first[0].body);
    EXPECT_NE(all[i].body, first[1].body);
  }
  ExpectAccounted(out, 3);
}

TEST(EvolveCliTest, DraftsANewSkillThenEvolvesIt) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill({"evolve", "--traces", kTraces, "--new", "airline-helper", "--about",
                                "Answers airline customers", "--out", out, "--base-url",
                                server.base_url(), "--model", "fake"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(fs::path(out) / "draft/airline-helper/SKILL.md"));
  EXPECT_EQ(RunTrace2skill({"validate", out + "/skill/airline-helper"}).exit_code, 0);
  std::string skill = *ReadFile(fs::path(out) / "skill/airline-helper/SKILL.md");
  EXPECT_NE(skill.find("- Re-check totals and ids before any write action."), std::string::npos);
  // The draft is a call of the run like the others: counted, and under the run's budget.
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["accounting"]["stages"]["draft"]["calls"], 1);
  EXPECT_EQ(manifest["accounting"]["total"]["calls"], server.request_count());
  RunOutput usage =
      RunTrace2skill({"evolve", "--traces", kTraces, "--new", "x", "--out", out, "--model", "m"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(
      usage.err,
      "trace2skill evolve: give --skill DIR, or --new NAME with --about \"what the agent does\"\nRun 'trace2skill evolve --help' for the options of evolve.\n");
}

TEST(EvolveCliTest, AnOverBudgetSkillGetsOneRestructuringCall) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);  // answers restructuring with no edit
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--max-skill-lines", "20"}));
  // The output is still over budget: a validation error, so the run fails.
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("trace2skill evolve: the evolved skill has 1 validation error (trace2skill "
                       "validate --strict " +
                       out + "/skill/airline-support)\n"),
            std::string::npos)
      << r.err;
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["accounting"]["stages"]["restructure"]["calls"], 1);
  EXPECT_EQ(
      manifest["notes"][0],
      "restructuring was not kept: it did not bring SKILL.md within budget without new errors");
}

TEST(EvolveCliTest, DryRunCountsAndCallsNothing) {
  testing::ConstrainedLlmServer server;
  RunOutput r = RunTrace2skill({"evolve", "--traces", kTraces, "--skill", kSkill, "--out",
                                "/nonexistent/never", "--model", "m", "--base-url",
                                server.base_url(), "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "dry run: 3 trajectories, 3 selected (--mode combined)");
  EXPECT_EQ(server.request_count(), 0);
  EXPECT_FALSE(fs::exists("/nonexistent/never"));
}

}  // namespace
}  // namespace t2s

namespace t2s {
namespace {

TEST(EvolveCliTest, TauBenchAirlineWithThePolicyAsSeedSkill) {
  fs::path data = fs::path(T2S_SOURCE_DIR) / "../shared/data/tau-bench-airline";
  if (!fs::exists(data / "gpt-4o-airline.json")) GTEST_SKIP() << "no shared tau-bench data";
  testing::TempDir tmp;
  // The seed skill: the airline policy, made into a skill by the test (not stored in the repo).
  std::string policy = *ReadFile(data / "policy.md");
  tmp.Write(
      "airline/SKILL.md",
      "---\nname: airline\ndescription: Airline customer-service policy for booking, changing and "
      "cancelling flights.\n---\n\n" +
          policy);
  // The strictest server, with about 17% of requests failing: 500s, 429s, dropped connections.
  testing::ConstrainedLlmServer server(16);
  std::atomic<int> seen{0}, faults{0};
  server.SetResponder([&](const testing::SeenRequest& req) {
    int i = seen++;
    testing::FakeReply reply = testing::EvolveResponder(req);
    if (i % 10 == 3) {
      reply.status = 500;
      reply.body = "{\"error\": {\"message\": \"internal error\"}}";
    } else if (i % 20 == 7) {
      reply.status = 429;
      reply.body = "{\"error\": {\"message\": \"slow down\"}}";
      reply.headers = {{"Retry-After", "0"}};
    } else if (i % 40 == 11) {
      reply.drop = true;
    } else {
      return reply;
    }
    ++faults;
    return reply;
  });
  std::string out = (tmp.path() / "run").string();
  RunOutput r =
      RunTrace2skill({"evolve", "--traces", (data / "gpt-4o-airline.json").string(), "--skill",
                      (tmp.path() / "airline").string(), "--out", out, "--base-url",
                      server.base_url(), "--model", "fake", "--concurrency", "16"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::printf("tau-bench under faults: %d of %d requests failed\n", faults.load(), seen.load());
  EXPECT_GE(faults.load() * 100, seen.load() * 10);
  EXPECT_LE(faults.load() * 100, seen.load() * 20);
  ExpectAccounted(out, 200);
  EXPECT_EQ(testing::RunInvariantViolations(tmp.path() / "airline", out),
            std::vector<std::string>{});
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["counts"]["analyzed"], 200);
  EXPECT_EQ(manifest["llm"]["structured_output"], "json_schema");
  Json analyze = manifest["accounting"]["stages"]["analyze"];
  EXPECT_EQ(analyze["calls"], 200);
  EXPECT_GE(analyze["retries"].get<int>(), 20);
  // An edit with real content was applied (the fake merges every edit of a section into one),
  // carrying every trajectory behind it.
  EXPECT_EQ(manifest["counts"]["applied_edits"].get<int>(), 1);
  std::string skill = *ReadFile(fs::path(out) / "skill/airline/SKILL.md");
  EXPECT_TRUE(skill.find("- Re-check totals and ids before any write action.") != std::string::npos ||
              skill.find("- Confirm the plan with the user before acting.") != std::string::npos);
  EXPECT_EQ(ReadJson(fs::path(out) / "provenance.json")["edits"][0]["support"], 200);
  // Token efficiency, for the record: prompt tokens the analysts and merges sent.
  std::map<std::string, std::pair<size_t, size_t>> tokens;  // schema -> (calls, prompt tokens)
  std::set<std::string> bodies;  // a retried request counts once
  for (const testing::SeenRequest& seen : server.seen()) {
    if (!bodies.insert(seen.body).second) continue;
    Json body = Json::parse(seen.body);
    std::string schema = body["response_format"]["json_schema"]["name"];
    size_t n = 0;
    for (const Json& m : body["messages"]) n += EstimateTokens(m["content"].get<std::string>());
    tokens[schema].first += 1;
    tokens[schema].second += n;
  }
  for (const auto& [schema, t] : tokens) {
    std::printf("tau-bench %s: %zu calls, %zu prompt tokens per call (estimate)\n", schema.c_str(),
                t.first, t.second / t.first);
  }
  EXPECT_EQ(tokens["t2s_analysis"].first, 200u);
  // Merge prompts carry the mined counts.
  bool evidence = false;
  for (const testing::SeenRequest& seen : server.seen()) {
    evidence = evidence || (seen.body.find("t2s_merge") != std::string::npos &&
                            seen.body.find("Measured evidence") != std::string::npos &&
                            seen.body.find("payment amount does not add up") != std::string::npos);
  }
  EXPECT_TRUE(evidence);
  EXPECT_EQ(RunTrace2skill({"validate", out + "/skill/airline"}).exit_code, 0);
}

}  // namespace
}  // namespace t2s
