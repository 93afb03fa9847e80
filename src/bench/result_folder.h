// Whether eval or loop may write into an --out folder: nothing already
// there may be lost to it.
#ifndef T2S_BENCH_RESULT_FOLDER_H_
#define T2S_BENCH_RESULT_FOLDER_H_

#include <filesystem>
#include <initializer_list>

#include "base/status.h"

namespace t2s {

// OK when `out` is missing, empty, or holds an earlier run of the same kind
// (one of `markers` is in it), or with `force`. Else, one line:
//   runs/r holds other files (results.json, ...) and no earlier eval; use another --out, or
//   --force to write into it
Status CheckResultFolder(const std::filesystem::path& out,
                         std::initializer_list<const char*> markers, const char* what, bool force);

}  // namespace t2s

#endif  // T2S_BENCH_RESULT_FOLDER_H_
