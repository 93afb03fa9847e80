// End-to-end tests of `trace2skill run` against the loopback fake model: a
// scripted agent that solves the task only when the skill tells it how,
// the sandbox holding against escapes, faults mid-episode and a resume
// that asks no answered turn again, bad suites.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "base/file_io.h"
#include "testing/fake_llm_server.h"
#include "testing/run_binary.h"
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

// A suite of three tasks: sum the numbers of data.txt into answer.txt.
void WriteSuite(const testing::TempDir& dir) {
  dir.Write("suite/suite.json",
            R"({"schema":"t2s.suite/1","name":"sums","description":"Add numbers up"})");
  std::string tasks;
  for (int i = 1; i <= 3; ++i) {
    dir.Write(fmt::format("suite/data/d{}.txt", i), fmt::format("{}\n{}\n", i, 10 * i));
    dir.Write(fmt::format("suite/golden/g{}.txt", i), std::to_string(11 * i));
    tasks += fmt::format(
        R"({{"id":"t{0}","instruction":"Add up the numbers in data.txt ({0}).","type":"sum",)"
        R"("files":[{{"from":"data/d{0}.txt","to":"data.txt"}}],)"
        R"("check":{{"kind":"command","run":"cmp -s answer.txt \"$T2S_SUITE/golden/g{0}.txt\""}}}})"
        "\n",
        i);
  }
  dir.Write("suite/tasks.jsonl", tasks);
  dir.Write("skill/sums/SKILL.md",
            "---\nname: sums\ndescription: Adding numbers from files.\n---\n# Sums\n\n"
            "Write the total, without a newline, to answer.txt.\n");
}

FakeReply Bash(const std::string& command, const std::string& id) {
  FakeReply r;
  r.tool_calls = {{id, "bash", Json{{"command", command}}.dump()}};
  return r;
}

// The scripted agent: sums with awk; writes answer.txt without a newline
// only when the system prompt's skill says so (else total.txt).
FakeReply SumAgent(const SeenRequest& seen) {
  Json body = Json::parse(seen.body);
  const Json& messages = body["messages"];
  size_t tools = 0;
  for (const Json& m : messages) tools += m["role"] == "tool" ? 1 : 0;
  std::string system = messages[0]["content"];
  bool told = system.find("without a newline, to answer.txt") != std::string::npos;
  if (tools == 0) return Bash("cat data.txt", "a");
  if (tools == 1) {
    return Bash(told ? "awk '{s+=$1} END {printf \"%d\", s}' data.txt > answer.txt"
                     : "awk '{s+=$1} END {print s}' data.txt > total.txt",
                "b");
  }
  FakeReply done;
  done.content = "Done.";
  return done;
}

std::vector<std::string> RunArgs(const FakeLlmServer& server, const testing::TempDir& dir,
                             const std::string& skill, const std::string& out,
                             std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run",   "--suite",    (dir.path() / "suite").string(),
                                   "--skill", skill,      "--out",
                                   out,     "--base-url", server.base_url(),
                                   "--model", "fake",     "--max-attempts",
                                   "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

Json ReadJson(const fs::path& p) { return Json::parse(*ReadFile(p)); }

TEST(RunCliTest, TheAgentPassesOnlyWithTheSkillThatTellsItHow) {
  FakeLlmServer server;
  server.SetResponder(SumAgent);
  testing::TempDir dir;
  WriteSuite(dir);
  std::string base = (dir.path() / "base").string();
  RunOutput none = RunTrace2skill(RunArgs(server, dir, "none", base));
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out.substr(0, none.out.find('\n')), "sums: 3 tasks: 0 pass, 3 fail, 0 error");
  Json results = ReadJson(fs::path(base) / "results.json");
  EXPECT_EQ(results["schema"], "t2s.results/1");
  EXPECT_EQ(results["tasks"][0]["verdict"], "fail");
  EXPECT_EQ(results["tasks"][0]["turns"], 3);

  std::string with = (dir.path() / "with").string();
  RunOutput skilled =
      RunTrace2skill(RunArgs(server, dir, (dir.path() / "skill/sums").string(), with));
  EXPECT_EQ(skilled.exit_code, 0) << skilled.err;
  results = ReadJson(fs::path(with) / "results.json");
  EXPECT_EQ(results["summary"]["pass"], 3);
  EXPECT_EQ(results["summary"]["pass_rate"], 1.0);
  EXPECT_EQ(*ReadFile(fs::path(with) / "workspaces/t2/answer.txt"), "22");
  EXPECT_FALSE(fs::exists(fs::path(with) / "workspaces/t2/golden"));
  EXPECT_TRUE(server.violations().empty());

  // The trajectories are what evolve and ingest read, labelled by the checker.
  std::string lines = *ReadFile(fs::path(with) / "trajectories.jsonl");
  Json first = Json::parse(lines.substr(0, lines.find('\n')));
  EXPECT_EQ(first["schema"], "t2s.trajectory/1");
  EXPECT_EQ(first["id"], "t1");
  EXPECT_EQ(first["outcome"]["label"], "success");
  EXPECT_EQ(first["metadata"]["suite"], "sums");
  EXPECT_EQ(first["metadata"]["skill"], "sums");
  RunOutput stats = RunTrace2skill({"mine", (fs::path(base) / "trajectories.jsonl").string(), "--json"});
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(Json::parse(stats.out)["trajectories"], 3) << stats.out;
  RunOutput evolve = RunTrace2skill(
      {"evolve", "--traces", (fs::path(base) / "trajectories.jsonl").string(), "--skill",
       (dir.path() / "skill/sums").string(), "--out", (dir.path() / "evolved").string(),
       "--dry-run", "--model", "fake", "--base-url", server.base_url()});
  EXPECT_EQ(evolve.exit_code, 0) << evolve.err;
  // Failures written by run get agentic analysts (they know the task).
  EXPECT_NE(evolve.out.find("analyze (agentic): 3 episodes of at most 30 turns: at most 90 calls"),
            std::string::npos)
      << evolve.out;

  // The same command again finds every task finished and asks nothing.
  int asked = server.request_count();
  RunOutput again = RunTrace2skill(RunArgs(server, dir, "none", base));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("resumed: 3 tasks finished in an earlier run, 0 model turns"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(server.request_count(), asked);
  // --json: results.json alone on stdout, with the exit code; a refused
  // command does not pass off the folder's old results as its own.
  RunOutput json = RunTrace2skill(RunArgs(server, dir, "none", base, {"--json"}));
  EXPECT_EQ(json.exit_code, 0) << json.err;
  Json j = Json::parse(json.out);
  EXPECT_EQ(j["schema"], "t2s.results/1");
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_EQ(j["summary"]["fail"], 3);
  RunOutput refused = RunTrace2skill(RunArgs(server, dir, "none", base, {"--json", "--jobs", "0"}));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(Json::parse(refused.out), Json({{"exit_code", 2}}));
}

TEST(RunCliTest, AFaultMidEpisodeResumesWithoutAskingAnsweredTurnsAgain) {
  FakeLlmServer server;
  std::mutex mu;
  std::map<std::string, int> answered;  // request body -> times answered with 200
  int calls = 0;
  server.SetResponder([&](const SeenRequest& seen) {
    std::lock_guard<std::mutex> lock(mu);
    ++calls;
    FakeReply reply;
    if (calls == 5) {  // the server fails once, mid-episode
      reply.status = 503;
      return reply;
    }
    ++answered[seen.body];
    return SumAgent(seen);
  });
  testing::TempDir dir;
  WriteSuite(dir);
  std::string out = (dir.path() / "out").string();
  RunOutput first = RunTrace2skill(RunArgs(server, dir, (dir.path() / "skill/sums").string(), out,
                                       {"--concurrency", "1"}));
  EXPECT_EQ(first.exit_code, 3) << first.err;
  EXPECT_NE(first.err.find("did not finish"), std::string::npos) << first.err;
  Json results = ReadJson(fs::path(out) / "results.json");
  EXPECT_EQ(results["summary"]["unfinished"], 1);
  RunOutput second = RunTrace2skill(RunArgs(server, dir, (dir.path() / "skill/sums").string(), out,
                                        {"--concurrency", "1"}));
  EXPECT_EQ(second.exit_code, 0) << second.err;
  // The unfinished task's first turns came from the cache.
  EXPECT_NE(second.out.find("resumed: 2 tasks finished in an earlier run, "), std::string::npos)
      << second.out;
  results = ReadJson(fs::path(out) / "results.json");
  EXPECT_EQ(results["summary"]["pass"], 3);
  // What this run paid is told apart from what the cache answered.
  const Json& now = results["summary"]["this_run"];
  EXPECT_GE(now["cached_turns"].get<int>(), 1) << now;
  EXPECT_GT(now["cached_tokens"].get<int64_t>(), 0) << now;
  EXPECT_GT(now["paid_tokens"].get<int64_t>(), 0) << now;
  EXPECT_EQ(results["summary"]["price_known"], false);
  std::string html = *ReadFile(fs::path(out) / "report.html");
  EXPECT_NE(html.find("model turns answered from the cache ("), std::string::npos);
  EXPECT_NE(second.out.find("took "), std::string::npos) << second.out;
  EXPECT_NE(second.err.find("run: 1/1 (100 %), 0 failed, "), std::string::npos) << second.err;
  for (const auto& [body, times] : answered) EXPECT_EQ(times, 1) << body.substr(0, 300);
  EXPECT_EQ(calls, 3 * 3 + 1);  // every turn answered once, plus the failed call
}

TEST(RunCliTest, TheSandboxHolds) {
  FakeLlmServer server;
  testing::TempDir dir;
  WriteSuite(dir);
  std::string golden = (dir.path() / "suite/golden/g1.txt").string();
  std::string outside = (dir.path() / "escaped.txt").string();
  std::vector<std::string> attempts = {
      "cat " + golden,
      "echo x > " + outside,
      "echo x > /usr/escaped.txt",
      "exec 3<>/dev/tcp/" + server.base_url().substr(7, server.base_url().rfind(':') - 7) + "/" +
          server.base_url().substr(server.base_url().rfind(':') + 1, 5) + " && echo connected",
  };
  server.SetResponder([&](const SeenRequest& seen) {
    Json body = Json::parse(seen.body);
    size_t tools = 0;
    for (const Json& m : body["messages"]) tools += m["role"] == "tool" ? 1 : 0;
    if (tools < attempts.size()) return Bash(attempts[tools], "e" + std::to_string(tools));
    FakeReply done;
    done.content = "Done.";
    return done;
  });
  std::string out = (dir.path() / "out").string();
  RunOutput r = RunTrace2skill(RunArgs(server, dir, "none", out, {"--tasks", "0:1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(outside));
  EXPECT_FALSE(fs::exists("/usr/escaped.txt"));
  std::string lines = *ReadFile(fs::path(out) / "trajectories.jsonl");
  Json t = Json::parse(lines.substr(0, lines.find('\n')));
  std::vector<Json> results;
  for (const Json& s : t["steps"]) {
    if (s["role"] == "tool") results.push_back(s);
  }
  ASSERT_EQ(results.size(), 4u);
  for (const Json& s : results) {
    EXPECT_TRUE(s.value("is_error", false)) << s.dump();
    // The golden value, not a digit pair of the random temporary folder's name.
    std::string content = s["content"].get<std::string>();
    for (size_t at; (at = content.find(dir.path().string())) != std::string::npos;) {
      content.erase(at, dir.path().string().size());
    }
    EXPECT_EQ(content.find("11"), std::string::npos) << s.dump();
    EXPECT_EQ(s["content"].get<std::string>().find("connected"), std::string::npos) << s.dump();
  }
}

TEST(RunCliTest, BadSuitesAndFlagsGetOneLine) {
  FakeLlmServer server;
  testing::TempDir dir;
  WriteSuite(dir);
  dir.Write("suite/tasks.jsonl",
            "{\"id\":\"a\",\"instruction\":\"x\",\"check\":{\"kind\":\"exact\",\"expected\":\"y\"}}\n"
            "{\"id\":\"b\",\"instruction\":\"x\",\"check\":{\"kind\":\"regex\"}}\n");
  RunOutput r = RunTrace2skill(RunArgs(server, dir, "none", (dir.path() / "out").string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("tasks.jsonl:2: field \"check.kind\""), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(server.request_count(), 0);
  RunOutput mode = RunTrace2skill(
      RunArgs(server, dir, "none", (dir.path() / "out").string(), {"--skill-mode", "inline"}));
  EXPECT_EQ(mode.exit_code, 2);
  EXPECT_EQ(mode.err, "trace2skill run: --skill-mode: expected preload or files, got \"inline\"\nRun 'trace2skill run --help' for the options of run.\n");
  WriteSuite(dir);  // a good suite again
  RunOutput range = RunTrace2skill(
      RunArgs(server, dir, "none", (dir.path() / "out").string(), {"--tasks", "abc"}));
  EXPECT_EQ(range.exit_code, 2) << range.err;
  EXPECT_EQ(range.err.rfind("trace2skill run: task range \"abc\": ", 0), 0u) << range.err;
}

}  // namespace
}  // namespace t2s

namespace t2s {
namespace {

// SpreadsheetBench from the shared data: an agent that saves the input
// workbook unchanged as the output the instruction names. The checker
// grades it against the golden workbook (fail, unless the task asks for
// nothing); the trajectories carry the verdicts.
TEST(RunCliTest, SpreadsheetBenchTasksRunAndAreGraded) {
  const fs::path data = "../shared/data/spreadsheetbench-verified-400";
  if (!fs::exists(data / "dataset.json")) {
    GTEST_SKIP() << "no SpreadsheetBench data at " << data << "; skipping";
  }
  FakeLlmServer server;
  server.SetResponder([](const SeenRequest& seen) {
    Json body = Json::parse(seen.body);
    const Json& messages = body["messages"];
    std::string task = messages[1]["content"];
    for (const Json& m : messages) {
      if (m["role"] == "tool") {
        FakeReply done;
        done.content = "Saved.";
        return done;
      }
    }
    const std::string is = "The spreadsheet is ";
    size_t start = task.find(is) + is.size();
    std::string input = task.substr(start, task.find(' ', start) - start);  // 1_<id>_input.xlsx
    std::string output = input.substr(0, input.size() - 11) + "_output.xlsx";
    return Bash("cp " + input + " " + output, "cp");
  });
  testing::TempDir dir;
  std::string out = (dir.path() / "sb").string();
  RunOutput r = RunTrace2skill({"run", "--suite", "spreadsheetbench:" + data.string(), "--tasks",
                                "0:3", "--skill", "none", "--out", out, "--base-url",
                                server.base_url(), "--model", "fake"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json results = ReadJson(fs::path(out) / "results.json");
  ASSERT_EQ(results["tasks"].size(), 3u);
  for (const Json& t : results["tasks"]) {
    EXPECT_NE(t["verdict"], "error") << t.dump();
    EXPECT_EQ(t["turns"], 2) << t.dump();
  }
  std::string lines = *ReadFile(fs::path(out) / "trajectories.jsonl");
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 3);
  EXPECT_TRUE(server.violations().empty());
}

}  // namespace
}  // namespace t2s
