// Batch mode against the in-memory batch APIs (testing/fake_batch_api.h)
// behind a scripted transport and a manual clock: no network, no sleeping.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "llm/llm_client.h"
#include "testing/fake_batch_api.h"
#include "testing/fake_transport.h"
#include "testing/temp_dir.h"

namespace t2s {
namespace {

using Json = nlohmann::json;
using testing::FakeBatchApi;
using testing::FakeTransport;

constexpr const char* kSchema =
    R"({"type":"object","properties":{"echo":{"type":"string"}},"required":["echo"],"additionalProperties":false})";

ChatRequest Request(const std::string& text) {
  ChatRequest r;
  r.stage = "analyze";
  r.model = "m";
  r.messages = {{"user", text}};
  r.sampling.max_tokens = 100;
  r.schema = {"t2s_echo", kSchema};
  return r;
}

// The model: echoes the last user message, in the provider's format.
HttpResponse Echo(const std::string& path, const std::string& body) {
  Json j = Json::parse(body);
  std::string text = j["messages"].back()["content"].is_string()
                         ? j["messages"].back()["content"].get<std::string>()
                         : j["messages"].back()["content"][0]["text"].get<std::string>();
  text = text.substr(0, text.find('\n'));
  Json answer = {{"echo", text}};
  if (path == "/v1/messages") {
    HttpResponse r;
    r.status = 200;
    r.body = Json{{"type", "message"},
                  {"role", "assistant"},
                  {"content", {{{"type", "tool_use"}, {"id", "t1"}, {"name", "t2s_echo"}, {"input", answer}}}},
                  {"stop_reason", "tool_use"},
                  {"usage", {{"input_tokens", 1000}, {"output_tokens", 100}}}}
                 .dump();
    return r;
  }
  return testing::OpenAIAnswer(answer.dump(), "stop", 1000, 100);
}

struct BatchFixture {
  testing::TempDir tmp;
  FakeTransport transport;
  ManualClock clock;
  FakeBatchApi api{Echo};
  std::unique_ptr<ResponseCache> cache;
  LlmOptions options;
  std::unique_ptr<LlmClient> client;

  BatchFixture() {
    cache = *ResponseCache::Open(tmp.path() / "run.sqlite");
    options.batch.enabled = true;
    options.prices["m"] = Price{2.0, 8.0};
    transport.SetDefault([this](const HttpRequest& r) {
      if (std::optional<HttpResponse> a = api.Handle(r)) return *a;
      return testing::HttpError(500, "not a batch call: " + r.url);
    });
  }
  LlmClient& Make(const std::string& provider = "openai") {
    std::string base = provider == "openai" ? "http://fake/v1" : "http://fake";
    client = std::make_unique<LlmClient>(MakeProvider(provider),
                                         std::vector<Endpoint>{{base, "sk-batch-secret-1"}},
                                         &transport, &clock, cache.get(), options);
    return *client;
  }
  std::vector<ChatRequest> Requests(int n) {
    std::vector<ChatRequest> out;
    for (int i = 0; i < n; ++i) out.push_back(Request("call " + std::to_string(i)));
    return out;
  }
  // "POST /v1/files", "GET /v1/batches/batch_1", ... in order.
  std::vector<std::string> Calls() const {
    std::vector<std::string> out;
    for (const HttpRequest& r : transport.requests) {
      out.push_back(r.method + " " + r.url.substr(r.url.find("/", 7)));
    }
    return out;
  }
};

TEST(LlmBatchTest, OpenAIBatchAnswersEveryCallAtTheBatchPrice) {
  BatchFixture f;
  std::vector<CallResult> r = f.Make().Run(f.Requests(5));
  ASSERT_EQ(r.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(r[i].ok()) << r[i].error;
    EXPECT_EQ(r[i].response->json, Json({{"echo", "call " + std::to_string(i)}}).dump());
  }
  EXPECT_EQ(f.Calls(), (std::vector<std::string>{"POST /v1/files", "POST /v1/batches",
                                                 "GET /v1/batches/batch_1",
                                                 "GET /v1/files/batch_1-out/content"}));
  // The upload names the chat path and carries the key only in its header.
  const HttpRequest& upload = f.transport.requests[0];
  EXPECT_NE(upload.body.find(R"("url":"/v1/chat/completions")"), std::string::npos);
  EXPECT_EQ(upload.body.find("sk-batch-secret-1"), std::string::npos);
  Json create = Json::parse(f.transport.requests[1].body);
  EXPECT_EQ(create["completion_window"], "24h");
  EXPECT_EQ(create["endpoint"], "/v1/chat/completions");
  // 5 x (1000 prompt, 100 completion) at half of $2 / $8 per million.
  const StageStats& s = f.client->accounting().stages().at("analyze");
  EXPECT_EQ(s.answered, 5);
  EXPECT_DOUBLE_EQ(s.cost_usd, 5 * (1000 * 1.0 + 100 * 4.0) / 1e6);
  // Answers are kept: the same calls again cost nothing and submit nothing.
  size_t before = f.transport.requests.size();
  std::vector<CallResult> again = f.Make().Run(f.Requests(5));
  EXPECT_TRUE(again[4].ok());
  EXPECT_TRUE(again[4].response->from_cache);
  EXPECT_EQ(f.transport.requests.size(), before);
  EXPECT_TRUE(f.cache->OpenBatches()->empty()) << "a collected batch is closed";
}

TEST(LlmBatchTest, FailedAndExpiredItemsGoInAFollowUpBatch) {
  BatchFixture f;
  f.api.options.fail_first = 2;
  std::vector<CallResult> r = f.Make().Run(f.Requests(4));
  for (const CallResult& c : r) EXPECT_TRUE(c.ok()) << c.error;
  EXPECT_EQ(f.api.batches_created(), 2u);
  EXPECT_EQ(f.api.items_answered(), 4u);

  BatchFixture g;
  g.api.options.expire_after = 1;
  g.options.batch.rounds = 1;  // no follow-up: the expired ones fail, saying why
  std::vector<CallResult> e = g.Make().Run(g.Requests(3));
  size_t answered = 0;
  for (const CallResult& c : e) {
    if (c.ok()) {
      ++answered;
      continue;
    }
    EXPECT_EQ(c.cause, FailureCause::kServer);
    EXPECT_EQ(c.error,
              "batch item failed 1 time: This request could not be executed before the "
              "completion window expired.");
  }
  EXPECT_EQ(answered, 1u);
  EXPECT_EQ(g.client->accounting().stages().at("analyze").answered, 1);
}

TEST(LlmBatchTest, ABatchThatFailsAsAWholeIsSubmittedAgain) {
  BatchFixture f;
  f.api.options.fail_whole_first = true;
  std::vector<CallResult> r = f.Make().Run(f.Requests(3));
  for (const CallResult& c : r) EXPECT_TRUE(c.ok()) << c.error;
  EXPECT_EQ(f.api.batches_created(), 2u);
}

TEST(LlmBatchTest, PollingBacksOffUpToTheCap) {
  BatchFixture f;
  f.api.options.polls_before_end = 6;
  f.options.batch.poll_ms = 1000;
  f.options.batch.max_poll_ms = 4000;
  int64_t start = f.clock.NowMs();
  std::vector<CallResult> r = f.Make().Run(f.Requests(1));
  ASSERT_TRUE(r[0].ok());
  EXPECT_EQ(f.api.polls(), 6u);
  EXPECT_EQ(f.clock.NowMs() - start, 1000 + 2000 + 4000 + 4000 + 4000 + 4000);
}

TEST(LlmBatchTest, AKilledRunPollsItsBatchAgainInsteadOfPaying) {
  BatchFixture f;
  f.api.options.polls_before_end = 1000;  // still running when the run is stopped
  f.options.deadline_ms = 60'000;
  std::vector<CallResult> stopped = f.Make().Run(f.Requests(3));
  ASSERT_FALSE(stopped[0].ok());
  EXPECT_EQ(stopped[0].cause, FailureCause::kDeadline);
  EXPECT_EQ(stopped[0].error,
            "the run deadline passed while batch batch_1 ran (kept in the run store: the same "
            "command collects it)");
  ASSERT_EQ(f.cache->OpenBatches()->size(), 1u);

  // The next process: the same calls, the batch now done.
  f.api.options.polls_before_end = 0;
  f.options.deadline_ms = 0;
  f.transport.requests.clear();
  std::vector<CallResult> resumed = f.Make().Run(f.Requests(3));
  for (const CallResult& c : resumed) EXPECT_TRUE(c.ok()) << c.error;
  EXPECT_EQ(f.api.batches_created(), 1u);
  EXPECT_EQ(f.Calls(), (std::vector<std::string>{"GET /v1/batches/batch_1",
                                                 "GET /v1/files/batch_1-out/content"}));
  EXPECT_TRUE(f.cache->OpenBatches()->empty());
}

TEST(LlmBatchTest, ABatchTheProviderNoLongerKnowsIsSubmittedAgain) {
  BatchFixture f;
  f.api.options.polls_before_end = 1000;
  f.options.deadline_ms = 60'000;
  ASSERT_FALSE(f.Make().Run(f.Requests(2))[0].ok());
  f.api.Forget();  // another endpoint, or the provider's records expired
  f.api.options.polls_before_end = 0;
  f.options.deadline_ms = 0;
  f.transport.requests.clear();
  std::vector<std::string> lines;
  LlmClient& client = f.Make();
  client.set_log([&](const std::string& line) { lines.push_back(line); });
  std::vector<CallResult> r = client.Run(f.Requests(2));
  for (const CallResult& c : r) EXPECT_TRUE(c.ok()) << c.error;
  EXPECT_EQ(f.Calls(), (std::vector<std::string>{
                           "GET /v1/batches/batch_1", "POST /v1/files", "POST /v1/batches",
                           "GET /v1/batches/batch_1", "GET /v1/files/batch_1-out/content"}));
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "analyze: collecting batch batch_1 (2 calls), submitted by an earlier run",
                       "analyze: batch batch_1 unknown",
                       "analyze: batch batch_1 submitted (2 calls); polling it (recorded in the "
                       "run store: a killed run collects it)",
                       "analyze: batch batch_1 completed: 2 of 2 done"}));
  EXPECT_TRUE(f.cache->OpenBatches()->empty());
}

TEST(LlmBatchTest, AnthropicMessageBatchesAnswerThroughTheForcedTool) {
  BatchFixture f;
  f.api.options.fail_first = 1;
  std::vector<CallResult> r = f.Make("anthropic").Run(f.Requests(3));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(r[i].ok()) << r[i].error;
    EXPECT_EQ(r[i].response->json, Json({{"echo", "call " + std::to_string(i)}}).dump());
  }
  EXPECT_EQ(f.Calls(), (std::vector<std::string>{
                           "POST /v1/messages/batches", "GET /v1/messages/batches/msgbatch_1",
                           "GET /v1/messages/batches/msgbatch_1/results",
                           "POST /v1/messages/batches", "GET /v1/messages/batches/msgbatch_2",
                           "GET /v1/messages/batches/msgbatch_2/results"}));
  Json create = Json::parse(f.transport.requests[0].body);
  ASSERT_EQ(create["requests"].size(), 3u);
  EXPECT_EQ(create["requests"][0]["params"]["tool_choice"]["name"], "t2s_echo");
  EXPECT_EQ(f.transport.requests[0].body.find("sk-batch-secret-1"), std::string::npos);
}

TEST(LlmBatchTest, NoBatchIsSubmittedOnceTheBudgetIsSpent) {
  BatchFixture f;
  f.options.max_cost_usd = 0.001;  // the first batch costs $0.0028
  LlmClient& client = f.Make();
  std::vector<CallResult> first = client.Run(f.Requests(2));
  ASSERT_TRUE(first[1].ok());
  std::vector<ChatRequest> more = {Request("later")};
  std::vector<CallResult> second = client.Run(more);
  ASSERT_FALSE(second[0].ok());
  EXPECT_EQ(second[0].cause, FailureCause::kBudget);
  EXPECT_EQ(second[0].error, "the run budget was reached before its batch was submitted");
  EXPECT_EQ(f.api.batches_created(), 1u);

  // A batch is paid as a whole: one whose prompts alone pass the budget is not sent.
  BatchFixture g;
  g.options.max_cost_usd = 0.001;
  std::vector<ChatRequest> big = {Request(std::string(40'000, 'x'))};
  std::vector<CallResult> refused = g.Make().Run(big);
  ASSERT_FALSE(refused[0].ok());
  EXPECT_EQ(refused[0].error,
            "not submitted: the batch's prompts alone would cost about $0.0100, more than the "
            "$0.0010 left of the budget");
  EXPECT_TRUE(g.transport.requests.empty());
}

TEST(LlmBatchTest, AnEndpointWithoutABatchApiStopsTheRunWithOneLine) {
  BatchFixture f;
  f.api.options.no_batch_api = true;
  std::vector<CallResult> r = f.Make().Run(f.Requests(2));
  ASSERT_FALSE(r[0].ok());
  ASSERT_TRUE(f.client->fatal_error().has_value());
  EXPECT_EQ(f.client->fatal_error()->message,
            "POST http://fake/v1/files: HTTP 404: route /v1/files not found (the endpoint has no "
            "batch API: run without --batch)");
  EXPECT_EQ(r[1].error, "not started: " + f.client->fatal_error()->message);

  // A window OpenAI does not offer is refused by it, and said so.
  BatchFixture g;
  g.options.batch.window = "1h";
  ASSERT_FALSE(g.Make().Run(g.Requests(1))[0].ok());
  EXPECT_EQ(g.client->fatal_error()->message,
            "POST http://fake/v1/batches: HTTP 400: Invalid completion_window: only '24h' is "
            "supported");
}

}  // namespace
}  // namespace t2s
