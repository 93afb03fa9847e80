#include "cli/llm_flags.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdlib>

#include "cli/usage_help.h"
#include "llm/llm_client.h"

namespace t2s {
namespace {

std::atomic<LlmClient*> g_interruptible{nullptr};
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void OnInterrupt(int) {
  g_interrupted = 1;
  if (LlmClient* client = g_interruptible.load()) client->Cancel();
}

}  // namespace

void AddLlmFlags(CLI::App* app, LlmFlags* f) {
  app->add_option("--config", f->config,
                  "TOML settings (default: ./trace2skill.toml when present)");
  app->add_option("--provider", f->provider, "openai (any OpenAI-compatible server) or anthropic");
  app->add_option("--model", f->model, "Model name as the endpoint knows it (or T2S_MODEL)");
  app->add_option(
         "--base-url", f->base_urls,
         "Endpoint base URL, repeatable for several servers of one model (or OPENAI_BASE_URL)")
      ->allow_extra_args(false);
  // Shown defaults only: 0 means "not given", so trace2skill.toml may set them.
  const LlmOptions defaults;
  app->add_option("--concurrency", f->concurrency, "Calls in flight at once")
      ->check(CLI::PositiveNumber)
      ->default_str(std::to_string(defaults.concurrency));
  app->add_option("--timeout", f->timeout_s, "Seconds per request")
      ->default_str(std::to_string(defaults.request_timeout_ms / 1000));
  app->add_option("--max-attempts", f->max_attempts, "HTTP attempts per call, retries included")
      ->default_str(std::to_string(defaults.retry.max_attempts));
  app->add_option("--max-tokens-budget", f->max_tokens_budget,
                  "Stop starting calls past this many tokens");
  app->add_option("--max-cost", f->max_cost_usd, "Stop starting calls past this many US dollars");
  app->add_option("--cache", f->cache,
                  "Response cache file (default .trace2skill-cache/llm.sqlite)");
  app->add_flag("--no-cache", f->no_cache, "Neither read nor write the response cache");
  app->add_flag("--trust-config", f->trust_config,
                "Let ./trace2skill.toml name the API key's variable and receive the key");
  GroupOptions(app, "Model", {"--config", "--provider", "--model", "--base-url", "--concurrency",
                              "--timeout", "--max-attempts", "--trust-config"});
  GroupOptions(app, "Budget", {"--max-tokens-budget", "--max-cost"});
  GroupOptions(app, "Output", {"--cache", "--no-cache"});
}

void PrintConfigSources(const LlmConfig& config, const char* command) {
  if (!config.config_files.empty()) {
    fmt::print(stderr, "trace2skill {}: settings from {}\n", command,
               fmt::join(config.config_files, ", "));
  }
  for (const std::string& note : config.notes) fmt::print(stderr, "trace2skill {}: {}\n", command, note);
}

Result<std::unique_ptr<LlmSession>> OpenLlmSession(const LlmFlags& flags, bool use_cache) {
  auto session = std::make_unique<LlmSession>();
  T2S_ASSIGN_OR_RETURN(session->config,
                       ResolveLlmConfig(flags, [](const char* name) { return std::getenv(name); }));
  PrintConfigSources(session->config, "llm");
  if (use_cache && !session->config.no_cache) {
    T2S_ASSIGN_OR_RETURN(session->cache, ResponseCache::Open(session->config.cache_path));
  }
  session->transport = MakeCurlTransport();
  session->client = std::make_unique<LlmClient>(
      MakeProvider(session->config.provider), session->config.endpoints, session->transport.get(),
      RealClock(), session->cache.get(), session->config.options);
  return session;
}

void CancelOnInterrupt(LlmClient* client) {
  g_interruptible = client;
  std::signal(SIGINT, client != nullptr ? OnInterrupt : SIG_DFL);
}

bool WasInterrupted() { return g_interrupted != 0; }

InterruptCancels::InterruptCancels(LlmClient* client) { CancelOnInterrupt(client); }

InterruptCancels::~InterruptCancels() { CancelOnInterrupt(nullptr); }

}  // namespace t2s
