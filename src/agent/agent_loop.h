// AgentLoop: many episodes at once on one thread. Model turns go through
// the LlmClient's Submit/Step (within its concurrency cap), tool calls
// through the ToolRunner (within the shared --jobs cap); the loop waits on
// both at once (curl's extra fds), and an episode's next turn is submitted
// as soon as its answer and every tool result of that answer are in: no
// waves.
//
// An episode ends with a final message (an answer without tool calls), a
// local tool that ends it (the analyst's submit), or with an error: the
// model call failed, max turns, the token cap, the wall time. The answer of
// the last allowed turn still runs when it calls a local tool, so a submit
// there counts; one calling only bash is not run. Tool results are logged (ToolLog) as they come, so the same
// episodes run again ask the model nothing already answered.
#ifndef T2S_AGENT_AGENT_LOOP_H_
#define T2S_AGENT_AGENT_LOOP_H_

#include <functional>
#include <vector>

#include "agent/episode.h"
#include "agent/local_tools.h"
#include "agent/tool_log.h"
#include "llm/llm_client.h"
#include "sandbox/tool_runner.h"

namespace t2s {

class AgentLoop {
 public:
  // None is owned; all must outlive the loop. `log` may be null.
  AgentLoop(LlmClient* client, ToolRunner* runner, ToolLog* log, AgentOptions options)
      : client_(client), runner_(runner), log_(log), options_(std::move(options)) {}

  // Runs every episode to its end; `on_done` gets each result as its
  // episode ends (completion order). Episodes left when the client stops
  // (cancelled, budget, deadline, a fatal endpoint error) end with the
  // call's error and `resumable` set.
  // Offers `tools` (not owned) after bash in every episode.
  void set_local_tools(LocalTools* tools) { local_ = tools; }

  void Run(const std::vector<EpisodeSpec>& episodes,
           const std::function<void(const EpisodeSpec&, EpisodeResult)>& on_done);

 private:
  LlmClient* client_;
  ToolRunner* runner_;
  ToolLog* log_;
  AgentOptions options_;
  LocalTools* local_ = nullptr;
};

}  // namespace t2s

#endif  // T2S_AGENT_AGENT_LOOP_H_
