// trace2skill llm ping | chat PROMPT: smoke tests of an endpoint.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command.h"
#include "cli/llm_flags.h"
#include "llm/redact.h"

namespace t2s {
namespace {

struct LlmArgs {
  LlmFlags flags;
  std::string prompt;
  std::string system;
  int max_tokens = 1024;
  double temperature = -1;
  bool show_reasoning = false;
  CLI::App* ping = nullptr;
};

// Valid for OpenAI strict mode, as every schema trace2skill sends.
constexpr const char* kPingSchema =
    R"({"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],)"
    R"("additionalProperties":false})";

ExitCode Fail(const std::string& what, const std::string& message) {
  fmt::print(stderr, "trace2skill llm {}: {}\n", what, message);
  return ExitCode::kFailure;
}

// A failed call: the client's fatal line when the endpoint refused or could
// not be reached (it names the URL and the model), else the call's error.
ExitCode FailCall(const std::string& what, const LlmClient& client, const CallResult& result) {
  if (client.fatal_error()) return Fail(what, client.fatal_error()->message);
  return Fail(what, fmt::format("{} ({})", result.error, FailureCauseName(result.cause)));
}

ExitCode Ping(const LlmArgs& args) {
  LlmFlags flags = args.flags;
  if (flags.max_attempts == 0) flags.max_attempts = 2;  // a ping should answer quickly either way
  Result<std::unique_ptr<LlmSession>> session = OpenLlmSession(flags, /*use_cache=*/false);
  if (!session.ok()) return Fail("ping", session.status().message());
  LlmSession& s = **session;
  ChatRequest r;
  r.stage = "ping";
  r.model = s.config.model;
  r.messages = {{"user", "Reply with the JSON object {\"ok\": true}."}};
  r.sampling.max_tokens = 512;
  r.schema = {"t2s_ping", kPingSchema};
  InterruptCancels interrupt(s.client.get());
  CallResult result = s.client->Call(r);
  std::string urls;
  for (const Endpoint& e : s.config.endpoints)
    urls += (urls.empty() ? "" : ", ") + RedactUrl(e.base_url);
  fmt::print("model: {} ({}) at {}\n", s.config.model, s.config.provider, urls);
  if (!result.ok()) return FailCall("ping", *s.client, result);
  const ChatResponse& a = *result.response;
  fmt::print("answered in {:.0f} ms after {} attempt{}; structured output: {}\n", a.latency_ms,
             a.attempts, a.attempts == 1 ? "" : "s", StructuredModeName(s.client->mode_of(0)));
  fmt::print("tokens: {} prompt + {} completion ({} reasoning)\n", a.usage.prompt_tokens,
             a.usage.completion_tokens, a.usage.reasoning_tokens);
  return ExitCode::kOk;
}

ExitCode Chat(const LlmArgs& args) {
  Result<std::unique_ptr<LlmSession>> session = OpenLlmSession(args.flags);
  if (!session.ok()) return Fail("chat", session.status().message());
  LlmSession& s = **session;
  ChatRequest r;
  r.stage = "chat";
  r.model = s.config.model;
  if (!args.system.empty()) r.messages.push_back({"system", args.system});
  r.messages.push_back({"user", args.prompt});
  r.sampling.max_tokens = args.max_tokens;
  if (args.temperature >= 0) r.sampling.temperature = args.temperature;
  InterruptCancels interrupt(s.client.get());
  CallResult result = s.client->Call(r);
  if (!result.ok()) return FailCall("chat", *s.client, result);
  if (args.show_reasoning && !result.response->reasoning.empty()) {
    fmt::print("[reasoning]\n{}\n[answer]\n", result.response->reasoning);
  }
  fmt::print("{}\n", result.response->content);
  fmt::print(stderr, "{}",
             s.client->accounting().Summary(s.config.options.prices.count(s.config.model) > 0));
  return ExitCode::kOk;
}

}  // namespace

CommandRunner SetupLlm(CLI::App* sub) {
  auto args = std::make_shared<LlmArgs>();
  sub->require_subcommand(1);
  args->ping = sub->add_subcommand(
      "ping", "One tiny call: model, latency, whether structured output is accepted");
  CLI::App* chat = sub->add_subcommand("chat", "Send one prompt and print the answer");
  chat->add_option("PROMPT", args->prompt, "The user message")->required();
  chat->add_option("--system", args->system, "A system message");
  chat->add_option("--max-tokens", args->max_tokens, "Answer length limit")->capture_default_str();
  chat->add_option("--temperature", args->temperature,
                   "Sampling temperature (default: the server's)");
  chat->add_flag("--show-reasoning", args->show_reasoning, "Print the model's reasoning too");
  for (CLI::App* s : {args->ping, chat}) AddLlmFlags(s, &args->flags);
  sub->footer(
      "Settings: flags, then trace2skill.toml (or --config), then OPENAI_BASE_URL / OPENAI_API_KEY "
      "/\n"
      "ANTHROPIC_API_KEY / T2S_MODEL. Keys are never printed.\n\n"
      "Examples:\n"
      "  trace2skill llm ping --base-url http://localhost:8000/v1 --model Qwen/Qwen3-8B\n"
      "  trace2skill llm chat \"Say hi\" --provider anthropic --model claude-sonnet-4-5");
  return [args] { return args->ping->parsed() ? Ping(*args) : Chat(*args); };
}

}  // namespace t2s
