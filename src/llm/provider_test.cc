// Both providers' wire formats.
#include "llm/provider.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace t2s {
namespace {

using Json = nlohmann::json;

ChatRequest Sample() {
  ChatRequest r;
  r.model = "qwen3";
  r.messages = {{"system", "Be brief."}, {"user", "Say ok."}};
  r.sampling.temperature = 0.2;
  r.sampling.top_k = 20;
  r.sampling.seed = 7;
  r.sampling.max_tokens = 64;
  r.sampling.extra_json = R"({"chat_template_kwargs":{"enable_thinking":false}})";
  r.schema = {"t2s_test", R"({"type":"object"})"};
  return r;
}

TEST(OpenAIProviderTest, BuildsChatCompletionsForEachMode) {
  auto p = MakeOpenAIProvider();
  HttpRequest h = p->Build(Sample(), StructuredMode::kJsonSchema, {"http://gpu:8000/v1/", "key-1"});
  EXPECT_EQ(h.url, "http://gpu:8000/v1/chat/completions");
  EXPECT_EQ(h.headers[1], (std::pair<std::string, std::string>{"Authorization", "Bearer key-1"}));
  Json body = Json::parse(h.body);
  EXPECT_EQ(body["model"], "qwen3");
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["temperature"], 0.2);
  EXPECT_EQ(body["top_k"], 20);
  EXPECT_EQ(body["seed"], 7);
  EXPECT_EQ(body["max_tokens"], 64);
  EXPECT_EQ(body["chat_template_kwargs"]["enable_thinking"], false);
  EXPECT_EQ(body["response_format"]["type"], "json_schema");
  EXPECT_EQ(body["response_format"]["json_schema"]["name"], "t2s_test");
  EXPECT_EQ(body["response_format"]["json_schema"]["strict"], true);
  EXPECT_EQ(body["response_format"]["json_schema"]["schema"], (Json{{"type", "object"}}));
  // The server enforces the schema: the prompt is left as it is.
  EXPECT_EQ(body["messages"][1]["content"], "Say ok.");
  // json_object promises only some JSON: the prompt names the fields.
  Json object = Json::parse(p->Build(Sample(), StructuredMode::kJsonObject, {"u", ""}).body);
  EXPECT_EQ(object["response_format"], (Json{{"type", "json_object"}}));
  EXPECT_EQ(object["messages"][1]["content"],
            "Say ok.\n\nAnswer with one JSON object only, no prose and no code fence, matching "
            "this JSON Schema (named t2s_test):\n{\"type\":\"object\"}");
  Json prompt = Json::parse(p->Build(Sample(), StructuredMode::kPromptOnly, {"u", ""}).body);
  EXPECT_FALSE(prompt.contains("response_format"));
  EXPECT_NE(prompt["messages"][1]["content"].get<std::string>().find("(named t2s_test)"),
            std::string::npos);
  // No key, no Authorization header; no temperature unless asked for.
  ChatRequest plain;
  plain.model = "m";
  HttpRequest bare = p->Build(plain, StructuredMode::kJsonSchema, {"http://x/v1", ""});
  EXPECT_EQ(bare.headers.size(), 1u);
  EXPECT_FALSE(Json::parse(bare.body).contains("temperature"));
}

TEST(OpenAIProviderTest, ParsesReasoningThinkAndUsage) {
  auto p = MakeOpenAIProvider();
  HttpResponse r;
  r.status = 200;
  r.body =
      R"({"choices":[{"message":{"content":"<think>hmm</think>{\"ok\":true}","reasoning_content":null},
    "finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":20,
    "completion_tokens_details":{"reasoning_tokens":12},"prompt_tokens_details":{"cached_tokens":8}}})";
  Result<ChatResponse> out = p->Parse(r);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->content, "{\"ok\":true}");
  EXPECT_EQ(out->reasoning, "hmm");
  EXPECT_EQ(out->usage.reasoning_tokens, 12);
  EXPECT_EQ(out->usage.cached_tokens, 8);
  r.body =
      R"({"choices":[{"message":{"content":"x","reasoning":"vllm field"},"finish_reason":"length"}]})";
  EXPECT_EQ(p->Parse(r)->reasoning, "vllm field");
  EXPECT_EQ(p->Parse(r)->finish_reason, "length");
  r.body = "<html>gateway</html>";
  EXPECT_EQ(p->Parse(r).status().message(), "answer is not a JSON object");
  r.body = R"({"choices":[]})";
  EXPECT_EQ(p->Parse(r).status().message(), "answer has no choices[0]");
}

TEST(OpenAIProviderTest, WeakerModesStepDownToPromptOnly) {
  auto p = MakeOpenAIProvider();
  EXPECT_EQ(p->best_mode(), StructuredMode::kJsonSchema);
  EXPECT_EQ(p->Weaker(StructuredMode::kJsonSchema), StructuredMode::kJsonObject);
  EXPECT_EQ(p->Weaker(StructuredMode::kJsonObject), StructuredMode::kPromptOnly);
  EXPECT_EQ(p->Weaker(StructuredMode::kPromptOnly), StructuredMode::kPromptOnly);
}

TEST(ProviderTest, AHostileDeeplyNestedBodyIsABadAnswerNotACrash) {
  HttpResponse r;
  r.status = 200;
  r.body = std::string(300000, '[') + std::string(300000, ']');
  EXPECT_EQ(MakeOpenAIProvider()->Parse(r).status().message(),
            "answer is nested deeper than 256 levels");
  EXPECT_EQ(MakeAnthropicProvider()->Parse(r).status().message(),
            "answer is nested deeper than 256 levels");
  r.body = R"({"choices":[{"message":{"content":")" + std::string(100000, '{') + R"("}}]})";
  EXPECT_EQ(MakeOpenAIProvider()->Parse(r)->content.size(), 100000u);  // braces in a string
}

TEST(ProviderTest, ListsModelsWithAGet) {
  HttpRequest openai = MakeOpenAIProvider()->BuildListModels({"http://gpu:8000/v1/", "key-1"});
  EXPECT_EQ(openai.method, "GET");
  EXPECT_EQ(openai.url, "http://gpu:8000/v1/models");
  EXPECT_EQ(openai.headers,
            (std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer key-1"}}));
  HttpRequest anthropic = MakeAnthropicProvider()->BuildListModels({"", "ak"});
  EXPECT_EQ(anthropic.method, "GET");
  EXPECT_EQ(anthropic.url, "https://api.anthropic.com/v1/models");
  HttpResponse r;
  r.status = 200;
  r.body = R"({"object":"list","data":[{"id":"qwen-7b","object":"model"},{"id":"llama-3"},{}]})";
  EXPECT_EQ(*ParseModelList(r), (std::vector<std::string>{"qwen-7b", "llama-3"}));
  r.body = "<html>Not Found</html>";
  EXPECT_EQ(ParseModelList(r).status().message(), "answer is not a model list");
  r.body = R"({"data":"none"})";
  EXPECT_EQ(ParseModelList(r).status().message(), "answer is not a model list");
}

TEST(AnthropicProviderTest, BuildsMessages) {
  auto p = MakeAnthropicProvider();
  HttpRequest h =
      p->Build(Sample(), StructuredMode::kPromptOnly, {"https://api.anthropic.com/v1", "ak"});
  EXPECT_EQ(h.url, "https://api.anthropic.com/v1/messages");
  EXPECT_EQ(h.headers[1], (std::pair<std::string, std::string>{"anthropic-version", "2023-06-01"}));
  EXPECT_EQ(h.headers[2], (std::pair<std::string, std::string>{"x-api-key", "ak"}));
  Json body = Json::parse(h.body);
  EXPECT_EQ(body["system"], "Be brief.");
  EXPECT_EQ(body["messages"].size(), 1u);
  EXPECT_EQ(body["max_tokens"], 64);
  EXPECT_FALSE(body.contains("response_format"));
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_NE(body["messages"][0]["content"].get<std::string>().find("JSON Schema"),
            std::string::npos);
}

TEST(AnthropicProviderTest, AsksForTheSchemaWithAForcedToolCall) {
  auto p = MakeAnthropicProvider();
  EXPECT_EQ(p->best_mode(), StructuredMode::kTool);
  EXPECT_EQ(p->Weaker(StructuredMode::kTool), StructuredMode::kPromptOnly);
  Json body = Json::parse(p->Build(Sample(), StructuredMode::kTool, {"", "ak"}).body);
  ASSERT_EQ(body["tools"].size(), 1u);
  EXPECT_EQ(body["tools"][0]["name"], "t2s_test");
  EXPECT_EQ(body["tools"][0]["input_schema"], (Json{{"type", "object"}}));
  EXPECT_EQ(body["tools"][0]["description"],
            "Records the answer: call it once with the whole answer as its input, a JSON object "
            "matching t2s_test.");
  EXPECT_EQ(body["tool_choice"], (Json{{"type", "tool"}, {"name", "t2s_test"}}));
  EXPECT_EQ(body["messages"][0]["content"], "Say ok.");  // the schema travels in the tool
  // Free text asks for no tool.
  ChatRequest chat = Sample();
  chat.schema = {};
  EXPECT_FALSE(Json::parse(p->Build(chat, StructuredMode::kTool, {"", ""}).body).contains("tools"));
}

TEST(AnthropicProviderTest, ReadsTheToolUseInputAsTheAnswer) {
  auto p = MakeAnthropicProvider();
  HttpResponse r;
  r.status = 200;
  r.body = R"({"content":[{"type":"text","text":"I will record it."},
    {"type":"tool_use","id":"toolu_1","name":"t2s_test","input":{"ok":true,"note":"```bash\nls\n```"}}],
    "stop_reason":"tool_use","usage":{"input_tokens":40,"output_tokens":9}})";
  Result<ChatResponse> out = p->Parse(r);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->content, "I will record it.");
  ASSERT_EQ(out->tool_calls.size(), 1u);
  // The client takes a schema request's forced call as the answer.
  TakeForcedToolAnswer(&*out);
  EXPECT_EQ(out->content, R"({"note":"```bash\nls\n```","ok":true})");
  EXPECT_TRUE(out->tool_calls.empty());
  EXPECT_EQ(out->finish_reason, "tool_calls");
  EXPECT_EQ(out->usage.prompt_tokens, 40);
  EXPECT_EQ(out->usage.completion_tokens, 9);
  r.body = R"({"content":[{"type":"tool_use","id":"toolu_1","name":"t2s_test","input":"x"}]})";
  EXPECT_EQ(p->Parse(r).status().message(), "answer's tool_use block has no input object");
}

TEST(AnthropicProviderTest, ParsesBlocksStopReasonAndUsage) {
  auto p = MakeAnthropicProvider();
  HttpResponse r;
  r.status = 200;
  r.body = R"({"content":[{"type":"thinking","thinking":"plan"},{"type":"text","text":"done"}],
    "stop_reason":"max_tokens","usage":{"input_tokens":5,"cache_read_input_tokens":100,"output_tokens":7}})";
  Result<ChatResponse> out = p->Parse(r);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->content, "done");
  EXPECT_EQ(out->reasoning, "plan");
  EXPECT_EQ(out->finish_reason, "length");
  EXPECT_EQ(out->usage.prompt_tokens, 105);
  EXPECT_EQ(out->usage.cached_tokens, 100);
  EXPECT_EQ(out->usage.completion_tokens, 7);
}

TEST(StripThinkTest, HandlesOpenAndUnopenedBlocks) {
  std::string content = "a <think>x</think> b", reasoning;
  StripThink(&content, &reasoning);
  EXPECT_EQ(content, "a  b");
  EXPECT_EQ(reasoning, "x");
  content = "reasoning without opener</think>{\"a\":1}";
  reasoning.clear();
  StripThink(&content, &reasoning);
  EXPECT_EQ(content, "{\"a\":1}");
  EXPECT_EQ(reasoning, "reasoning without opener");
}

}  // namespace
}  // namespace t2s
