// Reading provider answers (wire JSON) without exceptions: a missing field
// or one of another type reads as empty or zero. Internal to src/llm.
#ifndef T2S_LLM_WIRE_JSON_H_
#define T2S_LLM_WIRE_JSON_H_

#include <fmt/format.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"
#include "llm/json_depth.h"

namespace t2s {

// A provider's 2xx body as a JSON object. Errors:
//   "answer is not a JSON object"
//   "answer is nested deeper than 256 levels"
inline Result<nlohmann::json> ParseWireObject(std::string_view body) {
  if (JsonNestingDepth(body) > kMaxJsonDepth)
    return Status::InvalidArgument(
        fmt::format("answer is nested deeper than {} levels", kMaxJsonDepth));
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return Status::InvalidArgument("answer is not a JSON object");
  return j;
}

inline int64_t IntAt(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

inline std::string StringAt(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace t2s

#endif  // T2S_LLM_WIRE_JSON_H_
