// Tool calling on both providers: the wire formats, the conversation rules a
// real server enforces (the loopback fake refuses what they refuse), many
// conversations interleaved with Submit/Step, and per-turn cache keys.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "llm/llm_client.h"
#include "llm/provider.h"
#include "llm/response_cache.h"
#include "testing/fake_llm_server.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using Json = nlohmann::json;
using testing::FakeLlmServer;
using testing::FakeReply;

ToolSpec Bash() {
  return {"bash", "Runs a command.",
          R"({"type":"object","properties":{"command":{"type":"string"}},"required":["command"]})"};
}

// user asks, the assistant calls bash twice, both results come back, then
// the user adds a note.
ChatRequest Conversation() {
  ChatRequest r;
  r.stage = "agent";
  r.model = "m";
  r.tools = {Bash()};
  r.messages.push_back({"system", "You run commands."});
  r.messages.push_back({"user", "List the files."});
  ChatMessage call{"assistant", "Looking."};
  call.tool_calls = {{"c1", "bash", R"({"command":"ls"})"}, {"c2", "bash", R"({"command":"pwd"})"}};
  r.messages.push_back(call);
  ChatMessage r1{"tool", "a.txt"};
  r1.tool_call_id = "c1";
  ChatMessage r2{"tool", "exit 1"};
  r2.tool_call_id = "c2";
  r2.is_error = true;
  r.messages.push_back(r1);
  r.messages.push_back(r2);
  return r;
}

TEST(ToolCallsTest, OpenAIWireFormat) {
  auto p = MakeOpenAIProvider();
  Json body = Json::parse(p->Build(Conversation(), p->best_mode(), {"http://x/v1", ""}).body);
  EXPECT_EQ(body["tools"][0], Json::parse(R"({"type":"function","function":{"name":"bash",
      "description":"Runs a command.","parameters":{"type":"object","properties":{"command":
      {"type":"string"}},"required":["command"]}}})"));
  EXPECT_EQ(body["messages"][2], Json::parse(R"({"role":"assistant","content":"Looking.",
      "tool_calls":[{"id":"c1","type":"function","function":{"name":"bash","arguments":
      "{\"command\":\"ls\"}"}},{"id":"c2","type":"function","function":{"name":"bash",
      "arguments":"{\"command\":\"pwd\"}"}}]})"));
  EXPECT_EQ(body["messages"][3], Json::parse(R"({"role":"tool","content":"a.txt","tool_call_id":"c1"})"));
  EXPECT_EQ(body["messages"][4]["tool_call_id"], "c2");
  EXPECT_FALSE(body.contains("response_format"));

  HttpResponse http;
  http.status = 200;
  http.body = R"({"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
      {"id":"call_9","type":"function","function":{"name":"bash","arguments":"{\"command\": \"cat a.txt\"}"}}]},
      "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":3}})";
  Result<ChatResponse> answer = p->Parse(http);
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  EXPECT_EQ(answer->content, "");
  EXPECT_EQ(answer->finish_reason, "tool_calls");
  ASSERT_EQ(answer->tool_calls.size(), 1u);
  EXPECT_EQ(answer->tool_calls[0].id, "call_9");
  EXPECT_EQ(answer->tool_calls[0].name, "bash");
  EXPECT_EQ(answer->tool_calls[0].arguments, R"({"command": "cat a.txt"})");  // the model's bytes
}

TEST(ToolCallsTest, AnthropicWireFormat) {
  auto p = MakeAnthropicProvider();
  ChatRequest r = Conversation();
  r.messages.push_back({"user", "Also say which is bigger."});
  Json body = Json::parse(p->Build(r, p->best_mode(), {"https://api.anthropic.com", "k"}).body);
  EXPECT_EQ(body["system"], "You run commands.");
  EXPECT_EQ(body["tools"][0]["name"], "bash");
  EXPECT_EQ(body["tools"][0]["input_schema"]["required"][0], "command");
  EXPECT_FALSE(body.contains("tool_choice"));  // the model chooses
  ASSERT_EQ(body["messages"].size(), 3u);      // user, assistant, user (results + text)
  EXPECT_EQ(body["messages"][1], Json::parse(R"({"role":"assistant","content":[
      {"type":"text","text":"Looking."},
      {"type":"tool_use","id":"c1","name":"bash","input":{"command":"ls"}},
      {"type":"tool_use","id":"c2","name":"bash","input":{"command":"pwd"}}]})"));
  EXPECT_EQ(body["messages"][2], Json::parse(R"({"role":"user","content":[
      {"type":"tool_result","tool_use_id":"c1","content":"a.txt"},
      {"type":"tool_result","tool_use_id":"c2","content":"exit 1","is_error":true},
      {"type":"text","text":"Also say which is bigger."}]})"));

  HttpResponse http;
  http.status = 200;
  http.body = R"({"content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"Let me see."},
      {"type":"tool_use","id":"toolu_1","name":"bash","input":{"command":"ls -l"}}],
      "stop_reason":"tool_use","usage":{"input_tokens":4,"output_tokens":2}})";
  Result<ChatResponse> answer = p->Parse(http);
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  EXPECT_EQ(answer->content, "Let me see.");
  EXPECT_EQ(answer->reasoning, "hmm");
  EXPECT_EQ(answer->finish_reason, "tool_calls");
  ASSERT_EQ(answer->tool_calls.size(), 1u);
  EXPECT_EQ(answer->tool_calls[0].id, "toolu_1");
  EXPECT_EQ(Json::parse(answer->tool_calls[0].arguments), (Json{{"command", "ls -l"}}));
}

TEST(ToolCallsTest, CacheKeysCoverTheWholeConversation) {
  ChatRequest a = Conversation();
  ChatRequest b = Conversation();
  EXPECT_EQ(CacheKey("openai", a), CacheKey("openai", b));
  b.messages[3].content = "b.txt";  // another tool result
  EXPECT_NE(CacheKey("openai", a), CacheKey("openai", b));
  b = Conversation();
  b.messages[4].is_error = false;
  EXPECT_NE(CacheKey("openai", a), CacheKey("openai", b));
  b = Conversation();
  b.messages[2].tool_calls[1].arguments = R"({"command":"pwd -P"})";
  EXPECT_NE(CacheKey("openai", a), CacheKey("openai", b));
  b = Conversation();
  b.tools[0].description = "Runs a shell command.";
  EXPECT_NE(CacheKey("openai", a), CacheKey("openai", b));
  // A request without tools keeps the key it had before tools existed.
  ChatRequest plain;
  plain.model = "m";
  plain.messages = {{"user", "hi"}};
  EXPECT_EQ(CacheKey("openai", plain), "e4ca070e912206e371b7790008585206");
}

struct Client {
  explicit Client(FakeLlmServer& server, const char* provider = "openai",
                  ResponseCache* cache = nullptr, LlmOptions options = {})
      : transport(MakeCurlTransport()),
        client(MakeProvider(provider), {{server.base_url(), ""}}, transport.get(), &clock, cache,
               options) {}
  std::unique_ptr<Transport> transport;
  ManualClock clock;
  LlmClient client;
};

TEST(ToolCallsTest, TheFakeRefusesWhatRealServersRefuse) {
  for (const char* provider : {"openai", "anthropic"}) {
    SCOPED_TRACE(provider);
    FakeLlmServer server;
    Client c(server, provider);
    ChatRequest r = Conversation();
    r.messages.pop_back();  // the call c2 is never answered
    r.messages.push_back({"user", "go on"});
    CallResult missing = c.client.Call(r);
    EXPECT_EQ(missing.cause, FailureCause::kClient);
    EXPECT_NE(missing.error.find("c2"), std::string::npos) << missing.error;
    ChatRequest stray = Conversation();
    stray.messages[4].tool_call_id = "c9";  // answers no call
    CallResult orphan = c.client.Call(stray);
    EXPECT_EQ(orphan.cause, FailureCause::kClient);
    EXPECT_NE(orphan.error.find("c9"), std::string::npos) << orphan.error;
  }
}

TEST(ToolCallsTest, AScriptedCallToAnUndeclaredToolIsAViolation) {
  FakeLlmServer server;
  FakeReply reply;
  reply.tool_calls = {{"c1", "python", "{}"}};
  server.Script({reply});
  LlmOptions options;
  options.retry.max_attempts = 1;
  Client c(server, "openai", nullptr, options);
  ChatRequest r = Conversation();
  r.messages.resize(2);
  CallResult result = c.client.Call(r);
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(server.violations().size(), 1u);
  EXPECT_EQ(server.violations()[0], "scripted answer calls undeclared tool \"python\"");
}

// Runs two conversations to their end: each turn is submitted when its
// conversation is ready for it; a tool call is answered "hi". Returns the
// final answers.
std::vector<std::string> RunTwo(LlmClient& client) {
  std::vector<ChatRequest> convs(2);
  std::map<LlmClient::CallId, size_t> of;
  for (size_t k = 0; k < 2; ++k) {
    ChatRequest& r = convs[k];
    r.model = "m";
    r.stage = "agent";
    r.tools = {Bash()};
    r.messages = {{"system", "Use bash."}, {"user", "Say hi " + std::to_string(k)}};
    of[client.Submit(r)] = k;
  }
  std::vector<std::string> finals(2);
  for (int turn = 0; client.active() > 0 && turn < 200; ++turn) {
    for (auto& [id, result] : client.Step(50)) {
      size_t k = of.at(id);
      if (!result.ok()) {
        finals[k] = "error: " + result.error;
        continue;
      }
      const ChatResponse& a = *result.response;
      if (a.tool_calls.empty()) {
        finals[k] = a.content;
        continue;
      }
      ChatMessage call{"assistant", a.content};
      call.tool_calls = a.tool_calls;
      convs[k].messages.push_back(call);
      ChatMessage out{"tool", "hi\n"};
      out.tool_call_id = a.tool_calls[0].id;
      convs[k].messages.push_back(out);
      of[client.Submit(convs[k])] = k;
    }
  }
  return finals;
}

TEST(ToolCallsTest, ConversationsInterleaveOverTheWireAndResumeFromTheCache) {
  for (const char* provider : {"openai", "anthropic"}) {
    SCOPED_TRACE(provider);
    FakeLlmServer server;
    server.SetResponder([](const testing::SeenRequest& seen) {
      FakeReply reply;
      bool has_result = seen.body.find("tool_call_id") != std::string::npos ||
                        seen.body.find("tool_result") != std::string::npos;
      if (has_result) {
        reply.content = "done";
      } else {
        reply.tool_calls = {{"t1", "bash", R"({"command":"echo hi"})"}};
      }
      return reply;
    });
    testing::TempDir dir;
    auto cache = ResponseCache::Open(dir.path() / "cache.sqlite");
    ASSERT_TRUE(cache.ok());
    {
      Client c(server, provider, cache->get());
      EXPECT_EQ(RunTwo(c.client), (std::vector<std::string>{"done", "done"}));
      EXPECT_EQ(server.request_count(), 4);
      EXPECT_EQ(c.client.accounting().Total().calls, 4);
    }
    // Every turn is keyed on the conversation so far: a second run asks nothing.
    Client again(server, provider, cache->get());
    EXPECT_EQ(RunTwo(again.client), (std::vector<std::string>{"done", "done"}));
    EXPECT_EQ(server.request_count(), 4);
    EXPECT_TRUE(server.violations().empty());
  }
}

TEST(ToolCallsTest, StepReturnsEarlyWhenAnExtraFdIsReadable) {
  FakeLlmServer server;
  Client c(server);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.client.Step(5000, {fds[0]}).empty());
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::seconds(2));
  // An fd with nothing to read is waited on (for the time given).
  char byte;
  ASSERT_EQ(read(fds[0], &byte, 1), 1);
  start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.client.Step(100, {fds[0]}).empty());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(90));
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace t2s
