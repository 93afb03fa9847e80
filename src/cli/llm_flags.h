// The LLM flags every command that calls a model shares, and building a
// client from them (see llm/llm_config.h for precedence).
#ifndef T2S_CLI_LLM_FLAGS_H_
#define T2S_CLI_LLM_FLAGS_H_

#include <memory>

#include "base/result.h"
#include "llm/llm_client.h"
#include "llm/llm_config.h"

namespace CLI {
class App;
}

namespace t2s {

void AddLlmFlags(CLI::App* app, LlmFlags* flags);

// A client with its transport and cache, ready to call.
struct LlmSession {
  LlmConfig config;
  std::unique_ptr<Transport> transport;
  std::unique_ptr<ResponseCache> cache;  // null with --no-cache
  std::unique_ptr<LlmClient> client;
};

// Tells on stderr which config files were read, and the config's notes:
//   trace2skill evolve: settings from /home/a/.config/trace2skill/config.toml, trace2skill.toml
void PrintConfigSources(const LlmConfig& config, const char* command);

// Reads the configuration (flags, file, environment) and opens the cache.
// `use_cache` false skips the cache whatever the flags say.
Result<std::unique_ptr<LlmSession>> OpenLlmSession(const LlmFlags& flags, bool use_cache = true);

// SIGINT cancels `client` from now on (nullptr: SIGINT gets its default
// action again). Calls in flight get a second to finish.
void CancelOnInterrupt(LlmClient* client);
// Whether SIGINT cancelled a client since the process started.
bool WasInterrupted();

// While alive, SIGINT cancels `client` (calls in flight get a second).
class InterruptCancels {
 public:
  explicit InterruptCancels(LlmClient* client);
  ~InterruptCancels();
};

}  // namespace t2s

#endif  // T2S_CLI_LLM_FLAGS_H_
