#include "report/render_report.h"

#include <fmt/format.h>

#include "base/file_io.h"
#include "report/eval_page.h"
#include "report/evolve_report.h"
#include "report/loop_page.h"
#include "report/report_time.h"
#include "report/run_page.h"

namespace t2s {

namespace fs = std::filesystem;

FolderKind DetectFolderKind(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_regular_file(dir / "loop.json", ec)) return FolderKind::kLoop;
  if (fs::is_regular_file(dir / "eval.json", ec)) return FolderKind::kEval;
  if (fs::is_regular_file(dir / "manifest.json", ec)) return FolderKind::kEvolve;
  if (fs::is_regular_file(dir / "results.json", ec)) return FolderKind::kRun;
  return FolderKind::kNone;
}

std::string_view FolderKindName(FolderKind kind) {
  switch (kind) {
    case FolderKind::kEvolve:
      return "evolve";
    case FolderKind::kRun:
      return "run";
    case FolderKind::kEval:
      return "eval";
    case FolderKind::kLoop:
      return "loop";
    case FolderKind::kNone:
      break;
  }
  return "none";
}

Status RenderReport(const fs::path& dir) {
  switch (DetectFolderKind(dir)) {
    case FolderKind::kEvolve:
      return RenderEvolveReport(dir);
    case FolderKind::kRun:
      return RenderRunReport(dir);
    case FolderKind::kEval: {
      T2S_ASSIGN_OR_RETURN(EvalDoc doc, LoadEvalDoc(dir / "eval.json"));
      return WriteFileAtomic(dir / "report.html", EvalReportHtml(doc, WrittenAt(dir / "eval.json")));
    }
    case FolderKind::kLoop:
      return RenderLoopReport(dir);
    case FolderKind::kNone:
      break;
  }
  return Status::NotFound(fmt::format(
      "{}: not a trace2skill run folder (no manifest.json, results.json, eval.json or loop.json)",
      dir.string()));
}

}  // namespace t2s
