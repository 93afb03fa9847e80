// A file holding one JSON array, read one element at a time: memory holds
// the largest element, not the file (a tau-bench results list is hundreds
// of MB of runs).
#ifndef T2S_TRACE_JSON_ARRAY_STREAM_H_
#define T2S_TRACE_JSON_ARRAY_STREAM_H_

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "base/result.h"
#include "trace/json_input.h"

namespace t2s {

// Calls `fn(index, element)` for each element of the array in `path`, in
// order. Returns false, having called nothing, when the file's root value
// is not an array (read it as a JsonDocument instead). Errors, with the
// elements before the fault already passed to `fn`:
//   "<display>: cannot read: ..."
//   "<display>:3:17: invalid JSON: ..."  (as JsonDocument::Load says it)
Result<bool> ForEachArrayElement(const std::filesystem::path& path, const std::string& display,
                                 const std::function<void(size_t, JsonValue)>& fn);

}  // namespace t2s

#endif  // T2S_TRACE_JSON_ARRAY_STREAM_H_
