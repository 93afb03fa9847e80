#include "llm/provider.h"

#include <fmt/format.h>

#include "base/text.h"
#include "llm/wire_json.h"

namespace t2s {

std::unique_ptr<Provider> MakeProvider(std::string_view name) {
  if (name == "openai") return MakeOpenAIProvider();
  if (name == "anthropic") return MakeAnthropicProvider();
  return nullptr;
}

Result<std::vector<std::string>> ParseModelList(const HttpResponse& response) {
  Result<nlohmann::json> j = ParseWireObject(response.body);
  if (!j.ok()) return Status::InvalidArgument("answer is not a model list");
  const nlohmann::json& list = *j;
  auto data = list.find("data");
  if (data == list.end() || !data->is_array())
    return Status::InvalidArgument("answer is not a model list");
  std::vector<std::string> ids;
  for (const nlohmann::json& model : *data) {
    if (!model.is_object()) continue;
    std::string id = StringAt(model, "id");
    if (!id.empty()) ids.push_back(std::move(id));
  }
  return ids;
}

std::string SchemaInstruction(const OutputSchema& schema) {
  return fmt::format(
      "\n\nAnswer with one JSON object only, no prose and no code fence, matching this JSON Schema "
      "(named {}):\n{}",
      schema.name, schema.schema_json);
}

void TakeForcedToolAnswer(ChatResponse* answer) {
  if (answer->tool_calls.empty()) return;
  answer->content = std::move(answer->tool_calls.front().arguments);
  answer->tool_calls.clear();
}

void StripThink(std::string* content, std::string* reasoning) {
  while (true) {
    size_t open = content->find("<think>");
    size_t close = content->find("</think>");
    // A reply may start inside the block (the template opened it): no "<think>".
    if (close == std::string::npos) return;
    size_t begin = open != std::string::npos && open < close ? open : 0;
    size_t text_begin = open != std::string::npos && open < close ? open + 7 : 0;
    std::string_view thought =
        Trim(std::string_view(*content).substr(text_begin, close - text_begin));
    if (!thought.empty()) {
      if (!reasoning->empty()) *reasoning += "\n";
      *reasoning += thought;
    }
    content->erase(begin, close + 8 - begin);
    *content = std::string(Trim(*content));
  }
}

}  // namespace t2s
