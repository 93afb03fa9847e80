// LocalTools: tools the agent loop answers in this process, besides `bash`
// (which runs as a sandboxed process): the agentic analyst's `check` and
// `submit`. A call runs on a worker thread of its own, so a check that
// runs a command for minutes does not hold up the other episodes.
#ifndef T2S_AGENT_LOCAL_TOOLS_H_
#define T2S_AGENT_LOCAL_TOOLS_H_

#include <string>
#include <vector>

#include "agent/episode.h"
#include "base/tool_call.h"
#include "llm/chat_types.h"

namespace t2s {

struct LocalToolResult {
  std::string content;  // the tool message's text
  bool is_error = false;
  // The episode ends with this call (an accepted submit): the calls after
  // it in the same answer are not run, and the model is asked nothing more.
  bool ends_episode = false;
};

class LocalTools {
 public:
  virtual ~LocalTools() = default;
  // The tools offered to the model after bash; their names are not "bash".
  virtual std::vector<ToolSpec> Specs() const = 0;
  // Runs `call` (named by one of Specs()) for `episode`. Called on a worker
  // thread: calls of different episodes may overlap, calls of one episode
  // never do. A resumed episode runs its calls again in order (to rebuild
  // what they keep), and the model is shown the result logged the first time.
  virtual LocalToolResult Run(const EpisodeSpec& episode, const ToolCall& call) = 0;
};

}  // namespace t2s

#endif  // T2S_AGENT_LOCAL_TOOLS_H_
