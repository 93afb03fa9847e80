// How deeply a JSON text nests, found by a scan before parsing: nlohmann's
// dump() and our schema check recurse, so a hostile answer nested 300,000
// levels deep must be refused before it becomes a json value.
#ifndef T2S_LLM_JSON_DEPTH_H_
#define T2S_LLM_JSON_DEPTH_H_

#include <cstddef>
#include <string_view>

namespace t2s {

// Deeper answers and bodies are refused.
inline constexpr size_t kMaxJsonDepth = 256;

// The deepest nesting of objects and arrays in `text`, read as JSON from its
// first character: brackets inside strings do not count. Stops scanning once
// the depth passes `limit` (and returns limit + 1).
size_t JsonNestingDepth(std::string_view text, size_t limit = kMaxJsonDepth);

}  // namespace t2s

#endif  // T2S_LLM_JSON_DEPTH_H_
