// `trace2skill llm` against the loopback fake server.
#include <gtest/gtest.h>

#include <algorithm>

#include "testing/constrained_llm_server.h"
#include "testing/run_binary.h"

namespace t2s {
namespace {

using testing::RunOutput;
using testing::RunTrace2skill;

TEST(LlmCliTest, PingReportsModelAndStructuredOutput) {
  testing::FakeLlmServer server;
  RunOutput r =
      RunTrace2skill({"llm", "ping", "--base-url", server.base_url(), "--model", "fake-model"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "model: fake-model (openai) at " + server.base_url());
  EXPECT_NE(r.out.find("structured output: json_schema"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tokens: 12 prompt + 6 completion"), std::string::npos) << r.out;
}

TEST(LlmCliTest, PingPassesTheStrictestServer) {
  for (const char* provider : {"openai", "anthropic"}) {
    testing::ConstrainedLlmServer server;
    RunOutput r = RunTrace2skill({"llm", "ping", "--base-url", server.base_url(), "--model", "m",
                                  "--provider", provider, "--no-cache"});
    ASSERT_EQ(r.exit_code, 0) << provider << ": " << r.err;
    EXPECT_NE(r.out.find(std::string("structured output: ") +
                         (std::string(provider) == "openai" ? "json_schema" : "tool")),
              std::string::npos)
        << r.out;
  }
}

TEST(LlmCliTest, PingReportsAFallbackAndFailuresWithoutTheKey) {
  testing::FakeLlmServer server;
  testing::FakeReply refuse;
  refuse.status = 400;
  refuse.body = "response_format not supported";
  server.Script({refuse});
  RunOutput r = RunTrace2skill({"llm", "ping", "--base-url", server.base_url(), "--model", "m"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("structured output: json_object"), std::string::npos) << r.out;

  testing::FakeReply denied;
  denied.status = 401;
  denied.body = "bad key sk-e2e-secret";
  server.Script({denied});
  setenv("OPENAI_API_KEY", "sk-e2e-secret", 1);
  r = RunTrace2skill({"llm", "ping", "--base-url", server.base_url(), "--model", "m"});
  unsetenv("OPENAI_API_KEY");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill llm ping: " + server.base_url() +
                       ": model \"m\": HTTP 401: bad key [redacted]\n");
  EXPECT_EQ(r.out.find("sk-e2e"), std::string::npos);
}

TEST(LlmCliTest, PingNamesAWrongModelInOneLine) {
  testing::FakeLlmServer server;
  testing::FakeReply missing;
  missing.status = 404;
  missing.body =
      R"({"object":"error","message":"The model `qwen-32b` does not exist.","type":"NotFoundError","code":404})";
  server.Script({missing});
  RunOutput r =
      RunTrace2skill({"llm", "ping", "--base-url", server.base_url(), "--model", "qwen-32b"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill llm ping: " + server.base_url() +
                       ": model \"qwen-32b\": HTTP 404: The model `qwen-32b` does not exist.\n");
}

TEST(LlmCliTest, PingSaysWhenTheEndpointCannotBeReached) {
  RunOutput r = RunTrace2skill(
      {"llm", "ping", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--no-cache"});
  EXPECT_EQ(r.exit_code, 1);
  const std::string prefix = "trace2skill llm ping: cannot reach http://127.0.0.1:9/v1: ";
  EXPECT_EQ(r.err.substr(0, prefix.size()), prefix) << r.err;
  EXPECT_EQ(r.err.substr(r.err.size() - 13), "(2 attempts)\n") << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(LlmCliTest, ChatPrintsTheAnswer) {
  testing::FakeLlmServer server;
  testing::FakeReply reply;
  reply.content = "<think>short</think>Hello there.";
  server.SetDefault(reply);
  RunOutput r = RunTrace2skill({"llm", "chat", "Say hello", "--base-url", server.base_url(),
                                "--model", "m", "--no-cache", "--show-reasoning"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[reasoning]\nshort\n[answer]\nHello there.\n");
}

TEST(LlmCliTest, MissingConfigFileIsOneLine) {
  RunOutput r = RunTrace2skill(
      {"llm", "ping", "--base-url", "http://127.0.0.1:9/v1", "--config", "/nonexistent.toml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "trace2skill llm ping: /nonexistent.toml: no such config file\n");
}

}  // namespace
}  // namespace t2s
