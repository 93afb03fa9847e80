// The scheduler against a scripted transport and a manual clock: every fault
// and policy, without network or real sleeping.
#include "llm/llm_client.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/fake_transport.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using testing::ConnectionDropped;
using testing::ConnectionRefused;
using testing::FakeTransport;
using testing::HttpError;
using testing::ModelList;
using testing::OpenAIAnswer;

constexpr const char* kSchema =
    R"({"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false})";

ChatRequest Request(const std::string& text, bool schema = false) {
  ChatRequest r;
  r.stage = "test";
  r.model = "m";
  r.messages = {{"user", text}};
  r.sampling.max_tokens = 100;
  if (schema) r.schema = {"t2s_test", kSchema};
  return r;
}

struct Fixture {
  FakeTransport transport;
  ManualClock clock;
  LlmOptions options;
  std::unique_ptr<LlmClient> client;
  ResponseCache* cache = nullptr;

  LlmClient& Make(std::vector<Endpoint> endpoints = {{"http://a/v1", "sk-secret-key-123"}}) {
    client = std::make_unique<LlmClient>(MakeOpenAIProvider(), std::move(endpoints), &transport,
                                         &clock, cache, options);
    return *client;
  }
};

TEST(LlmClientTest, RetriesRateLimitsHonouringRetryAfter) {
  Fixture f;
  f.transport.Push(HttpError(429, "slow down", {{"retry-after", "7"}}));
  int64_t before = f.clock.NowMs();
  CallResult r = f.Make().Call(Request("hi"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->attempts, 2);
  EXPECT_GE(f.clock.NowMs() - before, 7000);
  EXPECT_EQ(f.client->accounting().Total().retries, 1);
}

TEST(LlmClientTest, ServerErrorsAndDropsRetryUntilTheLimit) {
  Fixture f;
  f.options.retry.max_attempts = 3;
  f.transport.SetDefault([](const HttpRequest&) { return HttpError(503, "overloaded"); });
  f.transport.Push(ConnectionDropped());
  CallResult r = f.Make().Call(Request("hi"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.cause, FailureCause::kServer);
  EXPECT_EQ(r.error, "HTTP 503: overloaded (after 3 attempts)");
  EXPECT_EQ(f.transport.requests.size(), 3u);
}

TEST(LlmClientTest, ClientErrorsAndQuotaAreNeverRetried) {
  for (auto [status, body, cause] : std::vector<std::tuple<long, std::string, FailureCause>>{
           {400, "bad request", FailureCause::kClient},
           {404, "no such model", FailureCause::kClient},
           {401, "invalid key sk-secret-key-123", FailureCause::kAuth},
           {403, "forbidden", FailureCause::kAuth},
           {429, R"({"error":{"code":"insufficient_quota"}})", FailureCause::kQuota}}) {
    Fixture f;
    f.transport.Push(HttpError(status, body));
    f.transport.SetDefault([](const HttpRequest&) { return HttpError(404, "not found"); });
    CallResult r = f.Make().Call(Request("hi"));
    EXPECT_EQ(r.cause, cause) << status;
    size_t posts = 0;
    for (const HttpRequest& h : f.transport.requests) posts += h.method == "POST";
    EXPECT_EQ(posts, 1u) << status;
    EXPECT_EQ(r.error.find("sk-secret-key-123"), std::string::npos) << r.error;
  }
}

TEST(LlmClientTest, KeysAreRedactedFromErrorsAndAccounting) {
  Fixture f;
  f.transport.Push(HttpError(401, "Incorrect API key provided: sk-secret-key-123"));
  CallResult r = f.Make().Call(Request("hi"));
  EXPECT_EQ(r.error, "HTTP 401: Incorrect API key provided: [redacted]");
  EXPECT_EQ(f.client->accounting().ToJson().find("sk-secret"), std::string::npos);
  // The key is sent to the server, and only there.
  EXPECT_EQ(f.transport.requests[0].headers[1].second, "Bearer sk-secret-key-123");
}

TEST(LlmClientTest, StructuredOutputFallsBackAndRemembersPerEndpoint) {
  Fixture f;
  f.transport.Push(HttpError(400, "response_format json_schema is not supported"));
  f.transport.Push(HttpError(400, "unknown field response_format"));
  LlmClient& client = f.Make();
  CallResult r = client.Call(Request("hi", true));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->json, R"({"ok":true})");
  ASSERT_EQ(f.transport.requests.size(), 3u);
  EXPECT_NE(f.transport.requests[0].body.find("\"json_schema\""), std::string::npos);
  EXPECT_NE(f.transport.requests[1].body.find(R"("response_format":{"type":"json_object"})"),
            std::string::npos);
  EXPECT_EQ(f.transport.requests[2].body.find("response_format"), std::string::npos);
  EXPECT_NE(f.transport.requests[2].body.find("Answer with one JSON object only"),
            std::string::npos);
  EXPECT_EQ(client.mode_of(0), StructuredMode::kPromptOnly);
  // The next call starts in prompt-only mode.
  ASSERT_TRUE(client.Call(Request("again", true)).ok());
  EXPECT_EQ(f.transport.requests.size(), 4u);
  EXPECT_EQ(f.transport.requests[3].body.find("response_format"), std::string::npos);
}

TEST(LlmClientTest, ConcurrentRefusalsStepDownOneModeAtATime) {
  Fixture f;
  f.options.concurrency = 4;
  f.transport.SetDefault([](const HttpRequest& r) {
    return r.body.find("\"json_schema\"") != std::string::npos
               ? HttpError(400, "response_format json_schema unsupported")
               : OpenAIAnswer("{\"ok\": true}");
  });
  LlmClient& client = f.Make();
  std::vector<CallResult> r =
      client.Run({Request("1", true), Request("2", true), Request("3", true), Request("4", true)});
  for (const CallResult& c : r) EXPECT_TRUE(c.ok()) << c.error;
  // Four refusals of json_schema arrived together; json_object was then tried, and kept.
  EXPECT_EQ(client.mode_of(0), StructuredMode::kJsonObject);
}

TEST(LlmClientTest, LengthIsAFailureNotAnAnswer) {
  Fixture f;
  f.transport.Push(OpenAIAnswer("{\"ok\": tr", "length"));
  CallResult r = f.Make().Call(Request("hi", true));
  EXPECT_EQ(r.cause, FailureCause::kLength);
  EXPECT_EQ(r.error, "the answer was cut off at max_tokens (100)");
}

TEST(LlmClientTest, ThinkWrappedAndFencedJsonIsExtracted) {
  Fixture f;
  f.transport.Push(
      OpenAIAnswer("<think>They want ok.</think>\nSure:\n```json\n{\"ok\": true}\n```"));
  CallResult r = f.Make().Call(Request("hi", true));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->json, R"({"ok":true})");
  EXPECT_EQ(r.response->reasoning, "They want ok.");
}

TEST(LlmClientTest, OneRepairTurnQuotesTheValidator) {
  Fixture f;
  f.transport.Push(OpenAIAnswer(R"({"ok": "yes"})"));
  CallResult r = f.Make().Call(Request("hi", true));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(f.transport.requests.size(), 2u);
  EXPECT_NE(f.transport.requests[1].body.find(
                "Your answer is not valid: $.ok: expected boolean, got string."),
            std::string::npos);
  EXPECT_EQ(f.client->accounting().Total().repairs, 1);

  Fixture g;
  g.transport.SetDefault([](const HttpRequest&) { return OpenAIAnswer("no json here"); });
  CallResult bad = g.Make().Call(Request("hi", true));
  EXPECT_EQ(bad.cause, FailureCause::kInvalidJson);
  EXPECT_EQ(bad.error, "no JSON object in the answer");
  EXPECT_EQ(g.transport.requests.size(), 2u);
}

TEST(LlmClientTest, CacheAnswersASecondRunWithoutRequests) {
  testing::TempDir tmp;
  auto cache = ResponseCache::Open(tmp.path() / "cache.sqlite");
  ASSERT_TRUE(cache.ok());
  std::vector<ChatRequest> requests = {Request("a", true), Request("b", true)};
  {
    Fixture f;
    f.cache = cache->get();
    ASSERT_TRUE(f.Make().Run(requests)[1].ok());
    EXPECT_EQ(f.transport.requests.size(), 2u);
  }
  Fixture f;
  f.cache = cache->get();
  std::vector<CallResult> again = f.Make().Run(requests);
  EXPECT_EQ(f.transport.requests.size(), 0u);
  ASSERT_TRUE(again[0].ok());
  EXPECT_TRUE(again[0].response->from_cache);
  EXPECT_EQ(again[0].response->json, R"({"ok":true})");
  EXPECT_EQ(f.client->accounting().Total().cache_hits, 2);
  // Another seed is another request.
  ChatRequest seeded = Request("a", true);
  seeded.sampling.seed = 7;
  EXPECT_FALSE(f.client->Call(seeded).response->from_cache);
  EXPECT_NE(CacheKey("openai", seeded), CacheKey("openai", requests[0]));
}

TEST(LlmClientTest, BudgetStopsNewCallsCleanly) {
  Fixture f;
  f.options.concurrency = 1;
  f.options.max_total_tokens = 30;  // each answer costs 15 tokens
  std::vector<CallResult> r =
      f.Make().Run({Request("1"), Request("2"), Request("3"), Request("4")});
  EXPECT_TRUE(r[0].ok());
  EXPECT_TRUE(r[1].ok());
  EXPECT_EQ(r[2].cause, FailureCause::kBudget);
  EXPECT_EQ(r[3].error, "the run budget was reached before it started");
  EXPECT_EQ(f.transport.requests.size(), 2u);
}

TEST(LlmClientTest, CostBudgetStopsNewCalls) {
  Fixture f;
  f.options.concurrency = 1;
  f.options.prices["m"] = Price{1000.0, 1000.0};  // 15 tokens cost $0.015
  f.options.max_cost_usd = 0.02;
  std::vector<CallResult> r = f.Make().Run({Request("1"), Request("2"), Request("3")});
  EXPECT_TRUE(r[0].ok());
  EXPECT_TRUE(r[1].ok());
  EXPECT_EQ(r[2].cause, FailureCause::kBudget);
}

TEST(LlmClientTest, ConcurrencyCapsAndLeastLoadedEndpoints) {
  Fixture f;
  f.options.concurrency = 4;
  f.options.per_endpoint_concurrency = 2;
  std::vector<ChatRequest> many(10, Request("x"));
  std::vector<CallResult> r =
      f.Make({{"http://a/v1", ""}, {"http://b/v1", ""}, {"http://c/v1", ""}}).Run(many);
  EXPECT_EQ(f.transport.max_in_flight, 4u);
  size_t to_c = 0;
  for (const HttpRequest& h : f.transport.requests) to_c += h.url.rfind("http://c/", 0) == 0;
  EXPECT_GE(to_c, 2u);
  for (const CallResult& c : r) EXPECT_TRUE(c.ok());
}

TEST(LlmClientTest, DeadlineAndCancel) {
  Fixture f;
  f.options.deadline_ms = 5000;
  f.transport.Push(HttpError(429, "", {{"retry-after", "10"}}));
  CallResult r = f.Make().Call(Request("x"));
  EXPECT_EQ(r.cause, FailureCause::kDeadline);

  Fixture g;
  LlmClient& client = g.Make();
  client.Cancel();
  EXPECT_EQ(client.Call(Request("x")).cause, FailureCause::kCancelled);
  EXPECT_EQ(g.transport.requests.size(), 0u);
}

TEST(LlmClientTest, CancelLetsCallsInFlightFinishForOneSecond) {
  Fixture f;
  f.options.concurrency = 2;
  f.transport.hold = true;  // the server never answers
  LlmClient& client = f.Make();
  int64_t cancelled_at = 0;
  f.transport.on_poll = [&](int wait) {
    if (cancelled_at == 0) {
      client.Cancel();  // as SIGINT would
      cancelled_at = f.clock.NowMs();
    }
    f.clock.Advance(wait);
  };
  std::vector<CallResult> r = client.Run({Request("1"), Request("2"), Request("3")});
  EXPECT_EQ(r[0].error, "cancelled while in flight");
  // The endpoint never answered: one call probes it (slow start), the rest wait.
  EXPECT_EQ(r[1].error, "cancelled before it started");
  EXPECT_EQ(r[2].error, "cancelled before it started");
  EXPECT_GE(f.clock.NowMs() - cancelled_at, 1000);
  EXPECT_LE(f.clock.NowMs() - cancelled_at, 1100);
  EXPECT_EQ(f.transport.requests.size(), 1u);
}

TEST(LlmClientTest, AccountingCountsTokensCostAndFailures) {
  Fixture f;
  f.options.prices["m"] = Price{2.0, 8.0};
  f.transport.Push(OpenAIAnswer("a", "stop", 1000, 500));
  f.transport.Push(HttpError(400, "bad"));
  LlmClient& client = f.Make();
  client.Run({Request("1"), Request("2")});
  StageStats s = client.accounting().stages().at("test");
  EXPECT_EQ(s.calls, 2);
  EXPECT_EQ(s.answered, 1);
  EXPECT_EQ(s.failures[FailureCause::kClient], 1);
  EXPECT_EQ(s.tokens.prompt_tokens, 1000);
  EXPECT_DOUBLE_EQ(s.cost_usd, (1000 * 2.0 + 500 * 8.0) / 1e6);
  EXPECT_EQ(client.accounting().spent_tokens(), 1500);
  EXPECT_DOUBLE_EQ(client.accounting().spent_cost_usd(), s.cost_usd);
}

TEST(LlmClientTest, OneCallProbesAnEndpointUntilItFirstAnswers) {
  Fixture f;
  f.options.concurrency = 8;
  LlmClient& client = f.Make();
  std::vector<size_t> in_flight;
  f.transport.on_poll = [&](int) { in_flight.push_back(f.transport.in_flight()); };
  client.Run(std::vector<ChatRequest>(20, Request("x")));
  ASSERT_GE(in_flight.size(), 2u);
  EXPECT_EQ(in_flight[0], 1u);
  EXPECT_EQ(in_flight[1], 8u);
  EXPECT_EQ(f.transport.max_in_flight, 8u);
}

TEST(LlmClientFatalTest, AnAuthFailureStopsTheRun) {
  Fixture f;
  f.options.concurrency = 4;
  f.transport.Push(HttpError(401, "Incorrect API key provided: sk-secret-key-123"));
  LlmClient& client = f.Make();
  std::vector<CallResult> r = client.Run(std::vector<ChatRequest>(50, Request("x")));
  // Slow start: the first call probes the endpoint alone; its refusal stops the rest.
  EXPECT_EQ(f.transport.requests.size(), 1u);
  EXPECT_EQ(r[0].cause, FailureCause::kAuth);
  EXPECT_EQ(r[0].error, "HTTP 401: Incorrect API key provided: [redacted]");
  EXPECT_EQ(r[1].cause, FailureCause::kStopped);
  EXPECT_EQ(r[49].error, "not started: the endpoint refused an earlier call");
  ASSERT_TRUE(client.fatal_error().has_value());
  EXPECT_EQ(client.fatal_error()->cause, FailureCause::kAuth);
  EXPECT_EQ(client.fatal_error()->endpoint, "http://a/v1");
  EXPECT_EQ(client.fatal_error()->message,
            "http://a/v1: model \"m\": HTTP 401: Incorrect API key provided: [redacted]");
  EXPECT_EQ(client.accounting().Total().failures.at(FailureCause::kStopped), 49);
  // The client stays stopped.
  EXPECT_EQ(client.Call(Request("y")).cause, FailureCause::kStopped);
  EXPECT_EQ(f.transport.requests.size(), 1u);
}

TEST(LlmClientFatalTest, QuotaAndForbiddenStopTheRunToo) {
  for (
      HttpResponse refusal :
      {HttpError(403, "forbidden"),
       HttpError(
           429,
           R"({"error":{"message":"You exceeded your current quota.","code":"insufficient_quota"}})")}) {
    Fixture f;
    f.options.concurrency = 1;
    f.transport.Push(refusal);
    LlmClient& client = f.Make();
    std::vector<CallResult> r = client.Run({Request("1"), Request("2"), Request("3")});
    EXPECT_EQ(f.transport.requests.size(), 1u);
    EXPECT_EQ(r[2].cause, FailureCause::kStopped);
    EXPECT_TRUE(client.fatal_error().has_value());
  }
}

TEST(LlmClientFatalTest, AMissingModelIsNamedWithWhatTheServerLists) {
  Fixture f;
  f.options.concurrency = 1;
  f.transport.Push(HttpError(
      404,
      R"({"object":"error","message":"The model `m` does not exist.","type":"NotFoundError","code":404})"));
  f.transport.Push(ModelList({"qwen-7b", "llama-3"}));
  LlmClient& client = f.Make();
  std::vector<CallResult> r = client.Run({Request("1"), Request("2")});
  EXPECT_EQ(r[0].error, "HTTP 404: The model `m` does not exist.");
  EXPECT_EQ(r[1].error, "not started: the endpoint refused an earlier call");
  ASSERT_EQ(f.transport.requests.size(), 2u);
  EXPECT_EQ(f.transport.requests[1].method, "GET");
  EXPECT_EQ(f.transport.requests[1].url, "http://a/v1/models");
  EXPECT_EQ(f.transport.requests[1].headers[0].second, "Bearer sk-secret-key-123");
  EXPECT_EQ(client.fatal_error()->message,
            "http://a/v1: model \"m\": HTTP 404: The model `m` does not exist. (the server lists: "
            "qwen-7b, llama-3)");

  // A server that does not list its models: the line says what it said.
  Fixture g;
  g.transport.Push(HttpError(404, "404 page not found"));
  g.transport.Push(HttpError(404, "404 page not found"));
  LlmClient& other = g.Make();
  other.Call(Request("1"));
  EXPECT_EQ(g.transport.requests.size(), 2u);
  EXPECT_EQ(other.fatal_error()->message, "http://a/v1: model \"m\": HTTP 404: 404 page not found");
}

TEST(LlmClientFatalTest, AnInvalidSchemaStopsTheRunInsteadOfFallingBack) {
  Fixture f;
  f.options.concurrency = 1;
  const std::string refusal =
      R"({"error":{"message":"Invalid schema for response_format 't2s_test': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'note'.","type":"invalid_request_error","param":"response_format","code":null}})";
  f.transport.Push(HttpError(400, refusal));
  LlmClient& client = f.Make();
  std::vector<CallResult> r = client.Run({Request("1", true), Request("2", true)});
  EXPECT_EQ(f.transport.requests.size(), 1u);
  EXPECT_EQ(client.mode_of(0), StructuredMode::kJsonSchema);  // no step down
  EXPECT_EQ(r[0].cause, FailureCause::kClient);
  EXPECT_EQ(r[1].cause, FailureCause::kStopped);
  EXPECT_EQ(client.fatal_error()->message,
            "http://a/v1: model \"m\": HTTP 400: Invalid schema for response_format 't2s_test': "
            "In context=(), 'required' is required to be supplied and to be an array including "
            "every key in properties. Missing 'note'.");

  // A server without json_schema support still gets the weaker modes.
  Fixture g;
  g.transport.Push(HttpError(400, R"({"error":{"message":"json_schema is not supported"}})"));
  LlmClient& fallback = g.Make();
  EXPECT_TRUE(fallback.Call(Request("1", true)).ok());
  EXPECT_EQ(fallback.mode_of(0), StructuredMode::kJsonObject);
  EXPECT_FALSE(fallback.fatal_error().has_value());
}

TEST(LlmClientFatalTest, AnUnreachableEndpointStopsTheRunAfterOneCallsAttempts) {
  Fixture f;
  f.options.concurrency = 1;
  f.options.retry.max_attempts = 3;
  f.transport.SetDefault([](const HttpRequest&) { return ConnectionRefused(); });
  LlmClient& client = f.Make({{"http://127.0.0.1:9/v1", ""}});
  std::vector<CallResult> r = client.Run(std::vector<ChatRequest>(10, Request("x")));
  EXPECT_EQ(f.transport.requests.size(), 3u);
  EXPECT_EQ(r[0].cause, FailureCause::kConnection);
  EXPECT_EQ(r[0].error,
            "connection failed: Failed to connect to 127.0.0.1 port 9 after 0 ms: Connection "
            "refused (after 3 attempts)");
  EXPECT_EQ(r[9].cause, FailureCause::kStopped);
  EXPECT_EQ(r[9].error, "not started: the endpoint could not be reached");
  EXPECT_EQ(client.fatal_error()->message,
            "cannot reach http://127.0.0.1:9/v1: Failed to connect to 127.0.0.1 port 9 after 0 ms: "
            "Connection refused (3 attempts)");
}

TEST(LlmClientFatalTest, AnEndpointThatAnsweredOnceIsRetriedNotAbandoned) {
  Fixture f;
  f.options.concurrency = 1;
  f.options.retry.max_attempts = 2;
  f.transport.SetDefault([](const HttpRequest&) { return ConnectionRefused(); });
  f.transport.Push(OpenAIAnswer("hi"));
  LlmClient& client = f.Make();
  std::vector<CallResult> r = client.Run({Request("1"), Request("2"), Request("3")});
  EXPECT_TRUE(r[0].ok());
  EXPECT_EQ(r[1].cause, FailureCause::kConnection);
  EXPECT_EQ(r[2].cause, FailureCause::kConnection);
  EXPECT_EQ(f.transport.requests.size(), 5u);
  EXPECT_FALSE(client.fatal_error().has_value());
}

TEST(LlmClientFatalTest, NewCallsWaitOnlyUntilTheTriedCallDecides) {
  Fixture f;
  f.options.concurrency = 1;
  f.options.retry.max_attempts = 2;
  f.transport.Push(ConnectionRefused());
  HttpResponse timeout;
  timeout.timed_out = true;
  f.transport.Push(timeout);  // not a refusal: the endpoint may be there
  LlmClient& client = f.Make();
  std::vector<CallResult> r = client.Run({Request("1"), Request("2"), Request("3")});
  EXPECT_EQ(r[0].cause, FailureCause::kTimeout);
  EXPECT_TRUE(r[1].ok());
  EXPECT_TRUE(r[2].ok());
  EXPECT_EQ(f.transport.requests.size(), 4u);
  EXPECT_FALSE(client.fatal_error().has_value());
}

TEST(LlmClientFatalTest, CallsWaitingToRetryAreNotRetried) {
  Fixture f;
  f.options.concurrency = 2;
  f.transport.Push(HttpError(503, "busy"));
  f.transport.Push(HttpError(401, "no"));
  LlmClient& client = f.Make();
  std::vector<CallResult> r = client.Run({Request("1"), Request("2"), Request("3")});
  EXPECT_EQ(r[0].cause, FailureCause::kStopped);
  EXPECT_EQ(r[0].error, "not retried: the endpoint refused an earlier call");
  EXPECT_EQ(r[1].cause, FailureCause::kAuth);
  // Started once the 503 showed the endpoint answers, with the 401's call.
  EXPECT_TRUE(r[2].ok());
  EXPECT_EQ(f.transport.requests.size(), 3u);
}

HttpResponse AnthropicToolAnswer(const std::string& input_json) {
  HttpResponse r;
  r.status = 200;
  r.body = R"({"type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_1",)"
           R"("name":"t2s_test","input":)" +
           input_json +
           R"(}],"stop_reason":"tool_use","usage":{"input_tokens":20,"output_tokens":4}})";
  return r;
}

TEST(LlmClientTest, AnthropicAnswersThroughAForcedToolAndFallsBackToThePrompt) {
  Fixture f;
  f.transport.Push(AnthropicToolAnswer(R"({"ok":"yes"})"));  // invalid: repaired
  f.transport.Push(AnthropicToolAnswer(R"({"ok":true})"));
  f.client =
      std::make_unique<LlmClient>(MakeAnthropicProvider(), std::vector<Endpoint>{{"http://a", ""}},
                                  &f.transport, &f.clock, nullptr, f.options);
  CallResult r = f.client->Call(Request("hi", true));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->json, R"({"ok":true})");
  EXPECT_EQ(r.usage.prompt_tokens, 40);
  ASSERT_EQ(f.transport.requests.size(), 2u);
  EXPECT_NE(f.transport.requests[1].body.find(R"("tool_choice":{"name":"t2s_test","type":"tool"})"),
            std::string::npos);
  EXPECT_NE(f.transport.requests[1].body.find("Your answer is not valid: $.ok: expected boolean"),
            std::string::npos);
  EXPECT_EQ(f.client->mode_of(0), StructuredMode::kTool);

  // A server without tools: the schema goes in the prompt.
  f.transport.Push(HttpError(
      400,
      R"({"type":"error","error":{"type":"invalid_request_error","message":"tools: Extra inputs are not permitted"}})"));
  f.transport.Push(AnthropicToolAnswer(R"({"ok":true})"));
  ASSERT_TRUE(f.client->Call(Request("again", true)).ok());
  EXPECT_EQ(f.client->mode_of(0), StructuredMode::kPromptOnly);
  ASSERT_EQ(f.transport.requests.size(), 4u);
  EXPECT_EQ(f.transport.requests[3].body.find("\"tools\""), std::string::npos);
  EXPECT_NE(f.transport.requests[3].body.find("Answer with one JSON object only"),
            std::string::npos);
}

TEST(LlmClientAccountingTest, ACutOffAnswerIsPaidFor) {
  Fixture f;
  f.options.prices["m"] = Price{2.0, 8.0};
  f.transport.Push(OpenAIAnswer("{\"ok\": tr", "length", 100, 50));
  LlmClient& client = f.Make();
  CallResult r = client.Call(Request("hi", true));
  EXPECT_EQ(r.cause, FailureCause::kLength);
  EXPECT_EQ(r.usage.prompt_tokens, 100);
  EXPECT_EQ(r.usage.completion_tokens, 50);
  StageStats s = client.accounting().stages().at("test");
  EXPECT_EQ(s.tokens.prompt_tokens, 100);
  EXPECT_EQ(s.tokens.completion_tokens, 50);
  EXPECT_DOUBLE_EQ(s.cost_usd, (100 * 2.0 + 50 * 8.0) / 1e6);
  EXPECT_EQ(client.accounting().spent_tokens(), 150);
  EXPECT_DOUBLE_EQ(client.accounting().spent_cost_usd(), s.cost_usd);
}

TEST(LlmClientAccountingTest, ARepairedCallCountsBothTurns) {
  Fixture f;
  f.transport.Push(OpenAIAnswer(R"({"ok": "yes"})", "stop", 100, 20));
  f.transport.Push(OpenAIAnswer(R"({"ok": true})", "stop", 130, 10));
  LlmClient& client = f.Make();
  CallResult r = client.Call(Request("hi", true));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->usage.prompt_tokens, 230);
  EXPECT_EQ(r.response->usage.completion_tokens, 30);
  EXPECT_EQ(r.usage.prompt_tokens, 230);
  EXPECT_EQ(client.accounting().Total().tokens.completion_tokens, 30);
  EXPECT_EQ(client.accounting().spent_tokens(), 260);
}

TEST(LlmClientAccountingTest, InvalidAnswersCountAgainstTheBudget) {
  Fixture f;
  f.options.concurrency = 1;
  f.options.max_total_tokens = 50;  // each call: an invalid answer and its repair, 15 tokens each
  f.transport.SetDefault([](const HttpRequest&) { return OpenAIAnswer("no json here"); });
  LlmClient& client = f.Make();
  std::vector<CallResult> r = client.Run(std::vector<ChatRequest>(5, Request("x", true)));
  EXPECT_EQ(r[0].cause, FailureCause::kInvalidJson);
  EXPECT_EQ(r[0].usage.prompt_tokens + r[0].usage.completion_tokens, 30);
  EXPECT_EQ(r[1].cause, FailureCause::kInvalidJson);
  EXPECT_EQ(r[2].cause, FailureCause::kBudget);
  EXPECT_EQ(r[4].cause, FailureCause::kBudget);
  EXPECT_EQ(f.transport.requests.size(), 4u);
  EXPECT_EQ(client.accounting().spent_tokens(), 60);
  EXPECT_EQ(client.accounting().Total().tokens.prompt_tokens, 40);
}

TEST(LlmClientAccountingTest, ACachedRerunPaysNothingAndSaysWhatItFirstCost) {
  testing::TempDir tmp;
  auto cache = ResponseCache::Open(tmp.path() / "cache.sqlite");
  ASSERT_TRUE(cache.ok());
  {
    Fixture f;
    f.cache = cache->get();
    f.options.prices["m"] = Price{2.0, 8.0};
    f.transport.Push(OpenAIAnswer(R"({"ok": true})", "stop", 1000, 500));
    ASSERT_TRUE(f.Make().Call(Request("a", true)).ok());
    EXPECT_DOUBLE_EQ(f.client->accounting().spent_cost_usd(), 0.006);
  }
  Fixture f;
  f.cache = cache->get();
  f.options.prices["m"] = Price{2.0, 8.0};
  LlmClient& client = f.Make();
  CallResult r = client.Call(Request("a", true));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.response->from_cache);
  EXPECT_EQ(r.usage.prompt_tokens, 0);
  EXPECT_EQ(client.accounting().spent_tokens(), 0);
  EXPECT_EQ(client.accounting().spent_cost_usd(), 0);
  StageStats s = client.accounting().stages().at("test");
  EXPECT_EQ(s.tokens.prompt_tokens, 0);
  EXPECT_EQ(s.cached.prompt_tokens, 1000);
  EXPECT_EQ(s.cached.completion_tokens, 500);
  EXPECT_DOUBLE_EQ(s.cached_cost_usd, 0.006);
  nlohmann::json j = nlohmann::json::parse(client.accounting().ToJson());
  EXPECT_EQ(j["stages"]["test"]["cached"],
            (nlohmann::json{{"prompt", 1000}, {"completion", 500}, {"cost_usd", 0.006}}));
  EXPECT_EQ(j["stages"]["test"]["cost_usd"], 0.0);
  EXPECT_EQ(client.accounting().Summary(/*priced=*/true),
            "test: 1 calls, 1 answered (1 from cache), 0 failed, 0 retries; 0 prompt + 0 "
            "completion tokens; $0.0000; p50 0 ms, p90 0 ms; the cached answers first cost $0.0060 "
            "(1000 prompt + 500 completion tokens), not paid again\n");
  // Without a price for the model no dollar figure is made up.
  EXPECT_EQ(client.accounting().Summary(/*priced=*/false),
            "test: 1 calls, 1 answered (1 from cache), 0 failed, 0 retries; 0 prompt + 0 "
            "completion tokens; cost unknown; p50 0 ms, p90 0 ms; the cached answers (1000 prompt "
            "+ 500 completion tokens) were paid in an earlier run\n");
}

}  // namespace
}  // namespace t2s

namespace t2s {
namespace {

TEST(LlmClientLazyTest, RequestsAreMadeWhenTheirCallStartsAndFreedWhenItEnds) {
  Fixture f;
  f.options.concurrency = 3;
  size_t made = 0, most_in_flight = 0;
  RequestSource source;
  source.count = 50;
  source.stage = "analyze";
  source.model = "m";
  source.make = [&](size_t i) {
    ++made;
    // Each request is made once, in order, and only when a slot is free.
    EXPECT_EQ(i + 1, made);
    most_in_flight = std::max(most_in_flight, made - f.client->accounting().Total().calls);
    return Request("call " + std::to_string(i));
  };
  std::vector<CallResult> results = f.Make().Run(source);
  ASSERT_EQ(results.size(), 50u);
  for (const CallResult& r : results) EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(made, 50u);
  EXPECT_LE(most_in_flight, 4u) << "a request is made only when its call can start";
  EXPECT_EQ(f.transport.requests.size(), 50u);
  EXPECT_NE(f.transport.requests[49].body.find("call 49"), std::string::npos);
}

TEST(LlmClientLazyTest, CallsThatNeverStartAreRecordedUnderTheSourcesStage) {
  Fixture f;
  f.transport.Push(HttpError(401, "invalid key"));
  size_t made = 0;
  RequestSource source;
  source.count = 1000;
  source.stage = "analyze";
  source.model = "m";
  source.make = [&](size_t i) {
    ++made;
    ChatRequest r = Request("call " + std::to_string(i));
    r.stage = "analyze";
    return r;
  };
  std::vector<CallResult> results = f.Make().Run(source);
  ASSERT_EQ(results.size(), 1000u);
  EXPECT_EQ(results[999].cause, FailureCause::kStopped);
  EXPECT_LT(made, 10u) << "a stopped run makes no more prompts";
  EXPECT_EQ(f.client->accounting().stages().at("analyze").calls, 1000);
}

}  // namespace
}  // namespace t2s
