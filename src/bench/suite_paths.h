// The rules a suite's paths and task ids follow, shared by both layouts.
#ifndef T2S_BENCH_SUITE_PATHS_H_
#define T2S_BENCH_SUITE_PATHS_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"

namespace t2s {

// Checks that `path` is relative and stays inside the folder it is relative
// to (no ".." part, not absolute, not empty) and returns it in normal form
// ("a/./b" -> "a/b"). Errors are the reason alone, for the caller to place:
//   "../x.csv": a path must stay inside the suite folder
//   "/etc/passwd": a path must be relative to the suite folder
Result<std::string> SafeRelativePath(std::string_view path, std::string_view folder = "suite");

// Task ids name folders of a run: letters, digits, '_', '.', '-', at most
// 128 characters, not starting with '.' or '-'.
bool IsValidTaskId(std::string_view id);

}  // namespace t2s

#endif  // T2S_BENCH_SUITE_PATHS_H_
