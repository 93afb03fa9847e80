// The agent loop against the loopback fake server (real curl) and real tool
// processes: episodes that answer, fail, run out of turns, call tools
// wrongly, run many at once, and resume without asking again.
#include "agent/agent_loop.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "base/file_io.h"
#include "llm/response_cache.h"
#include "testing/fake_llm_server.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using Json = nlohmann::json;
using testing::FakeLlmServer;
using testing::FakeReply;
using testing::SeenRequest;

// The tool messages of an OpenAI request so far.
std::vector<Json> ToolMessages(const SeenRequest& seen) {
  std::vector<Json> out;
  const Json body = Json::parse(seen.body);
  for (const Json& m : body["messages"]) {
    if (m["role"] == "tool") out.push_back(m);
  }
  return out;
}

FakeReply Bash(const std::string& command, const std::string& id = "c1") {
  FakeReply r;
  r.tool_calls = {{id, "bash", Json{{"command", command}}.dump()}};
  return r;
}

FakeReply Say(const std::string& text) {
  FakeReply r;
  r.content = text;
  return r;
}

class MemoryLog final : public ToolLog {
 public:
  std::optional<LoggedTool> Find(const std::string& episode, int seq) override {
    auto it = results_.find({episode, seq});
    if (it == results_.end()) return std::nullopt;
    return it->second;
  }
  Status Record(const std::string& episode, int seq, const LoggedTool& result) override {
    results_[{episode, seq}] = result;
    return Status::Ok();
  }
  size_t size() const { return results_.size(); }

 private:
  std::map<std::pair<std::string, int>, LoggedTool> results_;
};

struct Harness {
  explicit Harness(FakeLlmServer& server, ResponseCache* cache = nullptr, int jobs = 2)
      : transport(MakeCurlTransport()),
        client(MakeProvider("openai"), {{server.base_url(), ""}}, transport.get(), &clock, cache,
               Options()),
        limiter(jobs) {
    SandboxOptions sandbox;
    sandbox.mode = SandboxMode::kNone;
    runner = std::move(*ToolRunner::Create(sandbox, &limiter));
  }
  static LlmOptions Options() {
    LlmOptions o;
    o.retry.max_attempts = 1;
    return o;
  }
  std::map<std::string, EpisodeResult> Run(const std::vector<EpisodeSpec>& specs,
                                           AgentOptions options, ToolLog* log = nullptr) {
    options.model = "m";
    AgentLoop loop(&client, runner.get(), log, options);
    std::map<std::string, EpisodeResult> out;
    loop.Run(specs, [&](const EpisodeSpec& spec, EpisodeResult r) { out[spec.id] = std::move(r); });
    return out;
  }
  std::unique_ptr<Transport> transport;
  ManualClock clock;
  LlmClient client;
  JobLimiter limiter;
  std::unique_ptr<ToolRunner> runner;
};

EpisodeSpec Spec(const testing::TempDir& dir, const std::string& id) {
  std::filesystem::create_directories(dir.path() / id);
  return {id, "You solve tasks.", "Write 42 into answer.txt.", (dir.path() / id).string(), ""};
}

TEST(AgentLoopTest, AnEpisodeRunsToolsAndEndsWithItsFinalMessage) {
  FakeLlmServer server;
  server.Script({Bash("echo 42 > answer.txt && cat answer.txt"), Say("The answer is written.")});
  testing::TempDir dir;
  Harness h(server);
  auto results = h.Run({Spec(dir, "t1")}, {});
  const EpisodeResult& r = results.at("t1");
  EXPECT_TRUE(r.answered) << r.error;
  EXPECT_EQ(r.final_message, "The answer is written.");
  EXPECT_EQ(r.turns, 2);
  EXPECT_EQ(r.tool_calls, 1);
  EXPECT_EQ(*ReadFile(dir.path() / "t1" / "answer.txt"), "42\n");
  ASSERT_EQ(r.messages.size(), 5u);  // system, user, call, result, answer
  EXPECT_EQ(r.messages[3].role, "tool");
  EXPECT_EQ(r.messages[3].content, "42\n");
  EXPECT_EQ(r.messages[3].tool_call_id, "c1");
  EXPECT_FALSE(r.messages[3].is_error);
  // The second request carried the call and its result, and offered bash.
  Json second = Json::parse(server.seen()[1].body);
  EXPECT_EQ(second["tools"][0]["function"]["name"], "bash");
  EXPECT_EQ(ToolMessages(server.seen()[1]).size(), 1u);
  EXPECT_TRUE(server.violations().empty());
}

TEST(AgentLoopTest, FailedCommandsBadArgumentsAndUnknownToolsAreToolErrors) {
  FakeLlmServer server;
  FakeReply mixed;
  mixed.tool_calls = {{"a", "bash", R"({"command":"exit 3"})"},
                      {"b", "bash", R"({"cmd":"ls"})"},
                      {"c", "bash", "not json"}};
  server.Script({mixed, Say("done")});
  testing::TempDir dir;
  Harness h(server);
  auto results = h.Run({Spec(dir, "t1")}, {});
  const EpisodeResult& r = results.at("t1");
  ASSERT_TRUE(r.answered) << r.error;
  ASSERT_EQ(r.messages.size(), 7u);
  EXPECT_EQ(r.messages[3].content, "[exit code 3]");
  EXPECT_TRUE(r.messages[3].is_error);
  const std::string bad_args =
      "bash arguments must be a JSON object with a string \"command\", e.g. {\"command\": \"ls\"}";
  EXPECT_EQ(r.messages[4].content, bad_args);
  EXPECT_EQ(r.messages[4].tool_call_id, "b");
  EXPECT_EQ(r.messages[5].content, bad_args);
  EXPECT_TRUE(r.messages[5].is_error);
}

TEST(AgentLoopTest, TheCallsOfOneAnswerRunInOrder) {
  FakeLlmServer server;
  FakeReply two;
  two.tool_calls = {{"w", "bash", R"({"command":"sleep 0.2; printf hello > g.txt"})"},
                    {"r", "bash", R"({"command":"cat g.txt"})"}};
  server.Script({two, Say("done")});
  testing::TempDir dir;
  Harness h(server, nullptr, /*jobs=*/4);
  auto results = h.Run({Spec(dir, "t1")}, {});
  const EpisodeResult& r = results.at("t1");
  ASSERT_EQ(r.messages.size(), 6u);
  EXPECT_EQ(r.messages[4].tool_call_id, "r");
  EXPECT_EQ(r.messages[4].content, "hello");
}

TEST(AgentLoopTest, LimitsEndEpisodesWithAnError) {
  FakeLlmServer server;
  server.SetDefault(Bash("true"));
  testing::TempDir dir;
  Harness h(server);
  AgentOptions options;
  options.max_turns = 3;
  auto results = h.Run({Spec(dir, "t1")}, options);
  EXPECT_FALSE(results.at("t1").answered);
  EXPECT_EQ(results.at("t1").error, "max turns (3) reached without a final answer");
  EXPECT_FALSE(results.at("t1").resumable);
  EXPECT_EQ(server.request_count(), 3);

  options.max_turns = 100;
  options.max_episode_tokens = 30;  // each fake answer reports 12 + 8 tokens
  results = h.Run({Spec(dir, "t2")}, options);
  EXPECT_EQ(results.at("t2").error, "token cap (30) reached without a final answer");
  EXPECT_EQ(results.at("t2").turns, 2);
}

TEST(AgentLoopTest, ACommandThatHangsIsKilledAndReported) {
  FakeLlmServer server;
  server.Script({Bash("sleep 30 & sleep 30; echo never"), Say("gave up")});
  testing::TempDir dir;
  Harness h(server);
  AgentOptions options;
  options.tool_timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  auto results = h.Run({Spec(dir, "t1")}, options);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  const EpisodeResult& r = results.at("t1");
  ASSERT_EQ(r.messages.size(), 5u);
  EXPECT_EQ(r.messages[3].content,
            "[timed out after 0.3 s: the command and its child processes were killed]");
  EXPECT_TRUE(r.messages[3].is_error);
}

TEST(AgentLoopTest, AFailedModelCallEndsTheEpisodeAsResumable) {
  FakeLlmServer server;
  FakeReply down;
  down.status = 503;
  server.Script({Bash("true"), down});
  testing::TempDir dir;
  Harness h(server);
  auto results = h.Run({Spec(dir, "t1")}, {});
  const EpisodeResult& r = results.at("t1");
  EXPECT_FALSE(r.answered);
  EXPECT_TRUE(r.resumable);
  EXPECT_EQ(r.error.rfind("model call failed (server_error): ", 0), 0u) << r.error;
}

// Each episode's answers depend on its own conversation; they run at once.
FakeReply CountingAgent(const SeenRequest& seen) {
  Json body = Json::parse(seen.body);
  std::string task = body["messages"][1]["content"];
  size_t done = ToolMessages(seen).size();
  if (done < 3) return Bash("echo step" + std::to_string(done) + " >> log.txt", "s" + std::to_string(done));
  return Say("finished " + task);
}

TEST(AgentLoopTest, ManyEpisodesInterleaveAndAResumedRunAsksNothingAgain) {
  // httplib holds a worker per kept-alive connection: one for each of the
  // client's (up to 16) connections.
  FakeLlmServer server(32);
  server.SetResponder(CountingAgent);
  testing::TempDir dir;
  auto cache = ResponseCache::Open(dir.path() / "cache.sqlite");
  ASSERT_TRUE(cache.ok());
  std::vector<EpisodeSpec> specs;
  for (int i = 0; i < 12; ++i) {
    EpisodeSpec s = Spec(dir, "t" + std::to_string(i));
    s.instruction = "task " + std::to_string(i);
    specs.push_back(s);
  }
  MemoryLog log;
  {
    Harness h(server, cache->get());
    auto results = h.Run(specs, {}, &log);
    ASSERT_EQ(results.size(), 12u);
    for (const auto& [id, r] : results) {
      EXPECT_TRUE(r.answered) << id << ": " << r.error;
      EXPECT_EQ(r.turns, 4);
    }
    EXPECT_EQ(results.at("t5").final_message, "finished task 5");
  }
  EXPECT_EQ(server.request_count(), 48);
  EXPECT_EQ(log.size(), 36u);
  // Again from fresh workspaces: the commands run again (the files are
  // rebuilt), the model is asked nothing.
  for (const EpisodeSpec& s : specs) {
    std::filesystem::remove_all(s.workspace);
    std::filesystem::create_directories(s.workspace);
  }
  Harness again(server, cache->get());
  auto results = again.Run(specs, {}, &log);
  EXPECT_EQ(server.request_count(), 48);
  EXPECT_EQ(results.at("t3").cached_turns, 4);
  EXPECT_EQ(*ReadFile(dir.path() / "t3" / "log.txt"), "step0\nstep1\nstep2\n");
}

// Local tools of a test: "count" answers how often it was called in the
// episode (a state that a resumed episode must rebuild), "finish" ends the
// episode when its argument is {"ok": true}.
class CountingTools final : public LocalTools {
 public:
  std::vector<ToolSpec> Specs() const override {
    return {{"count", "Counts its calls", R"({"type":"object","properties":{}})"},
            {"finish", "Ends the episode",
             R"({"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]})"}};
  }
  LocalToolResult Run(const EpisodeSpec& episode, const ToolCall& call) override {
    std::lock_guard<std::mutex> hold(mu_);
    if (call.name == "count") return {std::to_string(++counts_[episode.id]), false, false};
    bool ok = Json::parse(call.arguments).value("ok", false);
    if (!ok) return {"not finished: say ok", true, false};
    finished_with_[episode.id] = counts_[episode.id];
    return {"finished after " + std::to_string(counts_[episode.id]), false, true};
  }
  std::map<std::string, int> counts_;
  std::map<std::string, int> finished_with_;
  std::mutex mu_;
};

TEST(AgentLoopTest, LocalToolsAreOfferedRunAndMayEndTheEpisode) {
  FakeLlmServer server;
  FakeReply two;
  two.tool_calls = {{"a", "count", "{}"}, {"b", "bash", R"({"command":"echo hi"})"}};
  FakeReply refused;
  refused.tool_calls = {{"c", "finish", R"({"ok":false})"}};
  FakeReply end;
  end.tool_calls = {{"e", "count", "{}"},
                    {"f", "finish", R"({"ok":true})"},
                    {"g", "bash", R"({"command":"touch after"})"}};
  server.Script({two, refused, end});
  testing::TempDir dir;
  Harness h(server);
  CountingTools tools;
  AgentOptions options;
  options.stage = "analyze";
  options.model = "m";
  AgentLoop loop(&h.client, h.runner.get(), nullptr, options);
  loop.set_local_tools(&tools);
  std::map<std::string, EpisodeResult> results;
  loop.Run({Spec(dir, "t1")},
           [&](const EpisodeSpec& spec, EpisodeResult r) { results[spec.id] = std::move(r); });
  const EpisodeResult& r = results.at("t1");
  ASSERT_TRUE(r.answered) << r.error;
  ASSERT_TRUE(r.ending_call.has_value());
  EXPECT_EQ(r.ending_call->id, "f");
  EXPECT_EQ(r.final_message, "finished after 2");
  EXPECT_EQ(r.turns, 3);
  // The call after the ending one never ran.
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "t1" / "after"));
  // system, user, [a b], 1, hi, [c], refused, [e f g], 2, finished
  ASSERT_EQ(r.messages.size(), 10u);
  EXPECT_EQ(r.messages[3].content, "1");
  EXPECT_EQ(r.messages[4].content, "hi\n");
  EXPECT_EQ(r.messages[6].content, "not finished: say ok");
  EXPECT_TRUE(r.messages[6].is_error);
  EXPECT_EQ(r.messages.back().content, "finished after 2");
  EXPECT_EQ(server.request_count(), 3);
  Json first = Json::parse(server.seen()[0].body);
  ASSERT_EQ(first["tools"].size(), 3u);
  EXPECT_EQ(first["tools"][1]["function"]["name"], "count");
  EXPECT_TRUE(server.violations().empty());
}

TEST(AgentLoopTest, ALocalToolOnTheLastAllowedTurnStillRuns) {
  FakeLlmServer server;
  FakeReply count;
  count.tool_calls = {{"a", "count", "{}"}};
  FakeReply refused;
  refused.tool_calls = {{"c", "finish", R"({"ok":false})"}, {"d", "bash", R"({"command":"touch x"})"}};
  FakeReply end;
  end.tool_calls = {{"f", "finish", R"({"ok":true})"}};
  testing::TempDir dir;
  Harness h(server);
  CountingTools tools;
  AgentOptions options;
  options.model = "m";
  options.max_turns = 2;
  auto run = [&](const std::string& id) {
    AgentLoop loop(&h.client, h.runner.get(), nullptr, options);
    loop.set_local_tools(&tools);
    std::map<std::string, EpisodeResult> results;
    loop.Run({Spec(dir, id)},
             [&](const EpisodeSpec& spec, EpisodeResult r) { results[spec.id] = std::move(r); });
    return results.at(id);
  };
  // The second (last) answer ends the episode: it counts.
  server.Script({count, end});
  EpisodeResult ended = run("t1");
  EXPECT_TRUE(ended.answered) << ended.error;
  EXPECT_EQ(ended.final_message, "finished after 1");
  EXPECT_EQ(ended.turns, 2);
  // The last answer's local tool runs, but no more turns are asked.
  server.Script({count, refused});
  EpisodeResult out = run("t2");
  EXPECT_FALSE(out.answered);
  EXPECT_EQ(out.error, "max turns (2) reached without a final answer");
  ASSERT_EQ(out.messages.size(), 7u);
  EXPECT_EQ(out.messages[5].content, "not finished: say ok");
  EXPECT_EQ(server.request_count(), 4);
}

TEST(AgentLoopTest, AResumedEpisodeRerunsLocalToolsButShowsTheLoggedResult) {
  FakeLlmServer server;
  FakeReply count;
  count.tool_calls = {{"a", "count", "{}"}};
  FakeReply end;
  end.tool_calls = {{"b", "finish", R"({"ok":true})"}};
  server.Script({count, end});
  testing::TempDir dir;
  auto cache = ResponseCache::Open(dir.path() / "cache.sqlite");
  ASSERT_TRUE(cache.ok());
  MemoryLog log;
  // The first result "1" is logged; the second run shows it again although
  // its own count is a fresh 1 too, and the state (finished_with_) is rebuilt.
  ASSERT_TRUE(log.Record("t1", 0, {"logged one", false}).ok());
  Harness h(server, cache->get());
  CountingTools tools;
  AgentOptions options;
  options.model = "m";
  AgentLoop loop(&h.client, h.runner.get(), &log, options);
  loop.set_local_tools(&tools);
  std::map<std::string, EpisodeResult> results;
  loop.Run({Spec(dir, "t1")},
           [&](const EpisodeSpec& spec, EpisodeResult r) { results[spec.id] = std::move(r); });
  const EpisodeResult& r = results.at("t1");
  ASSERT_TRUE(r.answered) << r.error;
  EXPECT_EQ(r.messages[3].content, "logged one");
  EXPECT_EQ(tools.finished_with_.at("t1"), 1);
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(log.Find("t1", 1)->content, "finished after 1");
}

}  // namespace
}  // namespace t2s
