// The scheduler against a scripted transport and a manual clock: every fault
// and policy, without network or real sleeping.
#include "llm/llm_client.h"

#include <gtest/gtest.h>

#include "testing/fake_transport.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using testing::ConnectionDropped;
using testing::FakeTransport;
using testing::HttpError;
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
  EXPECT_EQ(r[1].cause, FailureCause::kCancelled);
  EXPECT_EQ(r[2].error, "cancelled before it started");
  EXPECT_GE(f.clock.NowMs() - cancelled_at, 1000);
  EXPECT_LE(f.clock.NowMs() - cancelled_at, 1100);
  EXPECT_EQ(f.transport.requests.size(), 2u);
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

}  // namespace
}  // namespace t2s
