// ToolLog: the tool results of episodes, kept so a resumed episode asks the
// model nothing again. A resumed episode starts over in a fresh workspace:
// its model turns come from the response cache (keyed on the conversation
// so far), and each tool call is run again to rebuild the workspace, but the
// conversation gets the result recorded the first time, so the next turn's
// key is the same and the cache answers it.
#ifndef T2S_AGENT_TOOL_LOG_H_
#define T2S_AGENT_TOOL_LOG_H_

#include <optional>
#include <string>

#include "base/status.h"

namespace t2s {

struct LoggedTool {
  std::string content;  // the tool message's text
  bool is_error = false;
};

class ToolLog {
 public:
  virtual ~ToolLog() = default;
  // The result recorded for the `seq`-th tool call (from 0) of `episode`.
  virtual std::optional<LoggedTool> Find(const std::string& episode, int seq) = 0;
  virtual Status Record(const std::string& episode, int seq, const LoggedTool& result) = 0;
};

}  // namespace t2s

#endif  // T2S_AGENT_TOOL_LOG_H_
