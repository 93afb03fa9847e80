#include "llm/llm_config.h"

#include <gtest/gtest.h>

#include <map>

#include "testing/temp_dir.h"

namespace t2s {
namespace {

GetEnv Env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(LlmConfigTest, FlagsThenFileThenEnvironment) {
  testing::TempDir tmp;
  auto file = tmp.Write("t.toml", R"(
[llm]
model = "file-model"
base_urls = ["http://a:8000/v1", "http://b:8000/v1"]
api_key_env = "MY_KEY"
concurrency = 32
timeout_s = 90
[budget]
max_cost_usd = 2.5
[prices."file-model"]
input = 1.0
output = 3.0
)");
  LlmFlags flags;
  flags.config = file.string();
  flags.concurrency = 8;
  Result<LlmConfig> c =
      ResolveLlmConfig(flags, Env({{"MY_KEY", "k-1"}, {"T2S_MODEL", "env-model"}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->model, "file-model");
  EXPECT_EQ(c->options.concurrency, 8);
  EXPECT_EQ(c->options.request_timeout_ms, 90000);
  EXPECT_DOUBLE_EQ(c->options.max_cost_usd, 2.5);
  ASSERT_EQ(c->endpoints.size(), 2u);
  EXPECT_EQ(c->endpoints[1].base_url, "http://b:8000/v1");
  EXPECT_EQ(c->endpoints[1].api_key, "k-1");
  EXPECT_DOUBLE_EQ(c->options.prices.at("file-model").output_per_mtok, 3.0);

  flags.model = "flag-model";
  EXPECT_EQ(ResolveLlmConfig(flags, Env({}))->model, "flag-model");
}

TEST(LlmConfigTest, EnvironmentAlone) {
  LlmFlags flags;
  flags.config = "/nonexistent-dir/none.toml";
  EXPECT_EQ(ResolveLlmConfig(flags, Env({})).status().message(),
            "/nonexistent-dir/none.toml: no such config file");
  flags.config.clear();
  Result<LlmConfig> c = ResolveLlmConfig(flags, Env({{"T2S_MODEL", "m"},
                                                     {"OPENAI_BASE_URL", "http://local:1/v1"},
                                                     {"OPENAI_API_KEY", "sk-x"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->endpoints[0].base_url, "http://local:1/v1");
  EXPECT_EQ(c->endpoints[0].api_key, "sk-x");
  c = ResolveLlmConfig(
      flags,
      Env({{"T2S_MODEL", "claude"}, {"T2S_PROVIDER", "anthropic"}, {"ANTHROPIC_API_KEY", "ak"}}));
  EXPECT_EQ(c->endpoints[0].base_url, "https://api.anthropic.com");
  EXPECT_EQ(c->endpoints[0].api_key, "ak");
  EXPECT_EQ(ResolveLlmConfig(flags, Env({})).status().message(),
            "no model: pass --model, set llm.model in trace2skill.toml, or set T2S_MODEL");
}

TEST(LlmConfigTest, FileErrorsNameTheLineAndKey) {
  testing::TempDir tmp;
  LlmFlags flags;
  flags.config = tmp.Write("a.toml", "[llm]\nconcurrency = \"many\"\n").string();
  EXPECT_EQ(ResolveLlmConfig(flags, Env({})).status().message(),
            flags.config + ":2:15: llm.concurrency: expected a positive integer (at most 2147483647)");
  flags.config = tmp.Write("b.toml", "[llm]\napi_key = \"sk-live-123\"\n").string();
  std::string msg = ResolveLlmConfig(flags, Env({})).status().message();
  EXPECT_EQ(msg, flags.config +
                     ":2:11: llm.api_key: keys do not belong in files; name the variable that "
                     "holds it with api_key_env");
  EXPECT_EQ(msg.find("sk-live-123"), std::string::npos);
  flags.config = tmp.Write("c.toml", "[llm\nmodel = 1\n").string();
  EXPECT_EQ(ResolveLlmConfig(flags, Env({})).status().message().substr(0, flags.config.size() + 4),
            flags.config + ":1:5");
  flags.config = tmp.Write("d.toml", "[llm]\nmodle = \"x\"\n").string();
  EXPECT_EQ(ResolveLlmConfig(flags, Env({})).status().message(),
            flags.config + ":2:9: unknown key llm.modle");
}

}  // namespace
TEST(LlmConfigTest, ValuesNoOptionHoldsAreErrors) {
  // Found by fuzz/llm_config_fuzz.cc: inf seconds overflowed the milliseconds
  // (UB), nan passed the budget check, a huge concurrency wrapped.
  testing::TempDir tmp;
  LlmFlags flags;
  auto error = [&](const std::string& toml) {
    flags.config = tmp.Write("c.toml", "[llm]\nmodel = \"m\"\n" + toml).string();
    std::string msg = ResolveLlmConfig(flags, Env({})).status().message();
    return msg.substr(std::min(msg.size(), flags.config.size()));
  };
  EXPECT_EQ(error("timeout_s = inf\n"),
            ":3:13: llm.timeout_s: expected a positive number (at most 1e9 seconds)");
  EXPECT_EQ(error("concurrency = 9223372075808\n"),
            ":3:15: llm.concurrency: expected a positive integer (at most 2147483647)");
  EXPECT_EQ(error("[budget]\nmax_cost_usd = nan\n"),
            ":4:16: budget.max_cost_usd: expected a non-negative number (at most 1e18)");
  EXPECT_EQ(error("[budget]\nmax_tokens = 9223372036854775807\n"),
            ":4:14: budget.max_tokens: expected a non-negative number (at most 1e18)");
  EXPECT_EQ(error("[prices.m]\ninput = inf\n"),
            ":4:9: prices.m.input: expected a non-negative number");
}

TEST(LlmConfigTest, AFileFoundInTheCurrentFolderIsNotTrustedWithTheKey) {
  testing::TempDir tmp;
  std::filesystem::path cwd = std::filesystem::current_path();
  tmp.Write("trace2skill.toml",
            "[llm]\nmodel = \"m\"\nbase_url = \"http://evil.example/v1\"\n");
  std::filesystem::current_path(tmp.path());
  LlmFlags flags;
  Result<LlmConfig> c = ResolveLlmConfig(flags, Env({{"OPENAI_API_KEY", "sk-live-123"}}));
  // With --trust-config the file is the user's word.
  LlmFlags trusting;
  trusting.trust_config = true;
  Result<LlmConfig> trusted =
      ResolveLlmConfig(trusting, Env({{"OPENAI_API_KEY", "sk-live-123"}}));
  tmp.Write("trace2skill.toml", "[llm]\nmodel = \"m\"\napi_key_env = \"GITHUB_TOKEN\"\n");
  Result<LlmConfig> named = ResolveLlmConfig(flags, Env({{"GITHUB_TOKEN", "ghp_secret"}}));
  std::filesystem::current_path(cwd);

  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->endpoints.at(0).base_url, "http://evil.example/v1");
  EXPECT_EQ(c->endpoints[0].api_key, "");
  EXPECT_EQ(c->config_files, std::vector<std::string>{"trace2skill.toml"});
  EXPECT_EQ(c->notes, std::vector<std::string>{
                          "trace2skill.toml in the current folder sets the endpoint; the API key is "
                          "not sent there (pass --trust-config to send it)"});
  ASSERT_TRUE(trusted.ok());
  EXPECT_EQ(trusted->endpoints.at(0).api_key, "sk-live-123");
  EXPECT_TRUE(trusted->notes.empty());
  EXPECT_EQ(named.status().message(),
            "trace2skill.toml:3:15: llm.api_key_env: which variable holds a key is taken only from "
            "--config FILE, the user's config ($XDG_CONFIG_HOME/trace2skill/config.toml) or with "
            "--trust-config, not from a file found in the current folder");
}

TEST(LlmConfigTest, TheUsersOwnConfigIsReadAndTrusted) {
  testing::TempDir tmp;
  tmp.Write("trace2skill/config.toml",
            "[llm]\nmodel = \"m\"\nbase_url = \"http://gpu1:8000/v1\"\napi_key_env = "
            "\"MY_KEY\"\n");
  LlmFlags flags;
  Result<LlmConfig> c = ResolveLlmConfig(
      flags, Env({{"XDG_CONFIG_HOME", tmp.path().string()}, {"MY_KEY", "sk-mine-999"}}));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->endpoints.at(0).api_key, "sk-mine-999");
  EXPECT_EQ(c->config_files,
            std::vector<std::string>{(tmp.path() / "trace2skill/config.toml").string()});
}

}  // namespace t2s
