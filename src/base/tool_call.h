// A tool call a model made: shared by the chat layer (llm/) and the
// trajectories it becomes (trace/).
#ifndef T2S_BASE_TOOL_CALL_H_
#define T2S_BASE_TOOL_CALL_H_

#include <string>

namespace t2s {

struct ToolCall {
  std::string id;  // the provider's id ("call_...", "toolu_..."), echoed by its result
  std::string name;
  // The arguments as JSON text (an object, usually): the model's own bytes
  // where the provider sends text, as OpenAI does. Readers accept an object
  // or a JSON-encoded string; a string that is not JSON is kept as a JSON
  // string value.
  std::string arguments = "{}";
};

}  // namespace t2s

#endif  // T2S_BASE_TOOL_CALL_H_
