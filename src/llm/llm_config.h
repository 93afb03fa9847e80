// Where the LLM settings come from: flags, then a TOML file (--config, or
// ./trace2skill.toml when present), then the user's own config
// ($XDG_CONFIG_HOME/trace2skill/config.toml, else ~/.config/...), then the
// environment (OPENAI_BASE_URL,
// OPENAI_API_KEY, ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY, T2S_MODEL,
// T2S_PROVIDER). The API key is read from the environment (or a variable
// a trusted file names with api_key_env); it is never printed.
//
// Trust: --config FILE and the user's config are the user's own; a
// ./trace2skill.toml found in the current folder (a cloned repository may
// hold one) is not, unless --trust-config: it may not name api_key_env, and
// when it sets the endpoint the key is not sent there (a note says so).
//
//   [llm]
//   provider = "openai"                 # or "anthropic"
//   model = "Qwen/Qwen3-32B"
//   base_urls = ["http://gpu1:8000/v1", "http://gpu2:8000/v1"]   # or base_url = "..."
//   api_key_env = "MY_ENDPOINT_KEY"
//   concurrency = 64
//   per_endpoint_concurrency = 32
//   max_attempts = 6
//   timeout_s = 600
//   cache = ".trace2skill-cache/llm.sqlite"
//   [budget]
//   max_tokens = 20000000
//   max_cost_usd = 25.0
//   [prices."gpt-4o"]                   # US dollars per million tokens
//   input = 2.5
//   output = 10.0
//   cached_input = 1.25
#ifndef T2S_LLM_LLM_CONFIG_H_
#define T2S_LLM_LLM_CONFIG_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "llm/llm_client.h"

namespace t2s {

struct LlmFlags {
  std::string config;  // --config FILE
  std::string provider;
  std::string model;
  std::vector<std::string> base_urls;
  int concurrency = 0;
  int max_attempts = 0;
  double timeout_s = 0;
  int64_t max_tokens_budget = 0;
  double max_cost_usd = 0;
  std::string cache;
  bool no_cache = false;
  bool trust_config = false;  // --trust-config: ./trace2skill.toml may name the key and the host
};

struct LlmConfig {
  std::string provider = "openai";
  std::string model;
  std::vector<Endpoint> endpoints;
  LlmOptions options;
  std::string cache_path = ".trace2skill-cache/llm.sqlite";
  bool no_cache = false;
  std::string config_file;                // the named or found TOML file read, if any
  std::vector<std::string> config_files;  // every TOML file read, in order
  std::vector<std::string> notes;         // for people, on stderr (e.g. a key not sent)
};

using GetEnv = std::function<const char*(const char*)>;

// Errors are one line naming the file, line and key, e.g.
//   "trace2skill.toml:4:13: llm.concurrency: expected an integer"
//   "no model: pass --model, set llm.model in trace2skill.toml, or set T2S_MODEL"
Result<LlmConfig> ResolveLlmConfig(const LlmFlags& flags, const GetEnv& getenv);

}  // namespace t2s

#endif  // T2S_LLM_LLM_CONFIG_H_
