#include "llm/redact.h"

#include <gtest/gtest.h>

#include "llm/provider.h"

namespace t2s {
namespace {

TEST(RedactTest, UrlsLoseTheirUserInformationAndCredentialParameters) {
  EXPECT_EQ(RedactUrl("https://user:pw@host.example/v1"), "https://[redacted]@host.example/v1");
  EXPECT_EQ(RedactUrl("https://host/v1?api-key=abc&api-version=2024&token=t0k"),
            "https://host/v1?api-key=[redacted]&api-version=2024&token=[redacted]");
  EXPECT_EQ(RedactUrl("http://127.0.0.1:8000/v1"), "http://127.0.0.1:8000/v1");
  EXPECT_EQ(RedactUrl("http://host/a@b"), "http://host/a@b");  // '@' in the path is not a user
}

TEST(RedactTest, AQueryInTheBaseUrlStaysAtTheEndOfEveryRequest) {
  ChatRequest r;
  r.model = "m";
  r.messages = {{"user", "hi"}};
  Endpoint e{"https://host/openai/v1/?api-version=2024-06-01&api-key=sekrit99", ""};
  EXPECT_EQ(MakeOpenAIProvider()->Build(r, StructuredMode::kPromptOnly, e).url,
            "https://host/openai/v1/chat/completions?api-version=2024-06-01&api-key=sekrit99");
  Endpoint a{"https://host/v1?key=k", ""};
  EXPECT_EQ(MakeAnthropicProvider()->Build(r, StructuredMode::kPromptOnly, a).url,
            "https://host/v1/messages?key=k");
}

TEST(RedactTest, SecretsAreScrubbedFromAnyText) {
  Endpoint e{"https://alice:hunter22@host/v1?key=sekrit99", "sk-live-123456"};
  std::string text =
      "POST https://alice:hunter22@host/v1?key=sekrit99 failed; auth hunter22, key sk-live-123456, "
      "sekrit99";
  EXPECT_EQ(RedactSecrets(text, {e}),
            "POST https://[redacted]@host/v1?key=[redacted] failed; auth [redacted], key "
            "[redacted], [redacted]");
}

}  // namespace
}  // namespace t2s
