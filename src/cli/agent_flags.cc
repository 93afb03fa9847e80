#include "cli/agent_flags.h"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli/usage_help.h"

namespace t2s {

void AddAgentFlags(CLI::App* sub, AgentFlags* f, bool sampling) {
  sub->add_option("--max-turns", f->max_turns, "Model calls per task")->capture_default_str();
  sub->add_option("--jobs", f->jobs, "Tool processes at once")->capture_default_str();
  sub->add_option("--skill-mode", f->skill_mode,
                  "preload (SKILL.md in the system prompt) or files (mounted at /skill, read on "
                  "demand)")
      ->capture_default_str();
  sub->add_option("--sandbox", f->sandbox,
                  "bwrap (bubblewrap: workspace only, no network) or none (no isolation)")
      ->capture_default_str();
  sub->add_option("--tool-timeout", f->tool_timeout_s, "Seconds a command may run")
      ->capture_default_str();
  sub->add_option("--episode-tokens", f->episode_tokens,
                  "Tokens a task may spend (prompt + completion; 0: no cap)")
      ->capture_default_str();
  sub->add_option("--episode-seconds", f->episode_seconds, "Wall time a task may take (0: no limit)")
      ->capture_default_str();
  GroupOptions(sub, "Agent", {"--max-turns", "--jobs", "--skill-mode", "--sandbox",
                              "--tool-timeout", "--episode-tokens", "--episode-seconds"});
  if (!sampling) return;
  sub->add_option("--temperature", f->temperature, "Sampling temperature (default: the server's)")
      ->group("Agent");
  sub->add_option("--max-tokens", f->max_tokens, "Answer length limit per model call")
      ->capture_default_str()
      ->group("Agent");
}

Result<SuiteRunOptions> AgentRunOptions(const AgentFlags& f) {
  SuiteRunOptions o;
  T2S_ASSIGN_OR_RETURN(o.skill_mode, ParseSkillMode(f.skill_mode));
  T2S_ASSIGN_OR_RETURN(o.sandbox.mode, ParseSandboxMode(f.sandbox));
  if (f.max_turns < 1) {
    return Status::InvalidArgument(fmt::format("--max-turns: expected 1 or more, got {}", f.max_turns));
  }
  if (f.jobs < 1) return Status::InvalidArgument(fmt::format("--jobs: expected 1 or more, got {}", f.jobs));
  if (f.tool_timeout_s <= 0) {
    return Status::InvalidArgument(
        fmt::format("--tool-timeout: expected seconds above 0, got {}", f.tool_timeout_s));
  }
  o.agent.max_turns = f.max_turns;
  o.agent.tool_timeout_ms = static_cast<int64_t>(f.tool_timeout_s * 1000);
  o.agent.max_episode_tokens = f.episode_tokens;
  o.agent.max_episode_ms = static_cast<int64_t>(f.episode_seconds * 1000);
  o.agent.sampling.max_tokens = f.max_tokens;
  if (f.temperature >= 0) o.agent.sampling.temperature = f.temperature;
  o.jobs = f.jobs;
  o.progress = ProgressPrinter();
  return o;
}

void SetLlm(const LlmConfig& llm, const char* command, SuiteRunOptions* o) {
  o->agent.model = llm.model;
  o->prices = llm.options.prices;
  if (o->sandbox.mode == SandboxMode::kNone) {
    fmt::print(stderr,
               "trace2skill {}: warning: --sandbox none: agent commands run on this machine "
               "without isolation, with your user's rights\n",
               command);
  }
}

ExitCode FailWith(const char* command, const std::string& message) {
  fmt::print(stderr, "trace2skill {}: {}\n", command, message);
  return ExitCode::kFailure;
}

ExitCode UsageError(const char* command, const std::string& message) {
  fmt::print(stderr, "trace2skill {}: {}\n", command, message);
  return ExitCode::kUsage;
}

std::function<void(const std::string&)> ProgressPrinter() {
  bool tty = isatty(2) != 0;
  return [tty](const std::string& line) { fmt::print(stderr, "{}{}\n", tty ? "\r" : "", line); };
}

}  // namespace t2s
