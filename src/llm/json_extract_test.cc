#include "llm/json_extract.h"

#include <gtest/gtest.h>

#include "llm/json_depth.h"
#include "llm/retry_policy.h"

namespace t2s {
namespace {

TEST(ExtractJsonTest, FindsTheObjectInProseFencesAndThink) {
  EXPECT_EQ(*ExtractJsonObject(R"({"a": 1})"), R"({"a":1})");
  EXPECT_EQ(*ExtractJsonObject("Here you go:\n{\"a\": \"}\"} trailing"), R"({"a":"}"})");
  EXPECT_EQ(*ExtractJsonObject("```json\n{\"a\": [1, 2]}\n```"), R"({"a":[1,2]})");
  EXPECT_EQ(*ExtractJsonObject("<think>{\"no\": 1}</think>{\"yes\": 2}"), R"({"yes":2})");
  EXPECT_EQ(ExtractJsonObject("no braces").status().message(), "no JSON object in the answer");
  EXPECT_EQ(
      ExtractJsonObject("{\"a\": 1,}").status().message(),
      "the JSON object is not valid: unexpected '}'; expected string literal at line 1, column 9");
}

TEST(ExtractJsonTest, ANumberNoDoubleHoldsIsAnError) {
  // nlohmann::json throws out_of_range, not parse_error, for it.
  EXPECT_EQ(ExtractJsonObject(R"({"n": 1e999})").status().message(),
            "the JSON object is not valid: number overflow parsing '1e999'");
}

TEST(ExtractJsonTest, TheWholeAnswerFirst) {
  // What a schema-enforcing server sends: taken as it is, even when its
  // strings hold fences and braces.
  EXPECT_EQ(*ExtractJsonObject("  {\"content\": \"```bash\\nls {a}\\n```\"}\n"),
            R"({"content":"```bash\nls {a}\n```"})");
  // Not an object as a whole: searched for one.
  EXPECT_EQ(ExtractJsonObject("[1, 2]").status().message(), "no JSON object in the answer");
  EXPECT_EQ(*ExtractJsonObject("[{\"a\": 1}]"), R"({"a":1})");
}

TEST(ExtractJsonTest, FencedAnswersWhoseStringsHoldFences) {
  // A skill's code block inside a JSON string: its fences follow an escaped
  // \n, so they do not end the outer block.
  EXPECT_EQ(*ExtractJsonObject("```json\n{\"content\": \"Run:\\n```bash\\nls\\n```\\n\"}\n```"),
            R"({"content":"Run:\n```bash\nls\n```\n"})");
  EXPECT_EQ(*ExtractJsonObject("Here it is:\n\n```\n{\"a\": \"```\"}\n```\nDone."),
            R"({"a":"```"})");
  // A fenced block wins over an object in the prose before it.
  EXPECT_EQ(*ExtractJsonObject("For example {\"a\": 1}. The answer:\n```json\n{\"b\": 2}\n```"),
            R"({"b":2})");
  // An unclosed fence: the objects of the answer are tried.
  EXPECT_EQ(*ExtractJsonObject("```json\n{\"c\": 3}"), R"({"c":3})");
}

TEST(ExtractJsonTest, EachBraceIsACandidateUntilOneParses) {
  EXPECT_EQ(*ExtractJsonObject("Fill {name} in: {\"name\": \"x\"} ok"), R"({"name":"x"})");
  EXPECT_EQ(*ExtractJsonObject("a } stray {\"s\": \"quote \\\" and }\"}"),
            R"({"s":"quote \" and }"})");
  EXPECT_EQ(ExtractJsonObject("Fill {name} in").status().message(),
            "the JSON object is not valid: invalid literal; last read: '{na'; expected string "
            "literal at line 1, column 3");
  // At most 64 candidates: prose full of braces costs bounded work.
  std::string braces;
  for (int i = 0; i < 100000; ++i) braces += "{x} ";
  EXPECT_FALSE(ExtractJsonObject(braces + R"({"ok": true})").ok());
  EXPECT_EQ(*ExtractJsonObject(braces.substr(0, 4 * 63) + R"({"ok": true})"), R"({"ok":true})");
}

TEST(ExtractJsonTest, DeepNestingIsRefusedBeforeParsing) {
  const std::string refused = "the answer is nested deeper than 256 levels";
  EXPECT_EQ(ExtractJsonObject(std::string(300000, '{')).status().message(), refused);
  EXPECT_EQ(
      ExtractJsonObject(std::string(300000, '[') + std::string(300000, ']')).status().message(),
      refused);
  EXPECT_EQ(
      ExtractJsonObject("Sure: {\"a\": " + std::string(300, '[') + std::string(300, ']') + "}")
          .status()
          .message(),
      refused);
  // 256 levels are fine; brackets inside strings do not count.
  std::string deep = "{\"a\": " + std::string(255, '[') + std::string(255, ']') + "}";
  EXPECT_TRUE(ExtractJsonObject(deep).ok());
  EXPECT_EQ(*ExtractJsonObject("{\"a\": \"" + std::string(1000, '[') + "\"}"),
            "{\"a\":\"" + std::string(1000, '[') + "\"}");
  EXPECT_EQ(ValidateJsonSchema(std::string(300, '[') + std::string(300, ']'), "{}").message(),
            "$: nested deeper than 256 levels");
  // Deep prose does not hide a good fenced answer after it.
  EXPECT_EQ(*ExtractJsonObject(std::string(300, '[') + "\n```json\n{\"ok\": true}\n```\n"),
            R"({"ok":true})");
}

TEST(JsonDepthTest, CountsObjectsAndArraysOutsideStrings) {
  EXPECT_EQ(JsonNestingDepth(""), 0u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":[1,{"b":[]}]})"), 4u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":"[[[{{{\"[["})"), 1u);
  EXPECT_EQ(JsonNestingDepth(std::string(1000000, '['), 256), 257u);
}

TEST(ValidateJsonSchemaTest, NamesThePathOfTheProblem) {
  const char* schema = R"({"type":"object","required":["edits"],"additionalProperties":false,
    "properties":{"edits":{"type":"array","maxItems":2,"items":{"type":"object","required":["op"],
      "properties":{"op":{"type":"string","enum":["create_file","delete_file"]}}}},"note":{"type":["string","null"]}}})";
  EXPECT_TRUE(ValidateJsonSchema(R"({"edits":[{"op":"create_file"}],"note":null})", schema).ok());
  EXPECT_EQ(ValidateJsonSchema(R"({})", schema).message(),
            "$: missing required property \"edits\"");
  EXPECT_EQ(ValidateJsonSchema(R"({"edits":[{"op":"rename"}]})", schema).message(),
            "$.edits[0].op: expected one of \"create_file\", \"delete_file\", got \"rename\"");
  EXPECT_EQ(ValidateJsonSchema(R"({"edits":[{},{},{}]})", schema).message(),
            "$.edits: expected at most 2 items, got 3");
  EXPECT_EQ(ValidateJsonSchema(R"({"edits":[],"extra":1})", schema).message(),
            "$: unexpected property \"extra\"");
  EXPECT_EQ(ValidateJsonSchema(R"({"edits":"x"})", schema).message(),
            "$.edits: expected array, got string");
  EXPECT_EQ(ValidateJsonSchema(R"({"edits":[],"note":3})", schema).message(),
            "$.note: expected string or null, got integer");
}

TEST(RetryPolicyTest, ClassifiesEveryStatus) {
  auto verdict = [](long status, const std::string& body = "") {
    HttpResponse r;
    r.status = status;
    r.body = body;
    return ClassifyExchange(r).verdict;
  };
  EXPECT_EQ(verdict(200), Verdict::kOk);
  for (long s : {408L, 409L, 429L, 500L, 502L, 503L, 529L})
    EXPECT_EQ(verdict(s), Verdict::kRetry) << s;
  for (long s : {400L, 401L, 403L, 404L, 422L}) EXPECT_EQ(verdict(s), Verdict::kFail) << s;
  EXPECT_EQ(verdict(429, "insufficient_quota"), Verdict::kFail);
  EXPECT_EQ(verdict(400, "response_format is not supported"), Verdict::kFallback);
  EXPECT_EQ(verdict(400, "bad request"), Verdict::kFail);
  HttpResponse timeout;
  timeout.timed_out = true;
  EXPECT_EQ(ClassifyExchange(timeout).cause, FailureCause::kTimeout);
  HttpResponse refused;
  refused.transport_error = "Couldn't connect to server";
  EXPECT_EQ(ClassifyExchange(refused).error, "connection failed: Couldn't connect to server");
}

TEST(RetryPolicyTest, OnlyAnUnsupportedModeFallsBack) {
  auto classify = [](long status, const std::string& body) {
    HttpResponse r;
    r.status = status;
    r.body = body;
    return ClassifyExchange(r);
  };
  for (
      const char* unsupported : {
          "response_format json_schema is not supported",
          R"({"error":{"message":"Unknown parameter: 'response_format'.","type":"invalid_request_error"}})",
          R"({"error":{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."}})",
          R"({"error":{"code":400,"message":"response_format must be one of 'text' or 'json_object', but got: json_schema"}})",
          R"({"object":"error","message":"[{'type': 'extra_forbidden', 'loc': ('body', 'response_format'), 'msg': 'Extra inputs are not permitted'}]"})",
          R"({"type":"error","error":{"type":"invalid_request_error","message":"tools: Extra inputs are not permitted"}})",
          R"({"type":"error","error":{"type":"invalid_request_error","message":"Thinking may not be enabled when tool_choice forces tool use."}})",
      }) {
    Classified c = classify(400, unsupported);
    EXPECT_EQ(c.verdict, Verdict::kFallback) << unsupported;
    EXPECT_FALSE(c.fatal) << unsupported;
  }
  EXPECT_EQ(classify(422, "response_format: unsupported").verdict, Verdict::kFallback);
  // Our schema is wrong: a fatal client error, never hidden by a fallback.
  Classified openai = classify(
      400,
      R"({"error":{"message":"Invalid schema for response_format 't2s_patch': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'section'.","type":"invalid_request_error","param":"response_format","code":null}})");
  EXPECT_EQ(openai.verdict, Verdict::kFail);
  EXPECT_TRUE(openai.fatal);
  EXPECT_EQ(openai.cause, FailureCause::kClient);
  EXPECT_EQ(openai.error,
            "HTTP 400: Invalid schema for response_format 't2s_patch': In context=(), 'required' "
            "is required to be supplied and to be an array including every key in properties. "
            "Missing 'section'.");
  Classified not_permitted =
      classify(400,
               "Invalid schema for response_format 't2s_merge': In context=('properties', 'name'), "
               "'minLength' is not permitted.");
  EXPECT_EQ(not_permitted.verdict, Verdict::kFail);
  EXPECT_TRUE(not_permitted.fatal);
  Classified anthropic = classify(
      400,
      R"({"type":"error","error":{"type":"invalid_request_error","message":"tools.0.custom.input_schema: JSON schema is invalid. It must match JSON Schema draft 2020-12."}})");
  EXPECT_EQ(anthropic.verdict, Verdict::kFail);
  EXPECT_TRUE(anthropic.fatal);
  EXPECT_EQ(anthropic.error,
            "HTTP 400: tools.0.custom.input_schema: JSON schema is invalid. It must match JSON "
            "Schema draft 2020-12.");
  // Other 400s fail this call only.
  Classified context =
      classify(400, R"({"detail":"This model's maximum context length is 8192 tokens."})");
  EXPECT_EQ(context.verdict, Verdict::kFail);
  EXPECT_FALSE(context.fatal);
  EXPECT_EQ(context.error, "HTTP 400: This model's maximum context length is 8192 tokens.");
}

TEST(RetryPolicyTest, AuthMissingModelsAndQuotaAreFatal) {
  HttpResponse r;
  for (long status : {401L, 403L, 404L}) {
    r.status = status;
    EXPECT_TRUE(ClassifyExchange(r).fatal) << status;
  }
  r.status = 429;
  r.body =
      R"({"error":{"message":"You exceeded your current quota.","code":"insufficient_quota"}})";
  Classified quota = ClassifyExchange(r);
  EXPECT_TRUE(quota.fatal);
  EXPECT_EQ(quota.error, "HTTP 429: You exceeded your current quota.");
  r.body = "slow down";
  EXPECT_FALSE(ClassifyExchange(r).fatal);
  r.status = 404;
  r.body = R"({"object":"error","message":"The model `qwen-32b` does not exist.","code":404})";
  EXPECT_TRUE(LooksLikeMissingModel(r));
  EXPECT_EQ(ClassifyExchange(r).error, "HTTP 404: The model `qwen-32b` does not exist.");
  r.body = "404 page not found";
  EXPECT_TRUE(LooksLikeMissingModel(r));
  r.body = "";
  EXPECT_FALSE(LooksLikeMissingModel(r));
  r.status = 400;
  r.body = "model not found";
  EXPECT_FALSE(LooksLikeMissingModel(r));
}

TEST(RetryPolicyTest, DelayHonoursHeadersThenBacksOffWithJitterAndCap) {
  std::mt19937_64 rng(1);
  RetryOptions o;
  HttpResponse r;
  r.headers = {{"retry-after-ms", "1500"}};
  EXPECT_EQ(RetryDelayMs(r, 1, o, rng), 1500);
  r.headers = {{"retry-after", "3"}};
  EXPECT_EQ(RetryDelayMs(r, 1, o, rng), 3000);
  r.headers = {{"retry-after", "100000"}};
  EXPECT_EQ(RetryDelayMs(r, 1, o, rng), o.retry_after_cap_ms);
  // Values no integer holds are capped, not converted (undefined behaviour before).
  r.headers = {{"retry-after", "1e30"}};
  EXPECT_EQ(RetryDelayMs(r, 1, o, rng), o.retry_after_cap_ms);
  r.headers = {{"retry-after-ms", "99999999999999999999999"}};
  EXPECT_EQ(RetryDelayMs(r, 1, o, rng), o.retry_after_cap_ms);
  r.headers.clear();
  for (int attempt = 1; attempt <= 10; ++attempt) {
    int64_t full = std::min<int64_t>(o.backoff_base_ms << (attempt - 1), o.backoff_cap_ms);
    int64_t d = RetryDelayMs(r, attempt, o, rng);
    EXPECT_GE(d, full / 2) << attempt;
    EXPECT_LE(d, full) << attempt;
  }
}

}  // namespace
}  // namespace t2s
