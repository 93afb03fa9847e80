// End-to-end tests of what `trace2skill evolve` says and exits with when a
// run goes wrong: bad usage, unusable input, total failure, nothing applied.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <fstream>
#include <thread>

#include "base/file_io.h"
#include "testing/evolve_responder.h"
#include "testing/constrained_llm_server.h"
#include "testing/run_binary.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::RunOutput;
using testing::RunTrace2skill;

constexpr const char* kSkill = "examples/skills/airline-support";
constexpr const char* kTraces = "examples/traces/airline-demo.jsonl";

Json ReadJson(const fs::path& p) { return Json::parse(*ReadFile(p)); }

// The last line of `text` ("" when none).
std::string LastLineOf(const std::string& text) {
  std::string t = text.substr(0, text.find_last_not_of('\n') + 1);
  return t.substr(t.rfind('\n') + 1);
}

std::vector<std::string> Evolve(const testing::FakeLlmServer& server, const std::string& out,
                                std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"evolve", "--skill",    kSkill,            "--out",
                                   out,      "--base-url", server.base_url(), "--model",
                                   "fake",   "--fan-in",   "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  if (std::find(extra.begin(), extra.end(), "--traces") == extra.end()) {
    args.push_back("--traces");
    args.push_back(kTraces);
  }
  return args;
}

TEST(EvolveOutcomesTest, AFanInBelowTwoIsAUsageError) {
  testing::ConstrainedLlmServer server;
  testing::TempDir tmp;
  for (const char* k : {"0", "1"}) {
    std::vector<std::string> args = Evolve(server, (tmp.path() / "run").string(), {"--dry-run"});
    args[std::find(args.begin(), args.end(), "--fan-in") - args.begin() + 1] = k;
    RunOutput r = RunTrace2skill(args);
    EXPECT_EQ(r.exit_code, 2) << k;
    EXPECT_EQ(r.err, std::string("trace2skill evolve: --fan-in: expected 2 or more patches per "
                                 "merge call, got ") +
                         k + "\nRun 'trace2skill evolve --help' for the options of evolve.\n");
  }
  EXPECT_EQ(server.request_count(), 0);
}

TEST(EvolveOutcomesTest, ACostBudgetWithoutAPriceIsAUsageError) {
  testing::ConstrainedLlmServer server;
  testing::TempDir tmp;
  RunOutput r = RunTrace2skill(Evolve(server, (tmp.path() / "run").string(), {"--max-cost", "5"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "trace2skill evolve: --max-cost needs the price of model \"fake\" (set "
            "[prices.\"fake\"] input = ..., output = ... in trace2skill.toml): without it every "
            "call costs $0 and the budget never stops the run\nRun 'trace2skill evolve --help' for the options of evolve.\n");
  EXPECT_EQ(server.request_count(), 0);
}

TEST(EvolveOutcomesTest, NewWithoutAModelIsAUsageErrorNotACrash) {
  testing::TempDir tmp;
  RunOutput r = RunTrace2skill({"evolve", "--traces", kTraces, "--new", "helper", "--about",
                                "Helps", "--out", (tmp.path() / "run").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err,
            "trace2skill evolve: --new drafts the skill with a model: give --model and --base-url "
            "(or set T2S_MODEL and OPENAI_BASE_URL); the offline analyst needs an existing "
            "--skill\nRun 'trace2skill evolve --help' for the options of evolve.\n");
}

TEST(EvolveOutcomesTest, OutInsideTheSkillAndABadNewNameAreRefused) {
  testing::ConstrainedLlmServer server;
  testing::TempDir tmp;
  fs::copy(kSkill, tmp.path() / "airline-support", fs::copy_options::recursive);
  std::string skill = (tmp.path() / "airline-support").string();
  std::vector<std::string> args = Evolve(server, skill + "/runs/one");
  args[2] = skill;
  RunOutput inside = RunTrace2skill(args);
  EXPECT_EQ(inside.exit_code, 2);
  EXPECT_EQ(inside.err, "trace2skill evolve: --out " + skill +
                            "/runs/one is the input skill folder or inside it; the input is "
                            "never modified\nRun 'trace2skill evolve --help' for the options of evolve.\n");
  EXPECT_FALSE(fs::exists(skill + "/runs"));
  RunOutput absolute = RunTrace2skill({"evolve", "--traces", kTraces, "--new", "/tmp/victim",
                                       "--about", "x", "--out", (tmp.path() / "run").string(),
                                       "--base-url", server.base_url(), "--model", "fake"});
  EXPECT_EQ(absolute.exit_code, 2);
  EXPECT_EQ(absolute.err,
            "trace2skill evolve: --new: name \"/tmp/victim\" may hold only lowercase letters a-z, "
            "digits and '-'\nRun 'trace2skill evolve --help' for the options of evolve.\n");
  EXPECT_EQ(server.request_count(), 0);
}

TEST(EvolveOutcomesTest, NewRefusesANonEmptyOutBeforeDrafting) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  tmp.Write("taken/notes.txt", "mine");
  std::string out = (tmp.path() / "taken").string();
  RunOutput r = RunTrace2skill({"evolve", "--traces", kTraces, "--new", "helper", "--about",
                                "Helps", "--out", out, "--base-url", server.base_url(), "--model",
                                "fake"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill evolve: " + out +
                       ": folder is not empty and holds no run (use --force to write into it)\n");
  EXPECT_EQ(server.request_count(), 0);
  EXPECT_FALSE(fs::exists(fs::path(out) / "run.sqlite"));
}

TEST(EvolveOutcomesTest, RepeatedTrajectoryIdsAreMadeUnique) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  // The same file twice, and a file reusing an id for another run.
  std::string demo = *ReadFile(kTraces);
  std::string first_line = demo.substr(0, demo.find('\n'));
  std::string other = first_line;
  other.replace(other.find("\"task\": \"") + 9, 4, "Fly ");
  fs::path copy = tmp.Write("more/again.jsonl", other + "\n");
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(
      Evolve(server, out, {"--traces", kTraces, kTraces, copy.string()}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 trajectory repeated an id with other content and was renamed (e.g. "
                       "demo-split-payment-fail -> demo-split-payment-fail@again.jsonl); 3 exact "
                       "duplicates (same id, same content) were dropped\n"),
            std::string::npos)
      << r.err;
  Json fates = ReadJson(fs::path(out) / "fates.json");
  EXPECT_EQ(fates["trajectories"].size(), 4u);
  EXPECT_EQ(ReadJson(fs::path(out) / "manifest.json")["accounting"]["stages"]["analyze"]["calls"], 4);
}

TEST(EvolveOutcomesTest, UnreadableRecordsAreInTheFatesAndExitThree) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  fs::path traces = tmp.Write("runs.jsonl", *ReadFile(kTraces) + "{\"schema\": \"t2s.traj\n");
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--traces", traces.string()}));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(LastLineOf(r.err),
            "trace2skill evolve: 1 input record could not be read and was skipped (listed above "
            "and in fates.json)");
  Json fates = ReadJson(fs::path(out) / "fates.json");
  bool found = false;
  for (const Json& t : fates["trajectories"]) {
    found = found || (t["fate"] == "unreadable" && t["id"] == traces.string() + ":4");
  }
  EXPECT_TRUE(found) << fates["trajectories"];
  EXPECT_EQ(ReadJson(fs::path(out) / "manifest.json")["counts"]["unreadable_records"], 1);
}

TEST(EvolveOutcomesTest, AGroupWithOneEditGetsNoMergeCall) {
  testing::ConstrainedLlmServer server;
  // Every analyst proposes the same single edit: folded into one, nothing to merge.
  server.SetResponder([](const testing::SeenRequest& req) {
    testing::FakeReply reply = testing::EvolveResponder(req);
    if (req.body.find("\"t2s_analysis\"") == std::string::npos) return reply;
    Json answer = Json::parse(reply.content);
    answer["edits"].erase(1);
    answer["edits"][0]["content"] = "- Read the reservation before changing it.";
    reply.content = answer.dump();
    return reply;
  });
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_FALSE(manifest["accounting"]["stages"].contains("merge")) << manifest["accounting"];
  EXPECT_EQ(server.request_count(), 3);
  EXPECT_EQ(manifest["counts"]["applied_edits"], 1);
}

TEST(EvolveOutcomesTest, TheRunKeyDoesNotDependOnInputOrder) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string demo = *ReadFile(kTraces);
  size_t cut = demo.find('\n') + 1;
  fs::path a = tmp.Write("a.jsonl", demo.substr(0, cut));
  fs::path b = tmp.Write("b.jsonl", demo.substr(cut));
  std::string out = (tmp.path() / "run").string();
  ASSERT_EQ(RunTrace2skill(Evolve(server, out, {"--traces", a.string(), b.string()})).exit_code, 0);
  int calls = server.request_count();
  RunOutput again = RunTrace2skill(Evolve(server, out, {"--traces", b.string(), a.string()}));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.request_count(), calls);
  // The same trajectories in another order within one file, under another name.
  fs::path reversed = tmp.Write("c.jsonl", demo.substr(cut) + demo.substr(0, cut));
  RunOutput moved = RunTrace2skill(Evolve(server, out, {"--traces", reversed.string()}));
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(server.request_count(), calls);
}

TEST(EvolveOutcomesTest, NoLabelledTrajectoryExitsOneAndSaysHowToLabel) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);  // answers that apply, whatever the prompt
  testing::TempDir tmp;
  fs::path traces = tmp.Write(
      "chats.jsonl",
      "{\"id\": \"c1\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": "
      "\"assistant\", \"content\": \"hello\"}]}\n"
      "{\"id\": \"c2\", \"messages\": [{\"role\": \"user\", \"content\": \"yo\"}, {\"role\": "
      "\"assistant\", \"content\": \"hey\"}]}\n");
  RunOutput r = RunTrace2skill(
      Evolve(server, (tmp.path() / "run").string(), {"--traces", traces.string()}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "trace2skill evolve: none of the 2 trajectories has a success/fail label, which --mode "
            "combined needs; give labels with --labels FILE (CSV id,label[,reward] or JSONL), or "
            "use trajectories whose format records an outcome\n");
  EXPECT_EQ(server.request_count(), 0);
  // With labels for one of them, the run goes on and names what it skipped.
  fs::path labels = tmp.Write("labels.csv", "id,label\nc1,fail\n");
  RunOutput some = RunTrace2skill(Evolve(server, (tmp.path() / "run2").string(),
                                         {"--traces", traces.string(), "--labels", labels.string(),
                                          "--analyst", "llm"}));
  EXPECT_EQ(some.exit_code, 0) << some.err;
  EXPECT_NE(some.err.find("trace2skill evolve: 1 of 2 trajectories have no success/fail label and "
                          "were skipped; give labels with --labels FILE\n"),
            std::string::npos)
      << some.err;
}

TEST(EvolveOutcomesTest, EveryAnalysisFailingExitsOneWithTheReasons) {
  testing::ConstrainedLlmServer server;
  testing::FakeReply broken;
  broken.status = 500;
  broken.body = "{\"error\": \"model crashed\"}";
  server.SetDefault(broken);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--max-attempts", "1"}));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("trace2skill evolve: 3 of 3 analyses failed: 3 x HTTP 500: model crashed "
                       "(after 1 attempts)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "evolve examples/skills/airline-support with 3 trajectories achieved nothing -> " + out);
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["status"], "failed");
}

TEST(EvolveOutcomesTest, NoProposedEditAppliedExitsOneWithTheDropReasons) {
  testing::ConstrainedLlmServer server;
  server.SetResponder([](const testing::SeenRequest& req) {
    testing::FakeReply reply = testing::EvolveResponder(req);
    if (req.body.find("\"t2s_analysis\"") == std::string::npos) return reply;
    Json answer = Json::parse(reply.content);
    for (Json& e : answer["edits"]) e["section"] = "## No Such Section";
    reply.content = answer.dump();
    return reply;
  });
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("trace2skill evolve: none of the 6 proposed edits was applied: "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("No Such Section"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("    dropped: "), std::string::npos) << r.out;
  EXPECT_EQ(ReadJson(fs::path(out) / "manifest.json")["status"], "failed");
}

TEST(EvolveOutcomesTest, AnInvalidSeedSkillIsReportedAtTheStart) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  fs::copy(kSkill, tmp.path() / "airline-support", fs::copy_options::recursive);
  std::string md = *ReadFile(fs::path(kSkill) / "SKILL.md");
  tmp.Write("airline-support/SKILL.md", md + "\nSee [missing](references/missing.md).\n");
  std::string out = (tmp.path() / "run").string();
  std::vector<std::string> args = Evolve(server, out);
  args[2] = (tmp.path() / "airline-support").string();
  RunOutput r = RunTrace2skill(args);
  EXPECT_EQ(r.err.rfind("trace2skill evolve: the seed skill " + args[2] + " has 1 error and 0 "
                        "warnings:\n  ",
                        0),
            0u)
      << r.err;
  EXPECT_NE(r.err.find("references/missing.md"), std::string::npos) << r.err;
  // The error is still in the output: the run exits 1.
  EXPECT_EQ(r.exit_code, 1);
}

TEST(EvolveOutcomesTest, CacheSharesAnswersBetweenRunsAndNoCacheReusesNone) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string cache = (tmp.path() / "shared.sqlite").string();
  std::string first = (tmp.path() / "first").string();
  ASSERT_EQ(RunTrace2skill(Evolve(server, first, {"--cache", cache})).exit_code, 0);
  int calls = server.request_count();
  ASSERT_GT(calls, 0);
  // Another folder, the same calls: every answer comes from the shared cache.
  RunOutput second = RunTrace2skill(Evolve(server, (tmp.path() / "second").string(), {"--cache", cache}));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(server.request_count(), calls);
  // Without it, the other folder pays again.
  ASSERT_EQ(RunTrace2skill(Evolve(server, (tmp.path() / "third").string())).exit_code, 0);
  EXPECT_EQ(server.request_count(), 2 * calls);
  // --no-cache reuses nothing, not even the run's own store.
  ASSERT_EQ(RunTrace2skill(Evolve(server, first, {"--no-cache"})).exit_code, 0);
  EXPECT_EQ(server.request_count(), 3 * calls);
  RunOutput both = RunTrace2skill(Evolve(server, first, {"--no-cache", "--cache", cache}));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.err, "trace2skill evolve: --cache and --no-cache exclude each other\nRun 'trace2skill evolve --help' for the options of evolve.\n");
}

TEST(EvolveOutcomesTest, AWrongModelStopsAfterOneCallWithOneLine) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  server.set_models({"qwen-7b", "llama-3"});
  testing::TempDir tmp;
  std::vector<std::string> args = Evolve(server, (tmp.path() / "run").string(), {"--concurrency", "16"});
  args[std::find(args.begin(), args.end(), "--model") - args.begin() + 1] = "qwen-32b";
  RunOutput r = RunTrace2skill(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(LastLineOf(r.err), "trace2skill evolve: " + server.base_url() +
                                 ": model \"qwen-32b\": HTTP 404: The model `qwen-32b` does not "
                                 "exist. (the server lists: qwen-7b, llama-3)")
      << r.err;
  EXPECT_LE(server.request_count(), 2);  // the refused call, and the model list
}

TEST(EvolveOutcomesTest, CredentialsInTheBaseUrlAreWrittenNowhere) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  std::vector<std::string> args = Evolve(server, out);
  std::string url = server.base_url();
  url.insert(url.find("//") + 2, "alice:hunter22@");
  args[std::find(args.begin(), args.end(), "--base-url") - args.begin() + 1] = url;
  RunOutput r = RunTrace2skill(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ((r.out + r.err).find("hunter22"), std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(ReadFile(entry.path())->find("hunter22"), std::string::npos) << entry.path();
  }
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  std::string redacted = server.base_url();
  redacted.insert(redacted.find("//") + 2, "[redacted]@");
  EXPECT_EQ(manifest["llm"]["endpoints"][0], redacted);
  testing::ConstrainedLlmServer ping_server;
  std::string ping_url = ping_server.base_url();
  ping_url.insert(ping_url.find("//") + 2, "alice:hunter22@");
  RunOutput ping =
      RunTrace2skill({"llm", "ping", "--base-url", ping_url, "--model", "fake", "--no-cache"});
  EXPECT_EQ(ping.exit_code, 0) << ping.err;
  EXPECT_EQ((ping.out + ping.err).find("hunter22"), std::string::npos) << ping.out << ping.err;
}

TEST(EvolveOutcomesTest, ARefusedKeyStopsAfterOneCall) {
  testing::ConstrainedLlmServer server;
  testing::FakeReply refused;
  refused.status = 401;
  refused.body = "{\"error\": {\"message\": \"Incorrect API key provided\"}}";
  server.SetDefault(refused);
  testing::TempDir tmp;
  RunOutput r = RunTrace2skill(Evolve(server, (tmp.path() / "run").string(), {"--concurrency", "16"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(LastLineOf(r.err), "trace2skill evolve: " + server.base_url() +
                                 ": model \"fake\": HTTP 401: Incorrect API key provided")
      << r.err;
  EXPECT_EQ(server.request_count(), 1);
}

TEST(EvolveOutcomesTest, ADeadEndpointIsOneLineAndExitOne) {
  testing::TempDir tmp;
  RunOutput r = RunTrace2skill({"evolve", "--traces", kTraces, "--skill", kSkill, "--out",
                                (tmp.path() / "run").string(), "--base-url",
                                "http://127.0.0.1:9/v1", "--model", "m", "--max-attempts", "2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(LastLineOf(r.err).rfind("trace2skill evolve: cannot reach http://127.0.0.1:9/v1: ", 0), 0u)
      << r.err;
}

TEST(EvolveOutcomesTest, ARerunReportsWhatItPaidAndWhatTheAnswersFirstCost) {
  testing::ConstrainedLlmServer server;
  server.SetResponder(testing::EvolveResponder);
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  ASSERT_EQ(RunTrace2skill(Evolve(server, out)).exit_code, 0);
  RunOutput again = RunTrace2skill(Evolve(server, out));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  Json analyze = ReadJson(fs::path(out) / "manifest.json")["accounting"]["stages"]["analyze"];
  EXPECT_EQ(analyze["cache_hits"], 3);
  EXPECT_EQ(analyze["tokens"]["prompt"], 0);
  EXPECT_GT(analyze["cached"]["prompt"].get<int>(), 0);
  EXPECT_NE(again.out.find("  llm analyze: 3 calls, 3 answered (3 from cache), 0 failed, 0 retries; "
                           "0 prompt + 0 completion tokens; cost unknown"),
            std::string::npos)
      << again.out;
  // No price is configured: no false $0.
  EXPECT_NE(again.out.find("the cached answers (" +
                           std::to_string(analyze["cached"]["prompt"].get<int>()) +
                           " prompt + "),
            std::string::npos)
      << again.out;
}

TEST(EvolveOutcomesTest, ASecondRunInTheSameFolderIsRefusedWhileTheFirstWorks) {
  testing::ConstrainedLlmServer server;
  server.SetResponder([&](const testing::SeenRequest& req) {
    testing::FakeReply reply = testing::EvolveResponder(req);
    reply.delay_ms = 300;
    return reply;
  });
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  std::vector<std::string> args = Evolve(server, out, {"--concurrency", "1"});
  int pid = testing::StartTrace2skill(args);
  for (int i = 0; i < 500 && server.request_count() < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_GE(server.request_count(), 1);
  RunOutput second = RunTrace2skill(args);
  int calls_while_running = server.request_count();
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(second.err, "trace2skill evolve: " + out +
                            " is in use by another trace2skill run (held by process " +
                            std::to_string(pid) +
                            "); wait for it to finish or use another --out\n");
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // The first run paid for each call once: the second asked nothing.
  EXPECT_LE(calls_while_running, 5);
  Json manifest = ReadJson(fs::path(out) / "manifest.json");
  EXPECT_EQ(manifest["accounting"]["total"]["calls"].get<int>(), server.request_count());
}

TEST(EvolveOutcomesTest, CtrlCKeepsTheAnswersAndTheSameCommandResumes) {
  testing::ConstrainedLlmServer server;
  std::atomic<int> calls{0};
  server.SetResponder([&](const testing::SeenRequest& req) {
    testing::FakeReply reply = testing::EvolveResponder(req);
    if (++calls == 3) reply.delay_ms = 2000;  // in flight when Ctrl-C comes
    return reply;
  });
  testing::TempDir tmp;
  std::string out = (tmp.path() / "run").string();
  std::string err = (tmp.path() / "err.txt").string();
  std::vector<std::string> args = Evolve(server, out, {"--concurrency", "1"});
  int pid = testing::StartTrace2skill(args, err);
  for (int i = 0; i < 500 && server.request_count() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(server.request_count(), 3);
  auto sent = std::chrono::steady_clock::now();
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_GE(waited, 0.9);  // calls in flight get a second
  EXPECT_LT(waited, 1.9);
  EXPECT_EQ(LastLineOf(*ReadFile(err)),
            "trace2skill evolve: interrupted: every answer received so far is kept in " + out +
                "/run.sqlite; run the same command again to resume");
  std::vector<testing::SeenRequest> first = server.seen();
  RunOutput r = RunTrace2skill(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<testing::SeenRequest> all = server.seen();
  for (size_t i = 3; i < all.size(); ++i) {
    EXPECT_NE(all[i].body, first[0].body);
    EXPECT_NE(all[i].body, first[1].body);
  }
}

// A small tmpfs for the length of a test, when the machine lets us mount one.
class SmallDisk {
 public:
  explicit SmallDisk(const fs::path& at) : at_(at) {
    fs::create_directories(at);
    mounted_ = mount("tmpfs", at.c_str(), "tmpfs", 0, "size=4m") == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(at_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  // Writes zeros until the disk is full.
  void Fill() const {
    std::ofstream out(at_ / "filler", std::ios::binary);
    std::string block(64 << 10, '\0');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) out.flush();
  }

 private:
  fs::path at_;
  bool mounted_ = false;
};

TEST(EvolveOutcomesTest, AFullDiskStopsTheRunWithOneLine) {
  testing::TempDir tmp;
  SmallDisk disk(tmp.path() / "disk");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root and namespaces)";
  testing::ConstrainedLlmServer server;
  std::atomic<int> calls{0};
  server.SetResponder([&](const testing::SeenRequest& req) {
    if (calls++ == 0) disk.Fill();  // the run store exists; the first answer cannot be kept
    return testing::EvolveResponder(req);
  });
  std::string out = (tmp.path() / "disk/run").string();
  RunOutput r = RunTrace2skill(Evolve(server, out, {"--concurrency", "4"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(LastLineOf(r.err).rfind("trace2skill evolve: cannot store an answer, so the run stops "
                                    "to pay for nothing twice: ",
                                    0),
            0u)
      << r.err;
  EXPECT_EQ(server.request_count(), 1);  // nothing paid for after the failed write
  EXPECT_FALSE(fs::exists(fs::path(out) / "manifest.json"));  // no folder that looks complete
}

}  // namespace
}  // namespace t2s
