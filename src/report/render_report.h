// The one entry point of the report module: render the report of any
// finished trace2skill folder from what it holds on disk.
#ifndef T2S_REPORT_RENDER_REPORT_H_
#define T2S_REPORT_RENDER_REPORT_H_

#include <filesystem>
#include <string_view>

#include "base/status.h"

namespace t2s {

enum class FolderKind { kNone, kEvolve, kRun, kEval, kLoop };

// What a folder is, by the document it holds: loop.json, eval.json,
// manifest.json (evolve) or results.json (run), in that order.
FolderKind DetectFolderKind(const std::filesystem::path& dir);
std::string_view FolderKindName(FolderKind kind);

// Writes DIR/report.html (and, for evolve and run folders,
// DIR/trajectories/<id>.html), replacing what was there. Errors (one
// line): "DIR: not a trace2skill run folder (no manifest.json,
// results.json, eval.json or loop.json)" (kNotFound), a document that does
// not parse (naming file, line and column), a failed write.
Status RenderReport(const std::filesystem::path& dir);

}  // namespace t2s

#endif  // T2S_REPORT_RENDER_REPORT_H_
